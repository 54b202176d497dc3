#pragma once
// A small button that copies a text to the clipboard and says so.

#include <QToolButton>

#include <functional>

namespace km {

class CopyButton : public QToolButton
{
    Q_OBJECT
public:
    // `text` is asked for at click time, so the button always copies the current value.
    CopyButton(std::function<QString()> text, QWidget *parent = nullptr);
    static QString lastCopied();

private:
    std::function<QString()> m_text;
};

} // namespace km
