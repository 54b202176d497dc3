#pragma once
// How API Manager role names become Asgardeo role names when the connector creates roles, and back.

#include "services/core/ApiError.h"

#include <QCoreApplication>
#include <QString>

namespace km {

class AsgardeoRoleMapping
{
    Q_DECLARE_TR_FUNCTIONS(km::AsgardeoRoleMapping)
public:
    // Internal/x → x; Application/* is rejected; any other (primary) role r → apim_primary_r.
    static QString toAsgardeo(const QString &apimRole, ApiError *error = nullptr);
    // The Asgardeo role the connector binds a scope's `apimRole` to: toAsgardeo() with its role creation on
    // (asgardeo_role_creation), the name unchanged with it off.
    static QString boundRole(const QString &apimRole, bool roleCreation, ApiError *error = nullptr);
    // Strips apim_primary_ or adds Internal/.
    static QString toApim(const QString &asgardeoRole);
};

} // namespace km
