// kmconsole: the desktop console. With --sandbox it runs against the embedded stand-in servers
// with profiles and secrets already in place, so the console can be tried with no accounts.

#include "sandbox/Sandbox.h"
#include "services/core/ServiceContext.h"
#include "services/http/HttpSession.h"
#include "services/profiles/ProfileStore.h"
#include "services/secrets/SecretStore.h"
#include "ui/connect/ApimConnection.h"
#include "ui/mainwindow/MainWindow.h"

#include <QApplication>
#include <QCommandLineParser>
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
    ApiError saveError;
    if (!profiles->save(&saveError)) {
        *error = saveError.toUserText();
        return false;
    }
    return true;
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
        QStringLiteral("sandbox"),
        QStringLiteral("Start local stand-ins of API Manager, Asgardeo and Entra ID and connect to them, with "
                       "throw-away profiles: try the console with no accounts anywhere."));
    parser.addOption(sandboxOption);
    parser.process(app);

    std::unique_ptr<QTemporaryDir> sandboxConfig;
    std::unique_ptr<sandbox::Sandbox> sandbox;
    if (parser.isSet(sandboxOption)) {
        sandboxConfig = std::make_unique<QTemporaryDir>();
        if (!sandboxConfig->isValid()) {
            std::fprintf(stderr, "kmconsole: cannot create a temporary configuration directory: %s\n",
                         qPrintable(sandboxConfig->errorString()));
            return 1;
        }
        // Profiles and window settings of this run go to the temporary directory, never the user's own.
        qputenv("KMCONSOLE_CONFIG_DIR", QFile::encodeName(sandboxConfig->path()));
        sandbox = std::make_unique<sandbox::Sandbox>();
        QString error;
        if (!sandbox->start(&error)) {
            std::fprintf(stderr, "kmconsole: the sandbox did not start: %s\n", qPrintable(error));
            return 1;
        }
    }

    // The sandbox's throw-away secrets go under a keychain service of their own, never mixed with real ones.
    ServiceContext context(QString(), sandbox ? QStringLiteral("kmconsole-sandbox") : QStringLiteral("kmconsole"));
    ApiError loadError;
    const bool profilesLoaded = context.profiles()->load(&loadError);
    MainWindow window(&context);
    window.show();

    if (sandbox) {
        const QJsonObject info = sandbox->startupInfo();
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
