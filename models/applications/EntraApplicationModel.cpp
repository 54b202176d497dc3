#include "models/applications/EntraApplicationModel.h"
#include "services/core/ConstRange.h"

#include "services/entra/EntraAppCheck.h"

#include <QBrush>
#include <QColor>
#include <QFont>

namespace km {

namespace {

const QColor Problem(0xc0, 0x1c, 0x28);
const QColor Warning(0xb0, 0x60, 0x00);

QString str(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).toString();
}

} // namespace

EntraApplicationModel::EntraApplicationModel(QObject *parent)
    : QAbstractTableModel(parent)
    , m_now(QDateTime::currentDateTimeUtc())
{
}

QString EntraApplicationModel::tokenVersionText(const QJsonValue &requested)
{
    if (requested.isNull() || requested.isUndefined())
        return tr("1 (null)");
    return QString::number(requested.toInt() == 2 ? 2 : 1);
}

void EntraApplicationModel::setApplications(const QJsonArray &applications, const QDateTime &now)
{
    beginResetModel();
    m_now = now;
    m_apps = EntraApplication::listFromGraph(applications);
    endResetModel();
}

void EntraApplicationModel::setUsage(const QJsonArray &azureKeys)
{
    m_usage = azureKeys;
    if (!m_apps.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(int(m_apps.size()) - 1, ColumnCount - 1));
}

void EntraApplicationModel::clear()
{
    beginResetModel();
    m_apps.clear();
    endResetModel();
}

EntraApplication EntraApplicationModel::applicationAt(int row) const
{
    return row >= 0 && row < m_apps.size() ? m_apps.at(row) : EntraApplication();
}

int EntraApplicationModel::rowForAppId(const QString &appId) const
{
    for (int row = 0; row < m_apps.size(); ++row) {
        if (m_apps.at(row).appId == appId)
            return row;
    }
    return -1;
}

QJsonArray EntraApplicationModel::usageAt(int row) const
{
    QJsonArray out;
    const QString appId = applicationAt(row).appId;
    for (const QJsonValue &v : m_usage) {
        if (!appId.isEmpty() && str(v.toObject(), "consumerKey") == appId)
            out.append(v);
    }
    return out;
}

int EntraApplicationModel::expectedVersion(int row) const
{
    int version = 0;
    for (const QJsonValue &v : km::constTemporary(usageAt(row))) {
        const int kmVersion = v.toObject().value(QLatin1String("tokenVersion")).toInt();
        if (kmVersion == 0)
            continue;
        if (version != 0 && version != kmVersion)
            return 0;
        version = kmVersion;
    }
    return version;
}

int EntraApplicationModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_apps.size());
}

int EntraApplicationModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant EntraApplicationModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_apps.size() || index.column() >= ColumnCount)
        return QVariant();
    const EntraApplication &app = m_apps.at(index.row());
    const QString &appId = app.appId;
    const QString ownUri = app.ownIdentifierUri();
    const QStringList &uris = app.identifierUris;
    const bool hasOwnUri = app.hasOwnIdentifierUri();
    const int version = app.tokenVersion();
    const QList<EntraSecret> &secrets = app.secrets;
    // Only audiences with personal Microsoft accounts have a secret limit (EntraApplication::secretLimit).
    const int secretLimit = app.secretLimit();
    const bool atSecretLimit = secretLimit > 0 && secrets.size() >= secretLimit;
    const int expected = expectedVersion(index.row());
    const QJsonArray usage = usageAt(index.row());

    // The secret whose end date comes first, expired ones included.
    const EntraSecret *nearest = nullptr;
    for (const EntraSecret &secret : secrets) {
        if (secret.end.isValid() && (!nearest || secret.end < nearest->end))
            nearest = &secret;
    }
    const QDateTime nearestEnd = nearest ? nearest->end : QDateTime();

    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case DisplayNameColumn: return app.displayName;
        case AppIdColumn: return appId;
        case IdentifierUrisColumn: return uris.isEmpty() ? tr("none") : uris.join(QStringLiteral(", "));
        case TokenVersionColumn: return tokenVersionText(app.requestedAccessTokenVersion());
        case SecretsColumn: return secretLimit > 0 ? tr("%1 of %2 allowed").arg(secrets.size()).arg(secretLimit) : QString::number(secrets.size());
        case NearestExpiryColumn: {
            if (secrets.isEmpty())
                return tr("no secret");
            if (!nearestEnd.isValid())
                return tr("no end date");
            const QString date = nearestEnd.date().toString(Qt::ISODate);
            if (nearestEnd < m_now)
                return tr("%1 (expired)").arg(date);
            const qint64 days = m_now.daysTo(nearestEnd);
            return days == 1 ? tr("%1 (in 1 day)").arg(date) : tr("%1 (in %2 days)").arg(date).arg(days);
        }
        case UsedByColumn: {
            QStringList parts;
            for (const QJsonValue &v : usage) {
                const QJsonObject u = v.toObject();
                parts << tr("%1 (%2, %3)").arg(str(u, "application"), str(u, "keyType"), str(u, "keyManager"));
            }
            return parts.join(QStringLiteral("; "));
        }
        default: return QVariant();
        }
    case Qt::ToolTipRole:
        switch (index.column()) {
        case IdentifierUrisColumn:
            return hasOwnUri ? QVariant(uris.join(QLatin1Char('\n')))
                             : tr("No Application ID URI %1: clients asking for %1/.default get AADSTS500011. “Check app…” sets it.").arg(ownUri);
        case TokenVersionColumn:
            if (expected && expected != version)
                return tr("Used with a key manager that expects v%1 tokens, but Entra issues v%2 tokens for this application: the gateway "
                          "answers 900901. “Check app…” fixes requestedAccessTokenVersion.").arg(expected).arg(version);
            return tr("api.requestedAccessTokenVersion; null means Entra issues v1 tokens");
        case SecretsColumn:
            if (secretLimit == 0)
                return tr("No client-secret limit for the audience %1").arg(app.signInAudience);
            return atSecretLimit
                       ? tr("At the credential limit: the next secret (API Manager adds one on every update of the application) will be refused. "
                            "“Check app…” lists the secrets and removes old ones.")
                       : tr("Entra allows %n client secret(s) for an application whose audience (%1) includes personal Microsoft "
                            "accounts; API Manager adds one on every update of the application.", nullptr, secretLimit)
                             .arg(app.signInAudience);
        case NearestExpiryColumn:
            return nearest ? QVariant(tr("Secret %1 (%2)").arg(nearest->displayName, nearest->keyId)) : QVariant();
        default: return QVariant();
        }
    case Qt::ForegroundRole:
        // Only a problem for an application clients ask tokens for; a client-only registration needs no URI.
        if (index.column() == IdentifierUrisColumn && !hasOwnUri)
            return QBrush(usage.isEmpty() ? QColor(0x5f, 0x63, 0x68) : Problem);
        if (index.column() == TokenVersionColumn && expected && expected != version)
            return QBrush(Problem);
        if (index.column() == SecretsColumn && atSecretLimit)
            return QBrush(Warning);
        if (index.column() == NearestExpiryColumn && nearestEnd.isValid()
            && (nearestEnd < m_now || m_now.daysTo(nearestEnd) <= EntraAppCheck::ExpiryWarningDays))
            return QBrush(nearestEnd < m_now ? Problem : Warning);
        return QVariant();
    case Qt::FontRole:
        if (index.column() == AppIdColumn) {
            QFont f(QStringLiteral("monospace"));
            f.setStyleHint(QFont::Monospace);
            return f;
        }
        return QVariant();
    case AppIdRole: return appId;
    case ObjectIdRole: return app.objectId;
    case TokenVersionRole: return version;
    case SecretCountRole: return int(secrets.size());
    case SecretLimitRole: return secretLimit;
    case HasOwnUriRole: return hasOwnUri;
    case ExpectedVersionRole: return expected;
    case KeyManagerRole: return usage.isEmpty() ? QString() : str(usage.first().toObject(), "keyManager");
    default: return QVariant();
    }
}

QVariant EntraApplicationModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case DisplayNameColumn: return tr("Display name");
    case AppIdColumn: return tr("Application (client) ID");
    case IdentifierUrisColumn: return tr("Application ID URI");
    case TokenVersionColumn: return tr("Token version");
    case SecretsColumn: return tr("Secrets");
    case NearestExpiryColumn: return tr("Nearest secret expiry");
    case UsedByColumn: return tr("Used by (DevPortal)");
    default: return QVariant();
    }
}

} // namespace km
