#include "ui/common/EmptyStateView.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace km {

EmptyStateView::EmptyStateView(QWidget *parent)
    : QWidget(parent)
    , m_title(new QLabel(this))
    , m_text(new QLabel(this))
    , m_action(new QPushButton(this))
{
    m_title->setObjectName(QStringLiteral("emptyStateTitle"));
    QFont font = m_title->font();
    font.setPointSizeF(font.pointSizeF() * 1.3);
    font.setBold(true);
    m_title->setFont(font);
    m_title->setAlignment(Qt::AlignCenter);
    m_title->setTextFormat(Qt::PlainText);
    m_title->setWordWrap(true);
    m_text->setObjectName(QStringLiteral("emptyStateText"));
    m_text->setWordWrap(true);
    m_text->setTextFormat(Qt::PlainText);
    m_text->setAlignment(Qt::AlignCenter);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_action->setObjectName(QStringLiteral("emptyStateAction"));
    m_action->hide();
    connect(m_action, &QPushButton::clicked, this, &EmptyStateView::actionTriggered);

    // A word-wrapped label needs a width from its layout, not an alignment, or it shrinks to a sliver.
    auto *column = new QWidget(this);
    column->setMaximumWidth(560);
    column->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    auto *columnLayout = new QVBoxLayout(column);
    columnLayout->addWidget(m_title);
    columnLayout->addSpacing(8);
    columnLayout->addWidget(m_text);
    columnLayout->addSpacing(8);
    columnLayout->addWidget(m_action, 0, Qt::AlignHCenter);
    auto *row = new QHBoxLayout;
    row->addStretch(1);
    row->addWidget(column, 4);
    row->addStretch(1);
    auto *layout = new QVBoxLayout(this);
    layout->addStretch(1);
    layout->addLayout(row);
    layout->addStretch(2);
}

EmptyStateView::EmptyStateView(const QString &title, const QString &text, QWidget *parent)
    : EmptyStateView(parent)
{
    setContent(title, text);
}

void EmptyStateView::setContent(const QString &title, const QString &text, const QString &actionText)
{
    m_title->setText(title);
    m_text->setText(text);
    m_action->setText(actionText);
    m_action->setVisible(!actionText.isEmpty());
}

QString EmptyStateView::title() const
{
    return m_title->text();
}

QString EmptyStateView::text() const
{
    return m_text->text();
}

} // namespace km
