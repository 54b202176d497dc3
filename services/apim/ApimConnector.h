#pragma once
// Turns a saved API Manager profile into a ready ApimClient (profile, pinned certificates and keychain
// secrets), and saves profiles with their secrets. Used by both the GUI and the CLI.

#include "services/apim/ApimClient.h"
#include "services/core/Job.h"
#include "services/profiles/Profiles.h"

#include <QCoreApplication>
#include <QPointer>

namespace km {


class ServiceContext;

class ApimConnectJob : public FunctionJob
{
    Q_OBJECT
public:
    using FunctionJob::FunctionJob;
    ApimClient *client() const { return m_client; }
    void setClient(ApimClient *client) { m_client = client; }

private:
    QPointer<ApimClient> m_client;
};

class ApimConnector
{
    Q_DECLARE_TR_FUNCTIONS(km::ApimConnector)
public:
    // Result of the job: the profile JSON; client() is parented to `clientParent` (or the context).
    static ApimConnectJob *open(ServiceContext *context, const QString &profileName, QObject *clientParent = nullptr);
    // Creates the client for a profile whose secrets are at hand (the connect dialog before saving).
    static ApimClient *clientFor(ServiceContext *context, const ApimProfile &profile, const QString &password,
                                 const QString &dcrClientSecret, QObject *parent);
    // Stores the password in the keychain and the profile (without it) in the profile file.
    static Job *saveProfile(ServiceContext *context, const ApimProfile &profile, const QString &password);
};

} // namespace km
