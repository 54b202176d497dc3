#pragma once
// The Developer Portal at a glance: its applications with their keys, and the key managers those keys
// belong to (with the token version each Entra key manager expects). One use case for the Applications
// page and `kmconsole-cli applications list`.

#include <QCoreApplication>
#include <QJsonObject>

class QObject;

namespace km {

class ApimClient;
class DevPortalClient;
class Job;

class DevPortalOverview
{
    Q_DECLARE_TR_FUNCTIONS(km::DevPortalOverview)
public:
    static constexpr int PageSize = 100;

    // Result: {"keyManagers": [{id, name, type, enabled, tokenVersion}], "applications": [DevPortal application
    // with "keys": [...]], "keyManagerError": text when the key managers could not be read (not fatal)}.
    // Fails when the applications or their keys cannot be read; cancelled when a client goes away.
    static Job *load(ApimClient *apim, DevPortalClient *portal, QObject *parent);

    // The access-token version (1 or 2) an AzureAD key manager asks Entra for: its connector setting, else
    // what its issuer says, else 1.
    static int entraTokenVersion(const QJsonObject &keyManager);
};

} // namespace km
