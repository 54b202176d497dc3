#include "models/tokens/TokenClaimsModel.h"
#include "services/core/ConstRange.h"

#include <QFont>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>

namespace km {

namespace {

const QStringList kTimeClaims{QStringLiteral("exp"), QStringLiteral("nbf"), QStringLiteral("iat"), QStringLiteral("auth_time")};

QString relative(const QDateTime &when, const QDateTime &now)
{
    const qint64 seconds = now.secsTo(when);
    const qint64 magnitude = qAbs(seconds);
    QString span;
    if (magnitude < 60)
        span = QObject::tr("%n s", nullptr, int(magnitude));
    else if (magnitude < 3600)
        span = QObject::tr("%n min", nullptr, int(magnitude / 60));
    else if (magnitude < 86400 * 2)
        span = QObject::tr("%n h", nullptr, int(magnitude / 3600));
    else
        span = QObject::tr("%n days", nullptr, int(magnitude / 86400));
    return seconds >= 0 ? QObject::tr("in %1").arg(span) : QObject::tr("%1 ago").arg(span);
}

} // namespace

TokenClaimsModel::TokenClaimsModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

QString TokenClaimsModel::meaning(const QString &claim)
{
    static const QHash<QString, QString> meanings{
        {QStringLiteral("iss"), tr("Issuer: must equal the key manager's issuer exactly, or the gateway answers 900901")},
        {QStringLiteral("sub"), tr("Subject: the user, or the client for client-credentials tokens")},
        {QStringLiteral("aud"), tr("Audience: who the token is for")},
        {QStringLiteral("exp"), tr("Expires at")},
        {QStringLiteral("nbf"), tr("Not valid before")},
        {QStringLiteral("iat"), tr("Issued at")},
        {QStringLiteral("jti"), tr("Token ID")},
        {QStringLiteral("azp"), tr("Client ID (Asgardeo, Entra v2): the consumer-key claim by default")},
        {QStringLiteral("appid"), tr("Client ID (Entra v1): the AzureAD v1 consumer-key claim")},
        {QStringLiteral("client_id"), tr("Client ID (WSO2 Identity Server, some providers)")},
        {QStringLiteral("scope"), tr("Granted scopes (space-separated)")},
        {QStringLiteral("scp"), tr("Delegated scopes (Entra)")},
        {QStringLiteral("roles"), tr("Application permissions (Entra) or roles")},
        {QStringLiteral("ver"), tr("Token version (Entra): 1.0 or 2.0, chosen by the resource app's requestedAccessTokenVersion")},
        {QStringLiteral("tid"), tr("Tenant ID (Entra)")},
        {QStringLiteral("oid"), tr("Object ID of the caller (Entra)")},
        {QStringLiteral("appidacr"), tr("How the client authenticated (Entra v1): 1 = secret, 2 = certificate")},
        {QStringLiteral("azpacr"), tr("How the client authenticated (Entra v2): 1 = secret, 2 = certificate")},
        {QStringLiteral("alg"), tr("Signature algorithm")},
        {QStringLiteral("kid"), tr("ID of the signing key: must be in the key manager's JWKS")},
        {QStringLiteral("typ"), tr("Token type")},
        {QStringLiteral("x5t"), tr("Thumbprint of the signing certificate")},
        {QStringLiteral("nonce"), tr("Graph tokens only: only Microsoft Graph can verify this token")},
    };
    return meanings.value(claim);
}

QString TokenClaimsModel::displayValue(const QString &claim, const QJsonValue &value, const QDateTime &now)
{
    if (kTimeClaims.contains(claim) && value.isDouble()) {
        const QDateTime when = QDateTime::fromSecsSinceEpoch(qint64(value.toDouble()), Qt::UTC);
        return QStringLiteral("%1 (%2)").arg(when.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'")), relative(when, now));
    }
    if (value.isString())
        return value.toString();
    if (value.isBool())
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    if (value.isDouble())
        return QString::number(value.toDouble(), 'g', 16);
    if (value.isArray()) {
        QStringList parts;
        bool allStrings = true;
        for (const QJsonValue &v : km::constTemporary(value.toArray())) {
            allStrings = allStrings && v.isString();
            parts << v.toString();
        }
        if (allStrings)
            return parts.join(QStringLiteral(", "));
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    }
    if (value.isObject())
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    return QStringLiteral("null");
}

void TokenClaimsModel::setClaims(const QJsonObject &claims, const QDateTime &now)
{
    beginResetModel();
    m_rows.clear();
    // The claims the gateway reads first, then the rest alphabetically.
    const QStringList first{QStringLiteral("alg"), QStringLiteral("kid"), QStringLiteral("iss"), QStringLiteral("ver"),
                            QStringLiteral("azp"), QStringLiteral("appid"), QStringLiteral("client_id"), QStringLiteral("aud"),
                            QStringLiteral("scope"), QStringLiteral("scp"), QStringLiteral("roles"), QStringLiteral("exp"),
                            QStringLiteral("nbf"), QStringLiteral("iat")};
    for (const QString &name : first) {
        if (claims.contains(name))
            m_rows.append({name, claims.value(name), displayValue(name, claims.value(name), now)});
    }
    for (auto it = claims.begin(); it != claims.end(); ++it) {
        if (!first.contains(it.key()))
            m_rows.append({it.key(), it.value(), displayValue(it.key(), it.value(), now)});
    }
    endResetModel();
}

void TokenClaimsModel::setHighlighted(const QStringList &names)
{
    m_highlighted = names;
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1), {Qt::FontRole, HighlightRole});
}

void TokenClaimsModel::clear()
{
    beginResetModel();
    m_rows.clear();
    endResetModel();
}

int TokenClaimsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int TokenClaimsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant TokenClaimsModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return QVariant();
    const Row &row = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
        switch (index.column()) {
        case NameColumn: return row.name;
        case ValueColumn: return row.display;
        case MeaningColumn: return meaning(row.name);
        default: return QVariant();
        }
    case RawValueRole:
        return row.value.toVariant();
    case HighlightRole:
        return m_highlighted.contains(row.name);
    case Qt::FontRole:
        if (m_highlighted.contains(row.name)) {
            QFont font;
            font.setBold(true);
            return font;
        }
        return QVariant();
    default:
        return QVariant();
    }
}

QVariant TokenClaimsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QVariant();
    switch (section) {
    case NameColumn: return tr("Claim");
    case ValueColumn: return tr("Value");
    case MeaningColumn: return tr("What it means");
    default: return QVariant();
    }
}

} // namespace km
