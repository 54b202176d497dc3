#pragma once
// A Developer Portal application and the OAuth keys it holds, as the console reasons about them: read once
// from the DevPortal v3 JSON (Application / ApplicationInfo, ApplicationKey — see docs/fidelity.md), so that the
// wire names live here only. DevPortalOverview attaches each application's keys to it as "keys".

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace km {

struct DevPortalKey
{
    QString keyMappingId;
    QString keyManager;  // the key manager's name
    QString keyType;     // PRODUCTION or SANDBOX
    QString consumerKey; // the client ID at the key manager
    QString mode;        // CREATED (Generate Keys) or MAPPED (provided by an administrator)
    QString keyState;    // COMPLETED, APPROVED, CREATED (awaiting approval), …

    bool isProduction() const { return keyType == QLatin1String("PRODUCTION"); }
    bool isMapped() const { return mode == QLatin1String("MAPPED"); }
    // A key a token can be issued for: it has a consumer key, and no approval is pending.
    bool isUsable() const;

    // One ApplicationKey (a list's entry, or what mapping keys answers).
    static DevPortalKey fromJson(const QJsonObject &json);
};

struct DevPortalApplication
{
    QString applicationId;
    QString name;
    QString owner;
    QList<DevPortalKey> keys;

    // The applications of a DevPortal list (or DevPortalOverview), each with its "keys".
    static QList<DevPortalApplication> listFromJson(const QJsonArray &applications);
};

} // namespace km
