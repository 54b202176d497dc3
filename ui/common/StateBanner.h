#pragma once
// A strip at the top of a page that says what the page is waiting for or what went wrong, with a
// button for the obvious next step (Retry, Connect…), so no state needs a modal pop-up.

#include <QFrame>

class QLabel;
class QPushButton;

namespace km {

class StateBanner : public QFrame
{
    Q_OBJECT
public:
    enum class Kind { Info, Progress, Error };

    explicit StateBanner(QWidget *parent = nullptr);

    // Shows the banner; an empty actionText hides the button.
    void showMessage(Kind kind, const QString &text, const QString &actionText = {});
    void clear();

    Kind kind() const { return m_kind; }
    QString text() const;

Q_SIGNALS:
    void actionTriggered();

private:
    Kind m_kind = Kind::Info;
    QLabel *m_icon;
    QLabel *m_text;
    QPushButton *m_action;
};

} // namespace km
