#pragma once
// First page of a setup wizard: the steps the administrator must do by hand first, with links.

#include <QWizardPage>

class QLabel;

namespace km {

class IntroPage : public QWizardPage
{
    Q_OBJECT
public:
    IntroPage(const QString &title, const QString &html, QWidget *parent = nullptr);
    // Extra widgets (e.g. the Entra cloud selector) go under the text.
    void addWidget(QWidget *widget);

private:
    QLabel *m_text;
};

} // namespace km
