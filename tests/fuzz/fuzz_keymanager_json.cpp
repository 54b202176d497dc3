// libFuzzer: API Manager's key-manager JSON (Admin v4 KeyManager objects) as kmconsole reads it: the typed
// configuration (KeyManagerConfig) and its comparison, the export's portable copy (KeyManagerExport::portable),
// the review diff (JsonDiff), the JWKS URL and claim names the Token Inspector takes from it.

#include "FuzzSupport.h"

#include "services/apim/KeyManagerConfig.h"
#include "services/export/KeyManagerExport.h"
#include "services/setup/JsonDiff.h"
#include "services/tokens/TokenDiagnosis.h"
#include "services/tokens/TokenInspection.h"

#include <QJsonArray>

using namespace km;

KM_FUZZ_INIT

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QJsonDocument doc = QJsonDocument::fromJson(fuzz::bytes(data, size));
    // A list answer ({"list": [...]}) or one key manager.
    QList<QJsonObject> keyManagers;
    if (doc.object().value(QLatin1String("list")).isArray()) {
        for (const QJsonValue &v : doc.object().value(QLatin1String("list")).toArray())
            keyManagers.append(v.toObject());
    } else {
        keyManagers.append(doc.object());
    }
    static const QJsonObject reference = fuzz::objectOf(R"({"name":"Asgardeo","type":"Asgardeo","enabled":true,
        "issuer":"https://api.asgardeo.io/t/acme/oauth2/token","consumerKeyClaim":"azp","scopesClaim":"scope",
        "certificates":{"type":"JWKS","value":"https://api.asgardeo.io/t/acme/oauth2/jwks"},
        "additionalProperties":{"org_name":"acme","client_secret":"x"},
        "endpoints":[{"name":"token","value":"https://api.asgardeo.io/t/acme/oauth2/token"}]})");
    for (const QJsonObject &km : keyManagers) {
        QJsonArray required;
        const QJsonObject portable = KeyManagerExport::portable(km, &required);
        // Connector settings (additionalProperties) are where API Manager keeps a key manager's secrets.
        const QJsonObject props = portable.value(QLatin1String("additionalProperties")).toObject();
        const QString type = portable.value(QLatin1String("type")).toString();
        for (auto it = props.begin(); it != props.end(); ++it)
            fuzz::require(!KeyManagerExport::isSecretField(type, it.key()) || it.value().toString().isEmpty(), "a portable copy holds no secret");
        // The typed configuration: its payload reads back as itself, and it never differs from itself.
        const KeyManagerConfig config = KeyManagerConfig::fromJson(km);
        const KeyManagerConfig again = KeyManagerConfig::fromJson(config.toPayload());
        fuzz::require(again.endpoints == config.endpoints && again.name == config.name && again.issuer == config.issuer,
                      "a payload reads back as the configuration it came from");
        fuzz::require(KeyManagerCompare::compare(config, config).differences.isEmpty(), "a configuration does not differ from itself");
        (void)config.validateForCreate(QStringLiteral("fuzz"));
        (void)JsonDiff::diff(km, portable, {QStringLiteral("id")});
        (void)JsonDiff::diff(reference, km);
        fuzz::require(JsonDiff::diff(km, km).isEmpty(), "a key manager does not differ from itself");
        (void)TokenInspection::jwksUrlOf(km);
        (void)TokenDiagnosis::scopesClaim(km);
        (void)TokenDiagnosis::consumerKeyClaim(km, DecodedToken());
    }
    return 0;
}
