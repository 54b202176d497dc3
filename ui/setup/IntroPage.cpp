#include "ui/setup/IntroPage.h"

#include <QLabel>
#include <QScrollArea>
#include <QVBoxLayout>

namespace km {

IntroPage::IntroPage(const QString &title, const QString &html, QWidget *parent)
    : QWizardPage(parent)
    , m_text(new QLabel(html))
{
    setTitle(title);
    m_text->setObjectName(QStringLiteral("introText"));
    m_text->setWordWrap(true);
    m_text->setTextFormat(Qt::RichText);
    m_text->setOpenExternalLinks(true);
    m_text->setTextInteractionFlags(Qt::TextBrowserInteraction);
    m_text->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    auto *scroll = new QScrollArea;
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(m_text);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(scroll, 1);
}

void IntroPage::addWidget(QWidget *widget)
{
    static_cast<QVBoxLayout *>(layout())->addWidget(widget);
}

} // namespace km
