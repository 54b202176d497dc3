#pragma once
// Creating or editing one key manager of any type from its connector's own description (GET /settings):
// the values a person sets (`key=value`, typed by ConnectorSettings), API Manager's discovery, the checks
// before anything is sent, and the review (exact JSON, differences from the existing one) through
// KeyManagerPlan, whose apply runner then sends it. Shared by the Key Managers page's form and
// `kmconsole-cli key-managers create|edit`.

#include "services/apim/ConnectorSettings.h"
#include "services/apim/KeyManagerConfig.h"
#include "services/export/KeyManagerPlan.h"

#include <QCoreApplication>
#include <QList>
#include <QPair>
#include <QUrl>

namespace km {

class ApimClient;
class ServiceContext;

class KeyManagerEditor
{
    Q_DECLARE_TR_FUNCTIONS(km::KeyManagerEditor)
public:
    // A new key manager of `type` as the Admin Portal starts one: the connector's defaults, its default
    // claims, enabled, the grant types every connector supports.
    static KeyManagerConfig newOfType(const ConnectorType &type, const QString &name);

    // Sets one value named as `--set` names it: a top-level field by its wire name (displayName, issuer,
    // consumerKeyClaim, tokenType, enabled, …), grantTypes (comma-separated), certificateType (JWKS or PEM)
    // and certificateValue, an endpoint by either name (tokenEndpoint or token_endpoint), claimMapping
    // (remote=local,…), or a connector field by its name (or additionalProperties.NAME), typed by the
    // connector. An unknown key or a value of the wrong type is an error naming the key.
    static ApiError set(KeyManagerConfig *config, const ConnectorType &type, const QString &key, const QString &value);

    // Takes what `discovered` (a discover `value`) found where `config` has nothing yet: endpoints, issuer,
    // certificate, grant types, well-known URL.
    static void mergeDiscovered(KeyManagerConfig *config, const KeyManagerConfig &discovered);

    // Everything that would make API Manager refuse the key manager or store a broken one: name, the
    // required endpoints, a certificate value for its type, the connector's required fields and value types.
    // On create, a masked field may be left empty only when `secretsFromKeychain` (then it is taken from the
    // keychain later).
    static QList<FieldProblem> validate(const KeyManagerConfig &config, const ConnectorType &type, bool creating,
                                        bool secretsFromKeychain = false);
    // The problems as one error (each on its own line), or no error when there are none.
    static ApiError problemsError(const QString &name, const QList<FieldProblem> &problems);

    struct Request
    {
        bool edit = false;
        QString type;                               // create: required; edit: empty or the existing one's
        QString name;
        QList<QPair<QString, QString>> sets;        // key=value in order
        QUrl discovery;                              // a well-known URL, or empty
        // Secrets of masked fields given for this request only (the form's SecretFields); never stored.
        QJsonObject secrets;
    };
    // Reads /settings, the key-manager list (and the existing one when editing), runs the discovery when
    // asked, applies the values, checks them, then plans the one change: its `changes()` hold the create
    // or update with its exact payload and differing fields. On create, masked fields with no value are
    // taken from this computer's keychain as `plan` takes them (KeyManagerExport::resolveSecrets).
    static PlanJob *prepare(ServiceContext *context, ApimClient *apim, const Request &request, QObject *parent);

    // The payload as the review shows it: every masked value (by the connector's flags) as "*****".
    static QJsonObject maskedPayload(const QJsonObject &payload, const ConnectorType &type);
};

} // namespace km
