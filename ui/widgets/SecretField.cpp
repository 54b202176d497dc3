#include "ui/widgets/SecretField.h"

#include <QAction>
#include <QStyle>

namespace km {

SecretField::SecretField(QWidget *parent)
    : QLineEdit(parent)
{
    setEchoMode(QLineEdit::Password);
    setInputMethodHints(Qt::ImhHiddenText | Qt::ImhNoPredictiveText | Qt::ImhNoAutoUppercase);
    m_toggle = addAction(style()->standardIcon(QStyle::SP_FileDialogContentsView), QLineEdit::TrailingPosition);
    m_toggle->setCheckable(true);
    m_toggle->setToolTip(tr("Show the secret"));
    m_toggle->setObjectName(QStringLiteral("revealSecret"));
    connect(m_toggle, &QAction::toggled, this, &SecretField::setRevealed);
}

void SecretField::setRevealed(bool revealed)
{
    setEchoMode(revealed ? QLineEdit::Normal : QLineEdit::Password);
    m_toggle->setToolTip(revealed ? tr("Hide the secret") : tr("Show the secret"));
    if (m_toggle->isChecked() != revealed)
        m_toggle->setChecked(revealed);
}

} // namespace km
