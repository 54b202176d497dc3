// kmconsole-screenshots: opens the console against the in-process sandbox (so it lives beside the tests,
// never in the installed console) and writes a PNG of every page, each setup wizard step, the Token
// Inspector with an Entra v1 and v2 token and a comparison, and the main error states, at the window
// sizes and palettes asked for. scripts/screenshots.sh runs it offscreen.

#include "services/core/EnglishPlurals.h"
#include "support/ConsoleScene.h"
#include "support/Widgets.h"

#include "sandbox/SandboxServer.h"
#include "sandbox/apim/ApimStandIn.h"
#include "sandbox/entra/EntraStandIn.h"
#include "services/apim/ApimClient.h"
#include "services/core/ServiceContext.h"
#include "services/profiles/ProfileStore.h"
#include "ui/connect/ApimConnection.h"
#include "ui/doctor/DoctorPage.h"
#include "ui/mainwindow/MainWindow.h"
#include "ui/setup/asgardeo/AsgardeoSetupWizard.h"
#include "ui/setup/entra/EntraSetupWizard.h"
#include "ui/tokens/TokenInspectorPage.h"

#include <QAbstractButton>
#include <QApplication>
#include <QComboBox>
#include <QCommandLineParser>
#include <QDir>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QStyleFactory>
#include <QTabWidget>
#include <QSignalSpy>
#include "services/http/HttpSession.h"

#include <QTest>
#include <QWizard>

#include <cstdio>

using namespace km;
using namespace km::test;

namespace {

// Waits for `ready`; a picture taken too early is still worth more than none, so only say so.
template <typename F>
void settle(F ready, int timeoutMs, const char *what)
{
    if (!QTest::qWaitFor(ready, timeoutMs))
        std::fprintf(stderr, "kmconsole-screenshots: gave up waiting for %s\n", what);
}

QPalette darkPalette()
{
    QPalette p;
    const QColor window(0x2b, 0x2b, 0x2b), base(0x1e, 0x1e, 0x1e), text(0xe8, 0xe8, 0xe8), disabled(0x80, 0x80, 0x80);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, QColor(0x26, 0x26, 0x26));
    p.setColor(QPalette::ToolTipBase, window);
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, disabled);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, QColor(0x35, 0x35, 0x35));
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, Qt::white);
    p.setColor(QPalette::Light, QColor(0x45, 0x45, 0x45));
    p.setColor(QPalette::Midlight, QColor(0x3a, 0x3a, 0x3a));
    p.setColor(QPalette::Mid, QColor(0x55, 0x55, 0x55));
    p.setColor(QPalette::Dark, QColor(0x18, 0x18, 0x18));
    p.setColor(QPalette::Shadow, Qt::black);
    p.setColor(QPalette::Highlight, QColor(0x35, 0x84, 0xe4));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, QColor(0x99, 0xc1, 0xf1));
    for (auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, role, disabled);
    return p;
}

class Shooter
{
public:
    Shooter(const QString &dir, const QString &suffix) : m_dir(dir), m_suffix(suffix) {}
    bool shoot(QWidget *w, const QString &name)
    {
        // Layouts and the paint they ask for, then the picture: nothing waits on a clock.
        QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
        QCoreApplication::processEvents();
        QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
        const QString path = m_dir + QLatin1Char('/') + name + QLatin1Char('-') + m_suffix + QStringLiteral(".png");
        const bool ok = w->grab().save(path);
        std::fprintf(ok ? stdout : stderr, "%s %s\n", ok ? "wrote" : "could not write", qPrintable(path));
        ++m_count;
        return ok;
    }
    int count() const { return m_count; }

private:
    QString m_dir;
    QString m_suffix;
    int m_count = 0;
};

void fillIfEmpty(QWidget *page, const char *name, const QString &text)
{
    auto *edit = page->findChild<QLineEdit *>(QString::fromLatin1(name));
    if (edit && edit->isVisible() && edit->text().isEmpty()) {
        edit->setFocus();
        QTest::keyClicks(edit, text);
    }
}

