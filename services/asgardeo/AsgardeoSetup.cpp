#include "services/asgardeo/AsgardeoSetup.h"

#include "services/apim/ApimClient.h"
#include "services/apim/KeyManagerConfig.h"
#include "services/asgardeo/AsgardeoApiResource.h"
#include "services/asgardeo/AsgardeoClient.h"
#include "services/core/Tasks.h"
#include "services/asgardeo/AsgardeoRoleMapping.h"
#include "services/setup/KeyManagerSteps.h"
#include "services/setup/SetupRunner.h"

#include <QJsonArray>
#include <QPointer>
#include <QTimer>

#include <memory>

namespace km {

namespace {

// The Asgardeo client of a runner can be deleted (the wizard verifies again) while the runner still exists:
// steps hold it by QPointer and stop with this error instead of touching a deleted object.
ApiError clientGone()
{
    return ApiError::validation(QObject::tr("The Asgardeo organization was changed or closed while the setup ran"),
                                QObject::tr("Verify the organization again and rerun the setup."), QStringLiteral("organization"));
}

Job *verifyOrFail(const QPointer<AsgardeoClient> &asgardeo)
{
    return asgardeo ? asgardeo->verifyManagementAccess() : tasks::failed(clientGone());
}

} // namespace

QJsonObject AsgardeoSetup::connectorConfiguration(const AsgardeoClient *asgardeo, const QString &clientSecret,
                                                  const QString &globalScopesResource, bool createRoles)
{
    return QJsonObject{
        {QStringLiteral("org_name"), asgardeo->organization()},
        {QStringLiteral("mgmt_client_id"), asgardeo->clientId()},
        {QStringLiteral("mgmt_client_secret"), clientSecret},
        {QStringLiteral("APIM_GLOBAL_SCOPES"), globalScopesResource},
        {QStringLiteral("asgardeo_api_resource_management_endpoint"), asgardeo->organizationUrl(QStringLiteral("/api/server/v1/api-resources")).toString()},
        {QStringLiteral("asgardeo_roles_endpoint"), asgardeo->organizationUrl(QStringLiteral("/scim2/v2/Roles")).toString()},
        {QStringLiteral("asgardeo_role_creation"), createRoles},
    };
}

QJsonObject AsgardeoSetup::keyManagerPayload(const QJsonObject &discovered, const AsgardeoSetupOptions &options,
                                             const AsgardeoClient *asgardeo, const QString &clientSecret)
{
    // What API Manager's discovery found (flat endpoint fields, issuer, JWKS, grant types), completed from
    // the organization's well-known paths where the document left something out.
    KeyManagerConfig km = KeyManagerConfig::fromJson(discovered);
    km.id.clear();
    km.name = options.name;
    km.displayName = options.displayName.isEmpty() ? options.name : options.displayName;
    km.type = QStringLiteral("Asgardeo");
    km.description = options.description.isEmpty() ? QStringLiteral("Asgardeo organization %1").arg(asgardeo->organization()) : options.description;
    km.wellKnownEndpoint = asgardeo->wellKnownUrl().toString();
    if (km.issuer.isEmpty())
        km.issuer = asgardeo->organizationUrl(QStringLiteral("/oauth2/token")).toString();
    auto fill = [&km, asgardeo](const char *endpoint, const char *path) {
        if (km.endpoints.value(QLatin1String(endpoint)).isEmpty())
            km.endpoints.insert(QLatin1String(endpoint), asgardeo->organizationUrl(QLatin1String(path)).toString());
    };
    fill("token_endpoint", "/oauth2/token");
    fill("revoke_endpoint", "/oauth2/revoke");
    fill("introspection_endpoint", "/oauth2/introspect");
    fill("client_registration_endpoint", "/api/identity/oauth2/dcr/v1.1/register");
    fill("authorize_endpoint", "/oauth2/authorize");
    // Asgardeo's scopes are managed by the connector through the global resource, not an endpoint.
    km.endpoints.insert(QStringLiteral("scope_management_endpoint"), QStringLiteral("none"));
    if (km.certificateValue.isEmpty()) {
        km.certificateType = QStringLiteral("JWKS");
        km.certificateValue = asgardeo->organizationUrl(QStringLiteral("/oauth2/jwks")).toString();
    }
    km.consumerKeyClaim = QStringLiteral("azp");
    km.scopesClaim = QStringLiteral("scope");
    km.permissions = options.permissions;
    km.connector = connectorConfiguration(asgardeo, clientSecret, options.globalScopesResource, options.createRoles);
    return KeyManagerSteps::withThirdPartyDefaults(km.toPayload());
}

SetupRunner *AsgardeoSetup::createRunner(ApimClient *apim, AsgardeoClient *asgardeo, HttpSession *http, const QString &clientSecret,
                                         const AsgardeoSetupOptions &options, QObject *parent, SecretStore *ledger)
{
    auto *runner = new SetupRunner(parent);
    const QPointer<AsgardeoClient> client(asgardeo);

    // Checked first to stop before anything is created, and last to confirm the connector's token still works.
    const auto failureCode = [](const QJsonObject &check) {
        return check.value(QLatin1String("organizationApiMistake")).toBool() ? QStringLiteral("organization-api-authorized")
                                                                            : QStringLiteral("missing-scopes");
    };
    runner->addCheckStep(QStringLiteral("management-app"), QObject::tr("Check the management application's scopes"),
                         [client] { return verifyOrFail(client); }, failureCode,
                         [](SetupRunner *, const QJsonObject &check) { return check.value(QLatin1String("message")).toString(); });

    const QString resourceName = options.globalScopesResource;
    runner->addStep(QStringLiteral("global-scopes-resource"), QObject::tr("Create the global scopes API resource if it is missing"),
                    [client, resourceName](SetupRunner *r) {
        if (!client)
            return r->stepFailed(clientGone());
        r->whenSucceeded(client->findApiResourceByName(resourceName), [r, client, resourceName](const QJsonValue &found) {
            if (const AsgardeoApiResource existing = AsgardeoApiResource::fromJson(found); !existing.isNull()) {
                r->data().insert(QStringLiteral("apiResourceId"), existing.id);
                r->stepSkipped(QObject::tr("“%1” already exists (id %2)").arg(resourceName, existing.id));
                return;
            }
            if (r->isDryRun()) {
                r->stepSkipped(QObject::tr("Dry run: would create the API resource “%1” (identifier %2)").arg(resourceName, QString(AsgardeoClient::GlobalScopesIdentifier)));
                return;
            }
            if (!client)
                return r->stepFailed(clientGone());
            Job *create = client->createApiResource(QString(AsgardeoClient::GlobalScopesIdentifier), resourceName,
                                                      QObject::tr("Global scopes of WSO2 API Manager"), {}, true);
            r->whenSucceeded(create, [r, resourceName](const QJsonValue &created) {
                const AsgardeoApiResource resource = AsgardeoApiResource::fromJson(created);
                r->data().insert(QStringLiteral("apiResourceId"), resource.id);
                r->stepDone(QObject::tr("Created “%1” (id %2)").arg(resourceName, resource.id));
            });
        });
    });

    if (options.createRoles) {
        const QStringList roles = options.roles;
        runner->addStep(QStringLiteral("create-roles"), QObject::tr("Create the API Manager roles in Asgardeo"), [client, roles](SetupRunner *r) {
            QStringList targets;
            for (const QString &role : roles) {
                ApiError error;
                const QString mapped = AsgardeoRoleMapping::toAsgardeo(role, &error);
                if (error.isError()) {
                    r->stepFailed(error);
                    return;
                }
                if (!mapped.isEmpty())
                    targets << mapped;
            }
            if (r->isDryRun() || targets.isEmpty()) {
                r->stepSkipped(targets.isEmpty() ? QObject::tr("No roles to create")
                                                 : QObject::tr("Dry run: would ensure roles %1").arg(targets.join(QStringLiteral(", "))));
                return;
            }
            // One role after the other; the step reports what it created and what existed.
            Job *ensure = tasks::forEach(
                int(targets.size()),
                [client, targets](int i) -> Job * { return client ? client->ensureRole(targets.at(i)) : tasks::failed(clientGone()); },
                r);
            r->whenSucceeded(ensure, [r, targets](const QJsonValue &ensured) {
                QStringList created, existing;
                const QJsonArray roles = ensured.toArray();
                for (int i = 0; i < roles.size() && i < targets.size(); ++i)
                    (roles.at(i).toObject().value(QLatin1String("created")).toBool() ? created : existing) << targets.at(i);
                r->stepDone(QObject::tr("Created: %1; already there: %2")
                                .arg(created.isEmpty() ? QObject::tr("none") : created.join(QStringLiteral(", ")),
                                     existing.isEmpty() ? QObject::tr("none") : existing.join(QStringLiteral(", "))));
            });
        });
    }

    if (options.keyManager.isEmpty()) {
        KeyManagerSteps::addDiscover(runner, apim, QStringLiteral("discover-endpoints"), QObject::tr("Import the endpoints through API Manager's discovery"),
                                     asgardeo->wellKnownUrl(), QStringLiteral("Asgardeo"), QStringLiteral("discovered"), QStringLiteral("wellKnownUrl"),
                                     QObject::tr("Check the organization name and that API Manager can reach Asgardeo."));
    }

    const AsgardeoSetupOptions opts = options;
    KeyManagerSteps::add(runner, apim, http, [runner, opts, client, clientSecret] {
        if (!opts.keyManager.isEmpty() || !client)
            return opts.keyManager;
        const AsgardeoClient *asgardeo = client.data();
        return keyManagerPayload(runner->data().value(QLatin1String("discovered")).toObject(), opts, asgardeo, clientSecret);
    }, options.allowUpdate, QString(), ledger);

    // What the Asgardeo connector needs when API Manager loads the key manager: a management token with
    // the scopes, and the global scopes resource named in APIM_GLOBAL_SCOPES. API Manager answers 201 even
    // when the connector then fails (only its log says so), so the console checks both itself.
    runner->addStep(QStringLiteral("management-token"), QObject::tr("Check what the connector needs: its token and the global scopes resource"),
                    [client, resourceName, failureCode](SetupRunner *r) {
        r->whenSucceeded(verifyOrFail(client), [r, client, resourceName, failureCode](const QJsonValue &checked) {
            if (ApiError failure = SetupRunner::checkFailure(checked.toObject(), failureCode); failure.isError())
                return r->stepFailed(failure);
            const QString configured = r->data().value(QLatin1String("keyManager")).toObject().value(QLatin1String("additionalProperties"))
                                           .toObject().value(QLatin1String("APIM_GLOBAL_SCOPES")).toString();
            const QString name = configured.isEmpty() ? resourceName : configured;
            if (!client)
                return r->stepFailed(clientGone());
            const QString organization = client->organization();
            r->whenSucceeded(client->findApiResourceByName(name), [r, name, organization](const QJsonValue &found) {
                const AsgardeoApiResource resource = AsgardeoApiResource::fromJson(found);
                if (resource.isNull() && r->isDryRun())
                    return r->stepSkipped(QObject::tr("Dry run: the management token is valid; “%1” does not exist yet").arg(name));
                if (resource.isNull()) {
                    ApiError e = ApiError::validation(
                        QObject::tr("The Asgardeo connector in API Manager will fail to load: organization “%1” has no API resource “%2” "
                                    "(the key manager's global scopes resource)").arg(organization, name),
                        QObject::tr("Create the API resource “%1” in Asgardeo (identifier %2), or set the key manager's global scopes "
                                    "resource to one that exists, then run the setup again.").arg(name, QString(AsgardeoClient::GlobalScopesIdentifier)),
                        QStringLiteral("APIM_GLOBAL_SCOPES"));
                    e.vendorCode = QStringLiteral("global-scopes-missing");
                    return r->stepFailed(e);
                }
                r->stepDone(QObject::tr("The connector's management token is valid and “%1” exists (id %2)")
                                .arg(name, resource.id));
            });
        });
    });
    return runner;
}

} // namespace km
