// kmconsole-cli: the console's work in scripts, with no display.

#include "services/core/EnglishPlurals.h"
#include "CliContext.h"
#include "DoctorCommands.h"
#include "EntraCommands.h"
#include "TokenCommands.h"

#include <QGuiApplication>

#include <memory>

#include <cstdio>

using namespace km::cli;

namespace {

QList<CommandEntry> allCommands()
{
    return profileCommands() + keyManagerCommands() + planCommands() + keyManagerFormCommands() + applicationCommands() + asgardeoCommands() + entraCommands() + tokenCommands() + doctorCommands();
}

QString helpText()
{
    QString text = QStringLiteral("Usage: kmconsole-cli COMMAND [OPTIONS]\n\n"
                                  "Sets up Asgardeo and Microsoft Entra ID as key managers of WSO2 API Manager.\n"
                                  "Exit status: 0 success, 1 remote or validation failure, 2 bad usage.\n\nCommands:\n");
    for (const CommandEntry &c : allCommands())
        text += QStringLiteral("  kmconsole-cli ") + c.synopsis + QLatin1Char('\n');
    text += QStringLiteral("\nOptions:\n  --help     this text\n  --version  the version\n\n"
                           "Every command takes --help for its own options, e.g. kmconsole-cli token inspect --help.\n");
    return text;
}

// Whether the arguments ask for a PDF (--format pdf or --format=pdf).
bool wantsPdf(int argc, char **argv)
{
    for (int i = 1; i < argc; ++i) {
        const QByteArray arg(argv[i]);
        if (arg == "--format=pdf" || (arg == "--format" && i + 1 < argc && QByteArray(argv[i + 1]) == "pdf"))
            return true;
    }
    return false;
}

} // namespace

int main(int argc, char **argv)
{
    // The CLI never shows a window, but the PDF report lays text out with QtGui: for that command alone a
    // QGuiApplication on the offscreen platform, which works with or without a display. Every other command
    // stays a QCoreApplication, which needs no platform and prints nothing about one.
    std::unique_ptr<QCoreApplication> application;
    if (wantsPdf(argc, argv)) {
        qputenv("QT_QPA_PLATFORM", "offscreen");
        application = std::make_unique<QGuiApplication>(argc, argv);
    } else {
        application = std::make_unique<QCoreApplication>(argc, argv);
    }
    QCoreApplication &app = *application;
    QCoreApplication::setApplicationName(QStringLiteral("kmconsole"));
    QCoreApplication::setOrganizationName(QStringLiteral("kmconsole"));
    QCoreApplication::setApplicationVersion(QStringLiteral(KM_VERSION));
    km::EnglishPlurals plurals; // "1 key manager", "2 key managers"
    QCoreApplication::installTranslator(&plurals);
    const QStringList args = app.arguments().mid(1);
    if (args.isEmpty() || args.first() == QLatin1String("--help") || args.first() == QLatin1String("-h")) {
        const QByteArray text = helpText().toUtf8();
        std::fwrite(text.constData(), 1, size_t(text.size()), args.isEmpty() ? stderr : stdout);
        return args.isEmpty() ? Usage : Success;
    }
    if (args.first() == QLatin1String("--version")) {
        std::printf("kmconsole-cli %s\n", KM_VERSION);
        return Success;
    }
    // The longest command whose words start the arguments.
    const QList<CommandEntry> commands = allCommands();
    const CommandEntry *match = nullptr;
    for (const CommandEntry &c : commands) {
        if (args.size() >= c.words.size() && args.mid(0, c.words.size()) == c.words
            && (!match || c.words.size() > match->words.size()))
            match = &c;
    }
    CliContext ctx;
    if (!match) {
        ctx.usage(QStringLiteral("unknown command “%1”").arg(args.join(QLatin1Char(' '))));
    } else {
        match->run(ctx, args.mid(match->words.size()));
    }
    return app.exec();
}
