#pragma once
// The claims (or header parameters) of a decoded token as a table: name, value as a person reads it
// (times in local time with "in 5 min" / "3 h ago"), and what the claim means (resources/claims/claims.json).

#include "services/tokens/ClaimCatalogue.h"

#include <QAbstractTableModel>
#include <QDateTime>
#include <QJsonObject>
#include <QStringList>

namespace km {

class TokenClaimsModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { NameColumn, ValueColumn, MeaningColumn, ColumnCount };
    enum Role { RawValueRole = Qt::UserRole + 1, HighlightRole };

    explicit TokenClaimsModel(QObject *parent = nullptr);

    // Header parameters and payload claims have different meanings (e.g. nonce); payload by default.
    void setPart(ClaimCatalogue::Part part) { m_part = part; }

    // `now` makes relative times testable.
    void setClaims(const QJsonObject &claims, const QDateTime &now = QDateTime::currentDateTimeUtc());
    // Claims the diagnosis talks about (e.g. the consumer-key claim) are shown in bold.
    void setHighlighted(const QStringList &names);
    void clear();

    static QString meaning(const QString &claim, ClaimCatalogue::Part part = ClaimCatalogue::Part::Payload);
    static QString displayValue(const QString &claim, const QJsonValue &value, const QDateTime &now);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Row
    {
        QString name;
        QJsonValue value;
        QString display;
    };
    QList<Row> m_rows;
    QStringList m_highlighted;
    ClaimCatalogue::Part m_part = ClaimCatalogue::Part::Payload;
};

} // namespace km
