// kmconsole: the desktop console. With --sandbox-stdin it connects to a separately started
// kmconsole-sandbox whose start-up line arrives on standard input (scripts/run.sh --sandbox); the
// console itself contains no sandbox code.

#include "services/core/ServiceContext.h"
#include "services/http/HttpSession.h"
#include "services/profiles/ProfileStore.h"
#include "services/secrets/SecretStore.h"
#include "ui/connect/ApimConnection.h"
#include "services/core/EnglishPlurals.h"
#include "ui/common/PseudoTranslator.h"
#include "ui/mainwindow/MainWindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include <cstdio>
#include <memory>

using namespace km;

namespace {
// Fills a throw-away profile store and the keychain from the sandbox's start-up line.
bool prepareSandboxProfiles(ServiceContext *context, const QJsonObject &info, QString *error)
{
    const QUrl apimUrl(info.value(QLatin1String("apim")).toString());
    const QJsonObject account = info.value(QLatin1String("accounts")).toObject().value(QLatin1String("apim")).toObject();
    ApimProfile profile;
    profile.name = QStringLiteral("sandbox");
    profile.url = apimUrl;
    profile.username = account.value(QLatin1String("username")).toString();
    profile.pinnedCertificates.insert(HttpSession::hostPort(apimUrl),
                                      normalizeFingerprint(info.value(QLatin1String("apimFingerprint")).toString()));
    ProfileStore *profiles = context->profiles();
    profiles->upsertApim(profile);
    profiles->setActiveApimProfile(profile.name);
    const QJsonObject asgardeo = info.value(QLatin1String("accounts")).toObject().value(QLatin1String("asgardeo")).toObject();
    if (!asgardeo.isEmpty()) {
        AsgardeoProfile org;
        org.name = asgardeo.value(QLatin1String("org")).toString();
        org.organization = org.name;
        org.clientId = asgardeo.value(QLatin1String("clientId")).toString();
        org.baseUrl = QUrl(info.value(QLatin1String("asgardeo")).toString());
        profiles->upsertAsgardeo(org);
        profiles->noteSecretKey(SecretStore::asgardeoSecretKey(org.name));
    }
    const QJsonObject entra = info.value(QLatin1String("accounts")).toObject().value(QLatin1String("entra")).toObject();
    if (!entra.isEmpty()) {
        EntraProfile tenant;
        tenant.name = entra.value(QLatin1String("tenant")).toString();
        tenant.tenant = tenant.name;
        tenant.clientId = entra.value(QLatin1String("clientId")).toString();
        tenant.loginUrl = QUrl(info.value(QLatin1String("entra")).toString());
        tenant.graphUrl = QUrl(info.value(QLatin1String("graph")).toString());
        tenant.cloud = QStringLiteral("custom");
        profiles->upsertEntra(tenant);
        profiles->noteSecretKey(SecretStore::entraSecretKey(tenant.name));
    }
    // The Microsoft Entra External ID tenant, under its subdomain; its sign-in server stands in for
    // https://{subdomain}.ciamlogin.com, so the profile keeps it as a custom URL domain.
    const QJsonObject external = info.value(QLatin1String("accounts")).toObject().value(QLatin1String("entraExternal")).toObject();
    if (!external.isEmpty()) {
        EntraProfile customers;
        customers.name = external.value(QLatin1String("subdomain")).toString();
        customers.tenant = external.value(QLatin1String("tenant")).toString();
        customers.clientId = external.value(QLatin1String("clientId")).toString();
        customers.cloud = QStringLiteral("external");
        customers.externalSubdomain = customers.name;
        customers.loginUrl = QUrl(info.value(QLatin1String("entraExternal")).toString());
        customers.graphUrl = QUrl(info.value(QLatin1String("graphExternal")).toString());
        profiles->upsertEntra(customers);
        profiles->noteSecretKey(SecretStore::entraSecretKey(customers.name));
    }
    ApiError saveError;
    if (!profiles->save(&saveError)) {
        *error = saveError.toUserText();
        return false;
    }
    return true;
}

// Reads the one JSON line kmconsole-sandbox prints at start-up (URLs, accounts, secrets, pins).
// Standard input is the only channel for it: a pipe from the launcher leaves the secrets neither in
// any process's command line (visible to every local user) nor in a file that could be left behind.
QJsonObject readSandboxInfo(QString *error)
{
    QFile in;
    if (!in.open(stdin, QIODevice::ReadOnly)) {
        *error = in.errorString();
        return {};
    }
    const QByteArray line = in.readLine(1 << 20);
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(line, &parseError);
    if (!document.isObject() || !document.object().contains(QLatin1String("apim"))) {
        *error = QStringLiteral("standard input holds no kmconsole-sandbox start-up line (%1); start the console "
                                "with scripts/run.sh --sandbox")
                     .arg(line.isEmpty() ? QStringLiteral("it is empty") : parseError.errorString());
        return {};
    }
    return document.object();
}
} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("kmconsole"));
    QApplication::setApplicationDisplayName(QStringLiteral("kmconsole"));
    QApplication::setApplicationVersion(QStringLiteral(KM_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("kmconsole"));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Admin console for WSO2 API Manager: sets up Asgardeo and Microsoft Entra ID as key managers."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption sandboxOption(
        QStringLiteral("sandbox-stdin"),
        QStringLiteral("Read the start-up line of a running kmconsole-sandbox from standard input and connect to it, "
                       "with throw-away profiles and its secrets under the keychain service kmconsole-sandbox. "
                       "scripts/run.sh --sandbox starts both."));
    parser.addOption(sandboxOption);
    const QCommandLineOption pseudoOption(
        QStringLiteral("pseudo-locale"),
        QStringLiteral("Show every translatable text bracketed and 40 % longer, to find texts that are not translatable "
                       "and labels too narrow for longer languages."));
    parser.addOption(pseudoOption);
    parser.process(app);
    EnglishPlurals plurals; // "1 key manager", "2 key managers"
    QCoreApplication::installTranslator(&plurals);
    PseudoTranslator pseudo;
    if (parser.isSet(pseudoOption))
        QCoreApplication::installTranslator(&pseudo);

    std::unique_ptr<QTemporaryDir> sandboxConfig;
    QJsonObject sandboxInfo;
    const bool sandbox = parser.isSet(sandboxOption);
    if (sandbox) {
        QString error;
        sandboxInfo = readSandboxInfo(&error);
        if (sandboxInfo.isEmpty()) {
            std::fprintf(stderr, "kmconsole: %s\n", qPrintable(error));
            return 2;
        }
        sandboxConfig = std::make_unique<QTemporaryDir>();
        if (!sandboxConfig->isValid()) {
            std::fprintf(stderr, "kmconsole: cannot create a temporary configuration directory: %s\n",
                         qPrintable(sandboxConfig->errorString()));
            return 1;
        }
        // Profiles and window settings of this run go to the temporary directory, never the user's own.
        qputenv("KMCONSOLE_CONFIG_DIR", QFile::encodeName(sandboxConfig->path()));
    }

    // The sandbox's throw-away secrets go under a keychain service of their own, never mixed with real ones.
    ServiceContext context(QString(), sandbox ? QStringLiteral("kmconsole-sandbox") : QStringLiteral("kmconsole"));
    ApiError loadError;
    const bool profilesLoaded = context.profiles()->load(&loadError);
    MainWindow window(&context);
    window.show();

    if (sandbox) {
        const QJsonObject &info = sandboxInfo;
        QString error;
        if (!prepareSandboxProfiles(&context, info, &error)) {
            std::fprintf(stderr, "kmconsole: cannot write the sandbox profiles: %s\n", qPrintable(error));
            return 1;
        }
        const QString password = info.value(QLatin1String("accounts")).toObject().value(QLatin1String("apim"))
                                     .toObject().value(QLatin1String("password")).toString();
        const QJsonObject asgardeo = info.value(QLatin1String("accounts")).toObject().value(QLatin1String("asgardeo")).toObject();
        if (!asgardeo.isEmpty())
            context.secrets()->write(SecretStore::asgardeoSecretKey(asgardeo.value(QLatin1String("org")).toString()),
                                     asgardeo.value(QLatin1String("clientSecret")).toString());
        const QJsonObject entra = info.value(QLatin1String("accounts")).toObject().value(QLatin1String("entra")).toObject();
        if (!entra.isEmpty())
            context.secrets()->write(SecretStore::entraSecretKey(entra.value(QLatin1String("tenant")).toString()),
                                     entra.value(QLatin1String("clientSecret")).toString());
        const QJsonObject external = info.value(QLatin1String("accounts")).toObject().value(QLatin1String("entraExternal")).toObject();
        if (!external.isEmpty())
            context.secrets()->write(SecretStore::entraSecretKey(external.value(QLatin1String("subdomain")).toString()),
                                     external.value(QLatin1String("clientSecret")).toString());
        Job *write = context.secrets()->write(QStringLiteral("apim/sandbox/password"), password);
        write->onFinished(&window, [&window](Job *) {
            // A keychain failure is reported by the store and the connection keeps the secret for
            // this session, so connect either way.
            window.connection()->connectActiveProfile();
        });
    } else if (!profilesLoaded) {
        window.connection()->reportProfileProblem(loadError);
    } else {
        window.connection()->connectActiveProfile();
    }
    return app.exec();
}
