#include "services/asgardeo/AsgardeoRoleMapping.h"

namespace km {

QString AsgardeoRoleMapping::toAsgardeo(const QString &apimRole, ApiError *error)
{
    const QString role = apimRole.trimmed();
    if (role.startsWith(QLatin1String("Application/"), Qt::CaseInsensitive)) {
        if (error)
            *error = ApiError::validation(AsgardeoRoleMapping::tr("“%1” is an application role; the connector cannot create application roles in Asgardeo").arg(role),
                                          AsgardeoRoleMapping::tr("Use an Internal/ or primary role instead."), QStringLiteral("roles"));
        return QString();
    }
    if (role.startsWith(QLatin1String("Internal/"), Qt::CaseInsensitive))
        return role.mid(9);
    if (role.isEmpty())
        return QString();
    return QStringLiteral("apim_primary_") + role;
}

QString AsgardeoRoleMapping::boundRole(const QString &apimRole, bool roleCreation, ApiError *error)
{
    return roleCreation ? toAsgardeo(apimRole, error) : apimRole.trimmed();
}

QString AsgardeoRoleMapping::toApim(const QString &asgardeoRole)
{
    if (asgardeoRole.startsWith(QLatin1String("apim_primary_")))
        return asgardeoRole.mid(13);
    return QStringLiteral("Internal/") + asgardeoRole;
}

} // namespace km
