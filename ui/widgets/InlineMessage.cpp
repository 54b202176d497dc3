#include "ui/widgets/InlineMessage.h"

#include "services/core/ApiError.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QStyle>
#include <QToolButton>

namespace km {

InlineMessage::InlineMessage(QWidget *parent)
    : QFrame(parent)
    , m_icon(new QLabel(this))
    , m_text(new QLabel(this))
    , m_action(new QPushButton(this))
    , m_close(new QToolButton(this))
{
    setObjectName(QStringLiteral("inlineMessage"));
    setFrameShape(QFrame::StyledPanel);
    m_text->setObjectName(QStringLiteral("inlineMessageText"));
    m_text->setWordWrap(true);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    // Error texts quote servers and users: shown as typed, never as markup or links.
    m_text->setTextFormat(Qt::PlainText);
    m_text->setOpenExternalLinks(false);
    m_action->setObjectName(QStringLiteral("inlineMessageAction"));
    m_action->setVisible(false);
    m_close->setAutoRaise(true);
    m_close->setIcon(style()->standardIcon(QStyle::SP_TitleBarCloseButton));
    m_close->setToolTip(tr("Dismiss"));
    connect(m_close, &QToolButton::clicked, this, &QWidget::hide);
    connect(m_action, &QPushButton::clicked, this, &InlineMessage::actionTriggered);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 6, 4, 6);
    layout->addWidget(m_icon, 0, Qt::AlignTop);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_action, 0, Qt::AlignTop);
    layout->addWidget(m_close, 0, Qt::AlignTop);
    hide();
}

void InlineMessage::showMessage(Type type, const QString &text)
{
    m_type = type;
    QStyle::StandardPixmap pixmap = QStyle::SP_MessageBoxInformation;
    QString colors = QStringLiteral("background:#e8f0fe;border:1px solid #8ab4f8;");
    switch (type) {
    case Type::Info: break;
    case Type::Success:
        pixmap = QStyle::SP_DialogApplyButton;
        colors = QStringLiteral("background:#e6f4ea;border:1px solid #81c995;");
        break;
    case Type::Warning:
        pixmap = QStyle::SP_MessageBoxWarning;
        colors = QStringLiteral("background:#fef7e0;border:1px solid #fdd663;");
        break;
    case Type::Error:
        pixmap = QStyle::SP_MessageBoxCritical;
        colors = QStringLiteral("background:#fce8e6;border:1px solid #f28b82;");
        break;
    }
    setStyleSheet(QStringLiteral("km--InlineMessage{%1border-radius:4px;} QLabel{background:transparent;border:none;color:#202124;}").arg(colors));
    m_icon->setPixmap(style()->standardIcon(pixmap).pixmap(20, 20));
    m_text->setText(text);
    show();
}

void InlineMessage::showError(const ApiError &error)
{
    showMessage(Type::Error, error.toUserText());
}

void InlineMessage::setAction(const QString &text)
{
    m_action->setText(text);
    m_action->setVisible(!text.isEmpty());
}

QString InlineMessage::text() const
{
    return m_text->text();
}

} // namespace km
