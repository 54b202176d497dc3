#pragma once
// What a page shows instead of an empty table: a title, what this place is for and what to do
// next, and optionally a button for it.

#include <QWidget>

class QLabel;
class QPushButton;

namespace km {

class EmptyStateView : public QWidget
{
    Q_OBJECT
public:
    explicit EmptyStateView(QWidget *parent = nullptr);
    EmptyStateView(const QString &title, const QString &text, QWidget *parent = nullptr);

    // An empty actionText hides the button.
    void setContent(const QString &title, const QString &text, const QString &actionText = {});
    QString title() const;
    QString text() const;

Q_SIGNALS:
    void actionTriggered();

private:
    QLabel *m_title;
    QLabel *m_text;
    QPushButton *m_action;
};

} // namespace km
