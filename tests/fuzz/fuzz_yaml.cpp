// libFuzzer: a YAML key-manager file as plan, apply and import read it (YamlReader within its limits, then
// KeyManagerExport::validate). Properties: an input is either refused with a reason or read; what is read
// and written again by kmconsole's YAML writer reads back the same.

#include "FuzzSupport.h"

#include "services/core/YamlReader.h"
#include "services/export/KeyManagerExport.h"
#include "services/export/KeyManagerScript.h"

using namespace km;

KM_FUZZ_INIT

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    // Small limits, so that the fuzzer reaches them.
    YamlLimits limits;
    limits.maxBytes = 8192;
    limits.maxDepth = 16;
    limits.maxNodes = 500;
    limits.maxScalarBytes = 1024;
    QString error;
    const QJsonValue value = YamlReader::read(fuzz::bytes(data, size), &error, limits);
    if (!error.isEmpty()) {
        fuzz::require(value.isNull(), "a refused YAML returns nothing");
        return 0;
    }
    if (!value.isObject())
        return 0;
    const QJsonObject document = value.toObject();
    const ApiError invalid = KeyManagerExport::validate(document);
    fuzz::require(!invalid.isError() || !invalid.toUserText().isEmpty(), "a refused file says why");
    // What kmconsole writes reads back as what it wrote.
    YamlLimits generous;
    QString again;
    const QJsonValue back = YamlReader::read(KeyManagerScript::yaml(document).toUtf8(), &again, generous);
    fuzz::require(again.isEmpty(), "kmconsole's YAML reads back without error");
    fuzz::require(back.toObject() == document, "kmconsole's YAML reads back as the same document");
    return 0;
}
