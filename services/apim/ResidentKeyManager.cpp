#include "services/apim/ResidentKeyManager.h"

namespace km {

bool ResidentKeyManager::is(const QString &name, const QString &)
{
    // By its name, as the Developer Portal tells it apart: another key manager may have the type "default".
    return name == Name;
}

ApiError ResidentKeyManager::refuseDelete(const QString &name, const QString &type)
{
    if (!is(name, type))
        return {};
    return ApiError::validation(tr("“%1” is API Manager's built-in key manager and is not deleted, as in the Admin Portal").arg(name),
                                tr("To stop using it, disable it instead; applications keep their keys of other key managers."));
}

ApiError ResidentKeyManager::refuseDisableFromFile(const QString &name, const QString &type, bool enabled)
{
    if (enabled || !is(name, type))
        return {};
    return ApiError::validation(tr("The file turns off “%1”, API Manager's built-in key manager").arg(name),
                                tr("Remove it from the file, or disable it on the Key Managers page, which says what stops first."));
}

QString ResidentKeyManager::disableConsequences()
{
    return tr("It is API Manager's built-in key manager: the Developer Portal generates keys with it by default, and tokens it "
              "issued stop being accepted by the gateway until it is enabled again. Disable it only when another key manager "
              "serves every application.");
}

} // namespace km
