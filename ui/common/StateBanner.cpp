#include "ui/common/StateBanner.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QStyle>

namespace km {

StateBanner::StateBanner(QWidget *parent)
    : QFrame(parent)
    , m_icon(new QLabel(this))
    , m_text(new QLabel(this))
    , m_action(new QPushButton(this))
{
    setObjectName(QStringLiteral("stateBanner"));
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    m_text->setObjectName(QStringLiteral("stateBannerText"));
    m_text->setWordWrap(true);
    m_text->setTextFormat(Qt::PlainText); // server text, never markup
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_text->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    m_action->setObjectName(QStringLiteral("stateBannerAction"));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(10, 6, 10, 6);
    layout->addWidget(m_icon, 0, Qt::AlignTop);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_action, 0, Qt::AlignVCenter);
    connect(m_action, &QPushButton::clicked, this, &StateBanner::actionTriggered);
    hide();
}

void StateBanner::showMessage(Kind kind, const QString &text, const QString &actionText)
{
    m_kind = kind;
    m_text->setText(text);
    m_action->setText(actionText);
    m_action->setVisible(!actionText.isEmpty());
    QStyle::StandardPixmap icon = QStyle::SP_MessageBoxInformation;
    QColor background(0xe8, 0xf0, 0xfb);
    switch (kind) {
    case Kind::Info: break;
    case Kind::Progress:
        icon = QStyle::SP_BrowserReload;
        break;
    case Kind::Error:
        icon = QStyle::SP_MessageBoxWarning;
        background = QColor(0xfd, 0xec, 0xea);
        break;
    }
    const int size = style()->pixelMetric(QStyle::PM_SmallIconSize);
    m_icon->setPixmap(style()->standardIcon(icon).pixmap(size, size));
    QPalette p = palette();
    p.setColor(QPalette::Window, background);
    p.setColor(QPalette::WindowText, QColor(0x20, 0x20, 0x20));
    setPalette(p);
    show();
}

void StateBanner::clear()
{
    m_text->clear();
    hide();
}

QString StateBanner::text() const
{
    return isHidden() ? QString() : m_text->text();
}

} // namespace km
