#pragma once
// A checklist of OAuth grant types to review, optionally fixed with the reason shown.

#include <QStringList>
#include <QWidget>

class QLabel;
class QListWidget;

namespace km {

class GrantTypesEditor : public QWidget
{
    Q_OBJECT
public:
    explicit GrantTypesEditor(QWidget *parent = nullptr);

    // Offered grant types (e.g. from grant_types_supported) and which of them are ticked.
    void setGrantTypes(const QStringList &available, const QStringList &checked);
    QStringList checkedGrantTypes() const;
    // Locks the list (Entra supports client_credentials only) and shows why.
    void setFixed(const QStringList &grantTypes, const QString &reason);

Q_SIGNALS:
    void changed();

private:
    QListWidget *m_list;
    QLabel *m_reason;
};

} // namespace km
