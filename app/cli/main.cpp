// kmconsole-cli: the console's work in scripts, with no display.

#include "services/core/EnglishPlurals.h"
#include "Cli.h"

#include <QGuiApplication>

#include <memory>

using namespace km::cli;

int main(int argc, char **argv)
{
    // The CLI never shows a window, but the PDF report lays text out with QtGui: for that command alone a
    // QGuiApplication on the offscreen platform, which works with or without a display. Every other command
    // stays a QCoreApplication, which needs no platform and prints nothing about one.
    std::unique_ptr<QCoreApplication> application;
    QStringList arguments;
    for (int i = 1; i < argc; ++i)
        arguments << QString::fromLocal8Bit(argv[i]);
    if (wantsPdf(arguments)) {
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
    CliContext ctx;
    start(ctx, app.arguments().mid(1));
    return app.exec();
}
