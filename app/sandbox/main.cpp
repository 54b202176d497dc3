// kmconsole-sandbox: local stand-ins of API Manager, Asgardeo and Entra ID on loopback.

#include "sandbox/Sandbox.h"
#include "sandbox/apim/ApimStandIn.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSocketNotifier>

#include <csignal>
#include <cstdio>
#include <sys/socket.h>
#include <unistd.h>

namespace {
int s_signalPipe[2] = {-1, -1};

void onSignal(int)
{
    const char c = 1;
    [[maybe_unused]] const ssize_t n = ::write(s_signalPipe[1], &c, 1);
}
} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("kmconsole-sandbox"));
    QCoreApplication::setApplicationVersion(QStringLiteral(KM_VERSION));
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Local stand-ins of WSO2 API Manager, Asgardeo and Microsoft Entra ID/Graph on loopback, for trying kmconsole "
        "without accounts and for its tests. Prints one JSON line with the URLs and accounts, then serves until SIGTERM."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption apimVersion(QStringLiteral("apim-version"),
                                         QStringLiteral("Answer as this API Manager release (default 4.6.0); before 4.6 there are no MCP servers."),
                                         QStringLiteral("VERSION"), QStringLiteral("4.6.0"));
    parser.addOption(apimVersion);
    parser.process(app);
    static const QRegularExpression versionForm(QStringLiteral("^(\\d+)\\.(\\d+)(?:\\.(\\d+))?$"));
    const QRegularExpressionMatch version = versionForm.match(parser.value(apimVersion));
    if (!version.hasMatch()) {
        std::fprintf(stderr, "kmconsole-sandbox: --apim-version takes a release such as 4.2.0 or 4.6.0\n");
        return 2;
    }

    // Signals arrive on a socket pair so the event loop handles them like any other input.
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, s_signalPipe) != 0) {
        std::fprintf(stderr, "kmconsole-sandbox: cannot create the signal socket pair\n");
        return 1;
    }
    QSocketNotifier notifier(s_signalPipe[0], QSocketNotifier::Read);
    QObject::connect(&notifier, &QSocketNotifier::activated, &app, [] {
        char c;
        [[maybe_unused]] const ssize_t n = ::read(s_signalPipe[0], &c, 1);
        QCoreApplication::quit();
    });
    struct sigaction action = {};
    action.sa_handler = onSignal;
    sigemptyset(&action.sa_mask);
    sigaction(SIGTERM, &action, nullptr);
    sigaction(SIGINT, &action, nullptr);

    km::sandbox::Sandbox sandbox;
    sandbox.apim()->setVersion(version.captured(1).toInt(), version.captured(2).toInt(), version.captured(3).toInt());
    QString error;
    if (!sandbox.start(&error)) {
        std::fprintf(stderr, "kmconsole-sandbox: %s\n", qPrintable(error));
        return 1;
    }
    const QByteArray line = QJsonDocument(sandbox.startupInfo()).toJson(QJsonDocument::Compact);
    std::fwrite(line.constData(), 1, size_t(line.size()), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
    return app.exec();
}
