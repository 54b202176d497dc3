#pragma once
// A message shown inside a page or dialog (never a modal pop-up): what happened, what to do, optional action.

#include <QFrame>

class QLabel;
class QPushButton;
class QToolButton;

namespace km {

struct ApiError;

class InlineMessage : public QFrame
{
    Q_OBJECT
public:
    enum class Type { Info, Success, Warning, Error };

    explicit InlineMessage(QWidget *parent = nullptr);

    void showMessage(Type type, const QString &text);
    void showError(const ApiError &error);
    // A button inside the message ("Retry", "Trust certificate…"); hidden when text is empty.
    void setAction(const QString &text);
    QString text() const;
    Type type() const { return m_type; }

Q_SIGNALS:
    void actionTriggered();

private:
    Type m_type = Type::Info;
    QLabel *m_icon;
    QLabel *m_text;
    QPushButton *m_action;
    QToolButton *m_close;
};

} // namespace km
