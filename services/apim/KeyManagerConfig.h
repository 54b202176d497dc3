#pragma once
// A key manager's configuration in the shape API Manager 4.x really stores and returns it (Admin v4
// KeyManager): flat endpoint fields, the connector's additionalProperties, secrets masked as "*****" on
// GET, and the keys the server adds by itself. The wire names of that API live in this file only; the
// setups, the import and the review build their payloads and decide "same / differs / secret changed" here.

#include "services/core/ApiError.h"
#include "services/setup/JsonDiff.h"

#include <QCoreApplication>
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QMap>
#include <QString>
#include <QStringList>

namespace km {

struct KeyManagerConfig
{
    Q_DECLARE_TR_FUNCTIONS(km::KeyManagerConfig)
public:
    // What API Manager returns instead of a masked connector value; sent back on PUT it keeps the stored one.
    static constexpr QLatin1StringView Masked{"*****"};

    QString id;
    QString name;
    QString displayName;
    QString type;
    QString description;
    QString wellKnownEndpoint;
    QString issuer;
    QString alias;
    QString tokenType;                 // DIRECT, EXCHANGED, BOTH (older servers: ORIGINAL)
    QString consumerKeyClaim;
    QString scopesClaim;
    QString certificateType;           // JWKS or PEM
    QString certificateValue;
    QStringList grantTypes;
    // Endpoints by API Manager's storage name: token_endpoint, revoke_endpoint, introspection_endpoint,
    // client_registration_endpoint, authorize_endpoint, userinfo_endpoint, scope_management_endpoint,
    // display_token_endpoint, display_revoke_endpoint.
    QMap<QString, QString> endpoints;
    // Booleans by wire name (enabled, enableTokenGeneration, …); absent = not said.
    QMap<QString, bool> flags;
    QJsonObject permissions;
    QJsonArray claimMapping;
    QJsonArray tokenValidation;
    // The connector's own configuration (org_name, azure_ad_client_secret, …), without the keys the
    // server adds to additionalProperties (self_validate_jwt, …).
    QJsonObject connector;
    // Top-level keys this type does not model (a newer server's), kept for a faithful round trip.
    QJsonObject unknown;

    // Parses a GET answer, a discover `value`, an export entry or a payload. Endpoints are read from the
    // flat fields, from `endpoints[]` and from endpoint keys in additionalProperties, in that order of trust.
    static KeyManagerConfig fromJson(const QJsonObject &wire);
    // The body for POST/PUT: every endpoint as a flat field (where connectors read them) and in
    // `endpoints[]` as the Admin Portal also sends; connector values under additionalProperties.
    QJsonObject toPayload() const;

    // The endpoints as [{name, value}] for editors, and a wire object whose endpoints are exactly `list`
    // (its flat endpoint fields removed, so that the list is what counts).
    QJsonArray endpointList() const;
    static QJsonObject withEndpoints(QJsonObject wire, const QJsonArray &list);

    // Endpoint storage names and the flat DTO field each travels in.
    static const QList<QPair<QString, QString>> &endpointFields();
    // The endpoints every connector that does not override getEndpointConfigurations() requires
    // (AzureAD and Asgardeo included); without one API Manager answers 400 901401 and names none.
    static QStringList requiredEndpoints();
    QStringList missingRequiredEndpoints() const;

    // Keys API Manager adds to additionalProperties by itself (not the connector's configuration).
    static bool isServerAddedProperty(const QString &key);
    // Connector values API Manager masks on GET (from the connectors' mask flags).
    static bool isMaskedProperty(const QString &type, const QString &key);
    // Connector values that cannot change after creation (updateDisabled in the connector).
    static bool isUpdateDisabled(const QString &type, const QString &key);

    // The masked connector fields that hold "*****" here (e.g. in a file being imported): such a value is
    // no secret and must never be sent as one on create.
    QStringList maskedValues() const;
    // Checks a payload before it is sent: name and type, the required endpoints, no "*****" value.
    // `system` names where the configuration came from in the message ("the import file", …).
    ApiError validateForCreate(const QString &system) const;

    // A secret's fingerprint as the console records it after pushing (SHA-256, hex): lets a rerun tell a
    // rotated secret from the one API Manager already holds, which it only shows as "*****".
    static QString secretFingerprint(const QString &secret);
};

// The result of comparing what the console wants with what API Manager holds.
struct KeyManagerComparison
{
    Q_DECLARE_TR_FUNCTIONS(km::KeyManagerConfig)
public:
    QList<JsonChange> differences;        // fields the console owns that differ (paths in wire names)
    QStringList secretsChanged;           // connector secrets whose value differs from the one last pushed
    QStringList secretsKeptByServer;      // masked on the server, no record of what was pushed: left as they are
    QStringList updateDisabled;           // differing fields that API Manager does not let change

    bool isSame() const { return differences.isEmpty() && secretsChanged.isEmpty(); }
    // "issuer, additionalProperties.org_name and the client secret (azure_ad_client_secret) differ"
    QString describe() const;
};

class KeyManagerCompare
{
public:
    // Compares only what `wanted` sets and the console owns; values the server adds or fills with defaults
    // are not differences. A masked server value is "kept by the server": it differs only when
    // `pushedFingerprints` (connector key → fingerprint of the secret last pushed) says the wanted one is new.
    static KeyManagerComparison compare(const KeyManagerConfig &wanted, const KeyManagerConfig &server,
                                        const QHash<QString, QString> &pushedFingerprints = {});
    // The PUT body for an update: the wanted configuration with the server's id, and "*****" for every
    // secret the server keeps (so it is not replaced) unless it changed.
    static QJsonObject updatePayload(const KeyManagerConfig &wanted, const KeyManagerConfig &server,
                                     const KeyManagerComparison &comparison);
};

} // namespace km
