#pragma once
// Edits a key manager's permissions: who may use it (PUBLIC, ALLOW or DENY listed roles).

#include <QJsonObject>
#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;

namespace km {

class PermissionsEditor : public QWidget
{
    Q_OBJECT
public:
    explicit PermissionsEditor(QWidget *parent = nullptr);

    // {"permissionType": "PUBLIC"|"ALLOW"|"DENY", "roles": [..]}
    QJsonObject toJson() const;
    void setJson(const QJsonObject &permissions);
    // Empty when valid; otherwise what to fix (ALLOW/DENY need at least one role).
    QString validationError() const;

Q_SIGNALS:
    void changed();

private:
    void updateState();

    QComboBox *m_type;
    QLineEdit *m_roles;
    QLabel *m_explanation;
};

} // namespace km
