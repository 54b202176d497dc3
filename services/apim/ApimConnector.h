#pragma once
// Makes an ApimClient from a profile and its secrets (pinned certificates applied, a new REST client
// registration kept in the profile and the keychain), and saves profiles with their password. Used by
// both the GUI and the CLI.

#include "services/apim/ApimClient.h"
#include "services/core/Job.h"
#include "services/profiles/Profiles.h"


namespace km {

class ServiceContext;

class ApimConnector
{
public:
    // Creates the client for a profile whose secrets are at hand: the connect dialog before saving, and
    // Connections for a saved profile (ServiceContext::connections()->openApim(name) is how to get one).
    static ApimClient *clientFor(ServiceContext *context, const ApimProfile &profile, const QString &password,
                                 const QString &dcrClientSecret, QObject *parent);
    // Stores the password in the keychain and the profile (without it) in the profile file.
    static Job *saveProfile(ServiceContext *context, const ApimProfile &profile, const QString &password);
};

} // namespace km
