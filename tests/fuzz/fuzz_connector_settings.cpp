// libFuzzer: API Manager's GET /settings answer as kmconsole reads it (the connectors' own form:
// ConnectorSettings), a key manager shown through that form (KeyManagerDetails), the connector values checked
// before sending (ConnectorSettings::validate, ConnectorField::parse), and the version strings an administrator
// types or a server declares (ApimVersion, ApimServerInfo).

#include "FuzzSupport.h"

#include "services/apim/ApimVersion.h"
#include "services/apim/ConnectorSettings.h"
#include "services/apim/KeyManagerDetails.h"

#include <QJsonArray>
#include <QUrl>

using namespace km;

KM_FUZZ_INIT

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input = fuzz::bytes(data, size);
    const QJsonObject doc = QJsonDocument::fromJson(input).object();

    // The input as /settings, then as a key manager of each type it declares.
    const ConnectorSettings settings = ConnectorSettings::fromSettings(doc);
    for (const ConnectorType &type : settings.types()) {
        fuzz::require(type.isValid(), "a connector without a type is skipped");
        fuzz::require(settings.find(type.type) != nullptr, "a listed connector is found by its type");
        const QJsonObject values = doc.value(QLatin1String("additionalProperties")).toObject();
        for (const bool creating : {true, false}) {
            for (const FieldProblem &p : ConnectorSettings::validate(type, values, creating))
                fuzz::require(!p.message.isEmpty(), "every problem has words");
        }
        for (const ConnectorField &field : type.configurations) {
            QString error;
            const QJsonValue parsed = field.parse(QString::fromUtf8(input.left(64)), &error);
            if (error.isEmpty())
                fuzz::require(field.misfit(parsed).isEmpty(), "a value parsed for a field fits it");
            (void)field.defaultText();
        }
        (void)KeyManagerDetails::sections(doc, &type);
    }
    (void)settings.creatableTypes();
    (void)settings.unknownType(QString::fromUtf8(input.left(32)), QUrl(QStringLiteral("https://apim.example.com:9443")));
    (void)KeyManagerDetails::sections(doc, nullptr);

    // The input as a version string, and as the stored server information.
    const ApimVersion version = ApimVersion::parse(QString::fromUtf8(input.left(64)));
    if (version.isValid()) {
        fuzz::require(ApimVersion::parse(version.toString()) == version, "a version reads back as itself");
        fuzz::require(version.compare(version) == 0, "a version equals itself");
    } else {
        fuzz::require(!version.problem().isEmpty(), "what is not a version is said");
    }
    (void)ApimServerInfo::mcpFromSettings(doc);
    (void)ApimServerInfo::fromJson(doc);
    return 0;
}
