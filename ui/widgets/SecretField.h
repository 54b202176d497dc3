#pragma once
// A masked line edit with a show/hide toggle, for client secrets and passwords.

#include <QLineEdit>

namespace km {

class SecretField : public QLineEdit
{
    Q_OBJECT
public:
    explicit SecretField(QWidget *parent = nullptr);
    void setRevealed(bool revealed);
    bool isRevealed() const { return echoMode() == QLineEdit::Normal; }

private:
    QAction *m_toggle;
};

} // namespace km
