#include "ui/widgets/PermissionsEditor.h"

#include <QComboBox>
#include <QFormLayout>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>

namespace km {

PermissionsEditor::PermissionsEditor(QWidget *parent)
    : QWidget(parent)
    , m_type(new QComboBox(this))
    , m_roles(new QLineEdit(this))
    , m_explanation(new QLabel(this))
{
    m_type->setObjectName(QStringLiteral("permissionType"));
    m_type->addItem(tr("Public — every user may use it"), QStringLiteral("PUBLIC"));
    m_type->addItem(tr("Allow only these roles"), QStringLiteral("ALLOW"));
    m_type->addItem(tr("Deny these roles"), QStringLiteral("DENY"));
    m_roles->setObjectName(QStringLiteral("permissionRoles"));
    m_roles->setPlaceholderText(tr("Roles, separated by commas, e.g. Internal/subscriber, admin"));
    m_explanation->setWordWrap(true);
    m_explanation->setObjectName(QStringLiteral("permissionExplanation"));
    m_explanation->setTextFormat(Qt::PlainText);
    auto *form = new QFormLayout(this);
    form->setContentsMargins(0, 0, 0, 0);
    form->addRow(tr("&Visibility:"), m_type);
    form->addRow(tr("&Roles:"), m_roles);
    form->addRow(QString(), m_explanation);
    connect(m_type, &QComboBox::currentIndexChanged, this, [this] { updateState(); Q_EMIT changed(); });
    connect(m_roles, &QLineEdit::textChanged, this, [this] { updateState(); Q_EMIT changed(); });
    updateState();
}

QJsonObject PermissionsEditor::toJson() const
{
    QJsonArray roles;
    const QStringList parts = m_roles->text().split(QLatin1Char(','), Qt::SkipEmptyParts);
    for (const QString &r : parts) {
        if (!r.trimmed().isEmpty())
            roles.append(r.trimmed());
    }
    const QString type = m_type->currentData().toString();
    return QJsonObject{{QStringLiteral("permissionType"), type},
                       {QStringLiteral("roles"), type == QLatin1String("PUBLIC") ? QJsonArray() : roles}};
}

void PermissionsEditor::setJson(const QJsonObject &permissions)
{
    const int index = m_type->findData(permissions.value(QLatin1String("permissionType")).toString(QStringLiteral("PUBLIC")));
    m_type->setCurrentIndex(index < 0 ? 0 : index);
    QStringList roles;
    const QJsonArray array = permissions.value(QLatin1String("roles")).toArray();
    for (const QJsonValue &r : array)
        roles << r.toString();
    m_roles->setText(roles.join(QStringLiteral(", ")));
    updateState();
}

QString PermissionsEditor::validationError() const
{
    const QString type = m_type->currentData().toString();
    if (type != QLatin1String("PUBLIC") && toJson().value(QLatin1String("roles")).toArray().isEmpty())
        return tr("List at least one role, or choose Public.");
    return QString();
}

void PermissionsEditor::updateState()
{
    const QString type = m_type->currentData().toString();
    m_roles->setEnabled(type != QLatin1String("PUBLIC"));
    if (type == QLatin1String("PUBLIC"))
        m_explanation->setText(tr("Application developers of any role can generate keys with this key manager."));
    else if (type == QLatin1String("ALLOW"))
        m_explanation->setText(tr("Only users in the listed API Manager roles see this key manager in the Developer Portal."));
    else
        m_explanation->setText(tr("Users in the listed roles do not see this key manager; everyone else does."));
    const QString error = validationError();
    if (!error.isEmpty())
        m_explanation->setText(m_explanation->text() + QLatin1Char(' ') + error);
}

} // namespace km
