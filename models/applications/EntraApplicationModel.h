#pragma once
// Entra ID application registrations as Graph returns them, in the terms that matter to an AzureAD key
// manager: the Application ID URI, the token version their tokens get (null is v1), their client secrets
// against the credential limit with the nearest expiry, and which Developer Portal keys use them.

#include "services/entra/EntraApplication.h"

#include <QAbstractTableModel>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>

namespace km {

class EntraApplicationModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    // The Application ID URI comes last: it may hold several URIs and stretches.
    enum Column { DisplayNameColumn, AppIdColumn, TokenVersionColumn, SecretsColumn, NearestExpiryColumn, UsedByColumn, IdentifierUrisColumn, ColumnCount };
    enum Role {
        AppIdRole = Qt::UserRole + 1,
        ObjectIdRole,
        TokenVersionRole,       // 1 or 2, what Entra issues
        SecretCountRole,
        SecretLimitRole,        // client secrets Entra allows for its audience; 0 when there is no such limit
        HasOwnUriRole,          // identifierUris holds api://{appId}
        ExpectedVersionRole,    // the version of the AzureAD key manager a DevPortal key uses it with, 0 when none or several differ
        KeyManagerRole,         // the name of that key manager, or empty
    };

    explicit EntraApplicationModel(QObject *parent = nullptr);

    // `applications`: Graph application objects (GET /applications value[]). `now` dates the secrets.
    void setApplications(const QJsonArray &applications, const QDateTime &now = QDateTime::currentDateTimeUtc());
    // DevPortal keys held with AzureAD key managers (DevPortalApplicationModel::azureKeys()).
    void setUsage(const QJsonArray &azureKeys);
    void clear();

    // The row's application; an empty one for a row that does not exist.
    EntraApplication applicationAt(int row) const;
    int rowForAppId(const QString &appId) const;
    // The DevPortal keys using the row's application (see setUsage).
    QJsonArray usageAt(int row) const;

    // "2", "1", or "1 (null)" when Graph holds null, which Entra treats as 1.
    static QString tokenVersionText(const QJsonValue &requestedAccessTokenVersion);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    int expectedVersion(int row) const;

    QList<EntraApplication> m_apps;
    QJsonArray m_usage;
    QDateTime m_now;
};

} // namespace km
