// libFuzzer: a key-manager export file as `key-managers import` and File › Import read it
// (KeyManagerExport::validate on the parsed document, then the key managers it holds).

#include "FuzzSupport.h"

#include "services/export/KeyManagerExport.h"

#include <QJsonArray>

using namespace km;

KM_FUZZ_INIT

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    QJsonParseError parse;
    const QJsonDocument doc = QJsonDocument::fromJson(fuzz::bytes(data, size), &parse);
    if (parse.error != QJsonParseError::NoError || !doc.isObject())
        return 0; // read() refuses it before validate() sees it
    const ApiError error = KeyManagerExport::validate(doc.object());
    if (error.isError()) {
        fuzz::require(!error.toUserText().isEmpty(), "a refused export says why");
        return 0;
    }
    for (const QJsonValue &v : doc.object().value(QLatin1String("keyManagers")).toArray()) {
        QJsonArray required;
        (void)KeyManagerExport::portable(v.toObject(), &required);
    }
    return 0;
}
