#include "ui/widgets/GrantTypesEditor.h"

#include "ui/widgets/FitToRows.h"

#include <QLabel>
#include <QListWidget>
#include <QVBoxLayout>

namespace km {

namespace {
QString describe(const QString &grant)
{
    static const QHash<QString, QString> names = {
        {QStringLiteral("client_credentials"), QStringLiteral("Client credentials (application tokens)")},
        {QStringLiteral("authorization_code"), QStringLiteral("Authorization code (user sign-in)")},
        {QStringLiteral("refresh_token"), QStringLiteral("Refresh token")},
        {QStringLiteral("password"), QStringLiteral("Password (resource owner)")},
        {QStringLiteral("implicit"), QStringLiteral("Implicit (not recommended)")},
        {QStringLiteral("urn:ietf:params:oauth:grant-type:jwt-bearer"), QStringLiteral("JWT bearer")},
        {QStringLiteral("urn:ietf:params:oauth:grant-type:token-exchange"), QStringLiteral("Token exchange")},
        {QStringLiteral("urn:ietf:params:oauth:grant-type:device_code"), QStringLiteral("Device code")},
    };
    const QString name = names.value(grant);
    return name.isEmpty() ? grant : name + QStringLiteral("  —  ") + grant;
}
} // namespace

GrantTypesEditor::GrantTypesEditor(QWidget *parent)
    : QWidget(parent)
    , m_list(new QListWidget(this))
    , m_reason(new QLabel(this))
{
    m_list->setObjectName(QStringLiteral("grantTypes"));
    m_reason->setObjectName(QStringLiteral("grantTypesReason"));
    m_reason->setTextFormat(Qt::PlainText);
    m_reason->setWordWrap(true);
    m_reason->hide();
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_list);
    layout->addWidget(m_reason);
    fitToRows(m_list);
    connect(m_list, &QListWidget::itemChanged, this, &GrantTypesEditor::changed);
}

void GrantTypesEditor::setGrantTypes(const QStringList &available, const QStringList &checked)
{
    const QSignalBlocker block(m_list);
    m_list->clear();
    QStringList all = available;
    for (const QString &c : checked) {
        if (!all.contains(c))
            all.append(c);
    }
    for (const QString &grant : std::as_const(all)) {
        auto *item = new QListWidgetItem(describe(grant), m_list);
        item->setData(Qt::UserRole, grant);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable | Qt::ItemIsSelectable);
        item->setCheckState(checked.contains(grant) ? Qt::Checked : Qt::Unchecked);
    }
    m_list->setEnabled(true);
    m_reason->hide();
    Q_EMIT changed();
}

QStringList GrantTypesEditor::checkedGrantTypes() const
{
    QStringList out;
    for (int i = 0; i < m_list->count(); ++i) {
        if (m_list->item(i)->checkState() == Qt::Checked)
            out << m_list->item(i)->data(Qt::UserRole).toString();
    }
    return out;
}

void GrantTypesEditor::setFixed(const QStringList &grantTypes, const QString &reason)
{
    setGrantTypes(grantTypes, grantTypes);
    for (int i = 0; i < m_list->count(); ++i)
        m_list->item(i)->setFlags(Qt::ItemIsEnabled);
    m_reason->setText(reason);
    m_reason->show();
}

} // namespace km