// Walks a setup wizard up to its Review page, filling what the sandbox needs and pressing Verify where
// there is one, and shoots every step. Nothing is applied.
void walkWizard(QWizard *wizard, ConsoleScene &scene, Shooter &shooter, const QString &name, int reviewId)
{
    const QJsonObject info = scene.sandbox().info();
    const QJsonObject accounts = info.value(QLatin1String("accounts")).toObject();
    const QJsonObject asgardeo = accounts.value(QLatin1String("asgardeo")).toObject();
    const auto entra = scene.sandbox().sandbox()->entra()->managementClient();
    for (int step = 0; step < 10; ++step) {
        QWidget *page = wizard->currentPage();
        if (auto *cloud = page->findChild<QComboBox *>(QStringLiteral("entraCloud")); cloud && cloud->isVisible())
            cloud->setCurrentIndex(cloud->findData(QStringLiteral("custom")));
        fillIfEmpty(page, "entraLoginUrl", info.value(QLatin1String("entra")).toString());
        fillIfEmpty(page, "entraGraphUrl", info.value(QLatin1String("graph")).toString());
        fillIfEmpty(page, "entraTenant", scene.sandbox().sandbox()->entra()->tenantId());
        fillIfEmpty(page, "entraClientId", entra.clientId);
        fillIfEmpty(page, "entraClientSecret", entra.secret);
        fillIfEmpty(page, "asgOrganization", asgardeo.value(QLatin1String("org")).toString());
        fillIfEmpty(page, "asgClientId", asgardeo.value(QLatin1String("clientId")).toString());
        fillIfEmpty(page, "asgClientSecret", asgardeo.value(QLatin1String("clientSecret")).toString());
        fillIfEmpty(page, "asgBaseUrl", info.value(QLatin1String("asgardeo")).toString());
        for (const char *verify : {"entraVerify", "asgVerify"}) {
            auto *button = page->findChild<QPushButton *>(QString::fromLatin1(verify));
            if (button && button->isVisible() && button->isEnabled()) {
                QTest::mouseClick(button, Qt::LeftButton);
                settle([button] { return button->isEnabled(); }, 10000, "a verification");
            }
        }
        // Pages that import or list something finish on their own.
        const QByteArray waitingFor = QStringLiteral("the %1 wizard's step %2 (“%3”) to complete")
                                          .arg(name).arg(step + 1).arg(wizard->currentPage()->title()).toUtf8();
        // The Review page stays incomplete while it asks to confirm an update of an existing key manager: that
        // question is what the picture shows.
        if (wizard->currentId() < reviewId)
            settle([wizard] { return wizard->currentPage()->isComplete(); }, 10000, waitingFor.constData());
        settle([&scene] { return scene.context()->http()->runningCount() == 0; }, 10000, "the page's requests");
        shooter.shoot(wizard, QStringLiteral("wizard-%1-step%2").arg(name).arg(step + 1));
        if (wizard->currentId() >= reviewId)
            return;
        const int before = wizard->currentId();
        QAbstractButton *next = wizard->button(QWizard::NextButton);
        if (!next->isEnabled() || !next->isVisible()) {
            std::fprintf(stderr, "%s wizard: Next is disabled on step %d\n", qPrintable(name), step + 1);
            return;
        }
        QTest::mouseClick(next, Qt::LeftButton);
        if (!QTest::qWaitFor([wizard, before] { return wizard->currentId() != before; }, 10000))
            return;
    }
}

void inspect(TokenInspectorPage *page, const QString &token, const QString &keyManager, const QString &compareWith = QString())
{
    page->setCompareWith(compareWith);
    QSignalSpy inspected(page, &TokenInspectorPage::inspected);
    QSignalSpy compared(page, &TokenInspectorPage::compared);
    QSignalSpy &done = compareWith.isEmpty() ? inspected : compared;
    page->inspectToken(token, keyManager);
    settle([&done] { return !done.isEmpty(); }, 15000, "an inspection");
}

