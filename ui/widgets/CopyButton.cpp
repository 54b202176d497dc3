#include "ui/widgets/CopyButton.h"

#include <QApplication>
#include <QClipboard>
#include <QTimer>

namespace km {

namespace {
QString s_lastCopied;
}

CopyButton::CopyButton(std::function<QString()> text, QWidget *parent)
    : QToolButton(parent)
    , m_text(std::move(text))
{
    setText(tr("Copy"));
    setToolTip(tr("Copy to the clipboard"));
    setObjectName(QStringLiteral("copyButton"));
    connect(this, &QToolButton::clicked, this, [this] {
        s_lastCopied = m_text ? m_text() : QString();
        QApplication::clipboard()->setText(s_lastCopied);
        setText(tr("Copied"));
        QTimer::singleShot(1500, this, [this] { setText(tr("Copy")); });
    });
}

QString CopyButton::lastCopied()
{
    return s_lastCopied;
}

} // namespace km
