#pragma once
// The Developer Portal at a glance: its applications with their keys, and the key managers those keys
// belong to (with the token version each Entra key manager expects). One use case for the Applications
// page and `kmconsole-cli applications list`.

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>

class QObject;

namespace km {

class ApimClient;
class DevPortalClient;
class Job;

// A key manager as the Developer Portal's keys are shown with it. `tokenVersion`: for AzureAD, the access-token
// version (1 or 2) it expects of Entra; 0 for any other type.
struct PortalKeyManager
{
    QString id;
    QString name;
    QString type;
    bool enabled = true;
    int tokenVersion = 0;

    bool isEntra() const { return type == QLatin1String("AzureAD"); }
    // "Entra (AzureAD, v2 tokens)"; "Resident Key Manager (default)" for a key manager without a version.
    QString label() const;
    // "Entra (expects v2 tokens)": an AzureAD key manager where one is picked to check a token or an application.
    QString expectationLabel() const;
    QJsonObject toJson() const;
    static PortalKeyManager fromJson(const QJsonObject &json);
    // The AzureAD ones of `keyManagers`, in their order.
    static QList<PortalKeyManager> entraOnly(const QList<PortalKeyManager> &keyManagers);
};

// What DevPortalOverview::load answers, read back from its result.
struct DevPortalOverviewResult
{
    QList<PortalKeyManager> keyManagers;
    QJsonArray applications;  // DevPortal applications, each with "keys" (DevPortalApplication::listFromJson reads them)
    QString keyManagerError;  // why the key managers could not be read (not fatal); empty when they were

    QJsonObject toJson() const;
    static DevPortalOverviewResult fromJson(const QJsonValue &json);
};

class DevPortalOverview
{
    Q_DECLARE_TR_FUNCTIONS(km::DevPortalOverview)
public:
    static constexpr int PageSize = 100;

    // Result: DevPortalOverviewResult::toJson() (`applications list --json` prints it). Fails when the
    // applications or their keys cannot be read; cancelled when a client goes away.
    static Job *load(ApimClient *apim, DevPortalClient *portal, QObject *parent);

    // The access-token version (1 or 2) an AzureAD key manager asks Entra for: its connector setting, else
    // what its issuer says, else 1.
    static int entraTokenVersion(const QJsonObject &keyManager);
};

} // namespace km
