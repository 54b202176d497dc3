#pragma once
// "Provide existing keys…" (DevPortal map-keys): an Entra application registered by hand is given to a
// Developer Portal application as its OAuth keys with one key manager. Says plainly that Entra shows a
// secret's value only once and that the console sends it on without storing it. Non-modal.

#include "services/apim/DevPortalApplication.h"
#include "services/apim/DevPortalOverview.h"
#include "services/core/JobSlot.h"

#include <QDialog>
#include <QPointer>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace km {

class DevPortalClient;
class InlineMessage;
class Job;
class SecretField;

class ProvideKeysDialog : public QDialog
{
    Q_OBJECT
public:
    // `applications`: the DevPortal applications with their keys; `keyManagers`: the key managers
    // (AzureAD ones are listed first). `applicationId` / `clientId` / `keyManager` preselect what the page had selected.
    ProvideKeysDialog(DevPortalClient *portal, const QList<DevPortalApplication> &applications, const QList<PortalKeyManager> &keyManagers, const QString &applicationId,
                      const QString &clientId, const QString &keyManager, QWidget *parent = nullptr);
    ~ProvideKeysDialog() override;

public Q_SLOTS:
    void mapKeys();

Q_SIGNALS:
    // API Manager now holds the mapping; `key` is the ApplicationKey it answered (no secret).
    void keysMapped(const QString &applicationId, const km::DevPortalKey &key);

private:
    void updateKeyTypes();
    DevPortalApplication selectedApplication() const;
    QString selectedKeyManagerType() const;

    QPointer<DevPortalClient> m_portal;
    QList<DevPortalApplication> m_applications;
    QComboBox *m_application;
    QComboBox *m_keyManager;
    QComboBox *m_keyType;
    QLineEdit *m_clientId;
    SecretField *m_secret;
    QLabel *m_note;
    InlineMessage *m_message;
    QPushButton *m_map;
    JobSlot m_job{this};
};

} // namespace km
