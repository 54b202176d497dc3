#pragma once
// Table of an API Manager's key managers from the KeyManagerList JSON, completed row by row with
// the details (display name, issuer, full configuration) fetched per key manager.

#include <QAbstractTableModel>
#include <QJsonObject>
#include <QList>

namespace km {

class KeyManagerTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Name, DisplayName, Type, Enabled, TokenType, Issuer, ColumnCount };
    enum Role {
        IdRole = Qt::UserRole + 1,
        SummaryRole,      // the KeyManagerInfo object from the list
        DetailRole,       // the full KeyManager object once fetched (empty before)
        DetailStateRole,  // DetailState
        DetailErrorRole,  // why the details could not be fetched
        SortRole,
    };
    enum class DetailState { NotLoaded, Loading, Loaded, Failed };
    Q_ENUM(DetailState)

    explicit KeyManagerTableModel(QObject *parent = nullptr);

    // Replaces the rows with the `list` of a KeyManagerList; details already fetched for key
    // managers that are still present are kept.
    void setKeyManagerList(const QJsonObject &keyManagerList);
    void clear();

    void setDetailLoading(const QString &id);
    void setDetail(const QString &id, const QJsonObject &keyManager);
    void setDetailError(const QString &id, const QString &error);
    // Drops the fetched details so the next view fetches them again (after an update elsewhere).
    void invalidateDetail(const QString &id);
    void removeKeyManager(const QString &id);

    int rowOf(const QString &id) const;
    QString idAt(int row) const;
    QString nameAt(int row) const;
    bool isEnabled(int row) const;
    // Ids whose details nobody has asked for yet.
    QStringList idsWithoutDetail() const;

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Row
    {
        QJsonObject summary;
        QJsonObject detail;
        DetailState state = DetailState::NotLoaded;
        QString error;
    };
    QString id(const Row &row) const;
    // A field from the details when fetched, else from the list entry.
    QJsonValue field(const Row &row, QLatin1StringView key) const;
    void rowChanged(int row);

    QList<Row> m_rows;
};

} // namespace km
