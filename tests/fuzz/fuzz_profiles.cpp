// libFuzzer: profiles.json as ProfileStore reads it (ProfileStore::parse, what load() does with the file).

#include "FuzzSupport.h"

#include "services/profiles/ProfileStore.h"

using namespace km;

KM_FUZZ_INIT

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ProfileStore store(QStringLiteral("/nonexistent/kmconsole-fuzz"));
    ApiError problem;
    if (!store.parse(fuzz::bytes(data, size), &problem)) {
        fuzz::require(problem.isError() && !problem.message.isEmpty(), "a refused profile file says why");
        fuzz::require(store.apimProfiles().isEmpty() && store.asgardeoProfiles().isEmpty() && store.entraProfiles().isEmpty(),
                      "a refused profile file leaves the store empty");
        return 0;
    }
    // What the store writes back, it reads back the same.
    const QJsonObject saved = store.toJson();
    ProfileStore again(QStringLiteral("/nonexistent/kmconsole-fuzz"));
    fuzz::require(again.parse(QJsonDocument(saved).toJson(), &problem), "a saved profile file reads back");
    fuzz::require(again.toJson() == saved, "a saved profile file reads back unchanged");
    return 0;
}
