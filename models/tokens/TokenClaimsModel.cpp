#include "models/tokens/TokenClaimsModel.h"
#include "services/core/ConstRange.h"
#include "services/tokens/TokenTimes.h"

#include <QFont>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>

namespace km {

namespace {

const QStringList kTimeClaims{QStringLiteral("exp"), QStringLiteral("nbf"), QStringLiteral("iat"), QStringLiteral("auth_time")};

} // namespace

TokenClaimsModel::TokenClaimsModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

QString TokenClaimsModel::meaning(const QString &claim, ClaimCatalogue::Part part)
{
    return ClaimCatalogue::description(part, claim);
}

QString TokenClaimsModel::displayValue(const QString &claim, const QJsonValue &value, const QDateTime &now)
{
    if (kTimeClaims.contains(claim) && value.isDouble()) {
        const QDateTime when = QDateTime::fromSecsSinceEpoch(qint64(value.toDouble()), Qt::UTC);
        return TokenTimes::localWithRelative(when, now);
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
    case Qt::ToolTipRole:
        // Times also in UTC, as the issuer's logs show them.
        if (index.column() == ValueColumn && kTimeClaims.contains(row.name) && row.value.isDouble())
            return QStringLiteral("%1\n%2").arg(row.display, QDateTime::fromSecsSinceEpoch(qint64(row.value.toDouble()), Qt::UTC)
                                                                 .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'")));
        Q_FALLTHROUGH();
    case Qt::DisplayRole:
        switch (index.column()) {
        case NameColumn: return row.name;
        case ValueColumn: return row.display;
        case MeaningColumn: return meaning(row.name, m_part);
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