// A visible "Fetching …" line (the Key Managers page's detail pane while a row's configuration comes).
bool fetchingDetails(QWidget *root)
{
    const QList<QLabel *> labels = root->findChildren<QLabel *>();
    return std::any_of(labels.cbegin(), labels.cend(), [root](const QLabel *l) {
        return l->isVisibleTo(root) && l->text().contains(QLatin1String("Fetching ")) && l->text().endsWith(QChar(0x2026));
    });
}

} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("kmconsole"));
    QApplication::setApplicationDisplayName(QStringLiteral("kmconsole"));
    QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    km::EnglishPlurals plurals; // as the console: "1 check", "2 checks"
    QCoreApplication::installTranslator(&plurals);

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Writes screenshots of the console against the sandbox."));
    parser.addHelpOption();
    const QCommandLineOption outOption(QStringLiteral("out"), QStringLiteral("Directory for the PNGs."), QStringLiteral("dir"), QStringLiteral("screenshots"));
    const QCommandLineOption sizesOption(QStringLiteral("sizes"), QStringLiteral("Window sizes, e.g. 1280x800,1024x700."), QStringLiteral("list"),
                                         QStringLiteral("1280x800,1024x700"));
    const QCommandLineOption palettesOption(QStringLiteral("palettes"), QStringLiteral("light, dark or both."), QStringLiteral("list"),
                                            QStringLiteral("light,dark"));
    parser.addOptions({outOption, sizesOption, palettesOption});
    parser.process(app);
    const QString out = parser.value(outOption);
    if (!QDir().mkpath(out)) {
        std::fprintf(stderr, "kmconsole-screenshots: cannot create %s\n", qPrintable(out));
        return 1;
    }

    ConsoleScene scene;
    QString error;
    if (!scene.start(&error)) {
        std::fprintf(stderr, "kmconsole-screenshots: %s\n", qPrintable(error));
        return 1;
    }
    MainWindow *window = scene.window();
    auto *navigation = window->findChild<QListWidget *>(QStringLiteral("navigation"));
    const QString v1 = scene.entraToken(1);
    const QString v2 = scene.entraToken(2);
    if (v1.isEmpty() || v2.isEmpty()) {
        std::fprintf(stderr, "kmconsole-screenshots: the sandbox issued no Entra tokens\n");
        return 1;
    }
    const QPalette light = QApplication::style()->standardPalette();
    int written = 0;
    for (const QString &paletteName : parser.value(palettesOption).split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        QApplication::setPalette(paletteName == QLatin1String("dark") ? darkPalette() : light);
        for (const QString &sizeText : parser.value(sizesOption).split(QLatin1Char(','), Qt::SkipEmptyParts)) {
            const QSize size(sizeText.section(QLatin1Char('x'), 0, 0).toInt(), sizeText.section(QLatin1Char('x'), 1, 1).toInt());
            Shooter shooter(out, QStringLiteral("%1-%2").arg(sizeText, paletteName));
            window->resize(size);
            window->connection()->connectToProfile(ConsoleScene::apimProfileName());
            settle([window] { return window->connection()->state() == ApimConnection::State::Connected; }, 20000, "the connection");

            // Every page, with what the sandbox holds.
            for (int i = 0; i < navigation->count(); ++i) {
                navigation->setCurrentRow(i);
                window->refreshCurrentPage();
                // The list, then each row's details ("Fetching the full configuration…" while they come).
                settle([window] { return !stillLoading(window) && !fetchingDetails(window); }, 15000, "the page to fill");
                shooter.shoot(window, QStringLiteral("page-%1").arg(window->currentPageId()));
            }

            // The Token Inspector: an Entra v1 and a v2 token against their own key managers, the token
            // tab, and a v1 token against the v2 key manager compared with the v1 one.
            window->showPage(MainWindow::TokenInspectorPageId);
            TokenInspectorPage *inspector = window->tokenInspectorPage();
            auto *tabs = inspector->findChild<QTabWidget *>();
            inspect(inspector, v1, QStringLiteral("AzureAD-v1"));
            shooter.shoot(window, QStringLiteral("token-v1-accepted"));
            tabs->setCurrentIndex(1);
            shooter.shoot(window, QStringLiteral("token-v1-decoded"));
            inspect(inspector, v2, QStringLiteral("AzureAD-v2"));
            shooter.shoot(window, QStringLiteral("token-v2-accepted"));
            tabs->setCurrentIndex(2);
            shooter.shoot(window, QStringLiteral("token-v2-claims"));
            inspect(inspector, v1, QStringLiteral("AzureAD-v2"), QStringLiteral("AzureAD-v1"));
            shooter.shoot(window, QStringLiteral("token-v1-compared"));
            tabs->setCurrentIndex(0);
            shooter.shoot(window, QStringLiteral("error-token-rejected"));
            inspector->setCompareWith(QString());
            inspector->clearToken();

            // The Doctor over every key manager the sandbox holds, once its checks are all in.
            if (auto *doctor = window->findChild<DoctorPage *>()) {
                // The run the page's refresh started above may still be going: its stop must not count as the end.
                doctor->stop();
                QSignalSpy checked(doctor, &DoctorPage::finished);
                window->showDoctorFor(QString());
                settle([&checked] { return !checked.isEmpty(); }, 60000, "the Doctor's checks");
                shooter.shoot(window, QStringLiteral("doctor-all-key-managers"));
            }

            // The setup wizards, step by step up to the review; nothing is applied.
            for (int which = 0; which < 2; ++which) {
                if (which == 0)
                    window->openAsgardeoWizard();
                else
                    window->openEntraWizard();
                QWizard *wizard = which == 0 ? static_cast<QWizard *>(window->asgardeoWizard()) : static_cast<QWizard *>(window->entraWizard());
                if (!wizard) {
                    std::fprintf(stderr, "kmconsole-screenshots: the %s wizard did not open\n", which == 0 ? "Asgardeo" : "Entra");
                    continue;
                }
                wizard->resize(wizard->sizeHint().boundedTo(size));
                settle([wizard] { return wizard->isVisible(); }, 5000, "the wizard");
                walkWizard(wizard, scene, shooter, which == 0 ? QStringLiteral("asgardeo") : QStringLiteral("entra"),
                           which == 0 ? int(AsgardeoSetupWizard::ReviewId) : int(EntraSetupWizard::ReviewId));
                wizard->close();
                wizard->deleteLater();
                QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
            }

            // Error states: API Manager failing the key manager list, and a server that does not answer.
            window->showPage(MainWindow::KeyManagersPageId);
            sandbox::SandboxServer::Fault fault;
            fault.method = "GET";
            fault.path = QRegularExpression(QStringLiteral("/key-managers$"));
            fault.status = 500;
            fault.body = R"({"code":500,"message":"Internal server error","description":"The server encountered an internal error."})";
            fault.times = -1;
            scene.sandbox().sandbox()->apim()->server()->addFault(fault);
            window->refreshCurrentPage();
            // The refresh and its retries of the 500 have ended: the page shows the error.
            settle([&scene] { return scene.context()->http()->runningCount() == 0; }, 15000, "the refresh to fail");
            shooter.shoot(window, QStringLiteral("error-key-managers-500"));
            scene.sandbox().sandbox()->apim()->server()->clearFaults();

            ApimProfile gone;
            gone.name = QStringLiteral("unreachable");
            gone.url = QUrl(QStringLiteral("https://127.0.0.1:9"));
            gone.username = QStringLiteral("admin");
            scene.context()->profiles()->upsertApim(gone);
            window->connection()->connectToProfile(gone.name);
            settle([window] { return window->connection()->state() == ApimConnection::State::Failed; }, 20000, "the connection to fail");
            settle([&scene] { return scene.context()->http()->runningCount() == 0; }, 10000, "the failed connection's requests");
            shooter.shoot(window, QStringLiteral("error-connection-failed"));
            window->connection()->disconnectFromServer();
            settle([window] { return window->connection()->state() == ApimConnection::State::NoProfile; }, 5000, "the disconnection");
            shooter.shoot(window, QStringLiteral("error-not-connected"));
            written += shooter.count();
        }
    }
    std::fprintf(stdout, "%d screenshots in %s\n", written, qPrintable(out));
    return 0;
}
