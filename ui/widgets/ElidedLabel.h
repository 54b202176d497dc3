#pragma once
// A one-line, selectable label that elides its text in the middle when narrower than it (URLs keep their host
// and their last path segment visible); the full text is in its tool tip and in text().

#include <QLabel>

namespace km {

class ElidedLabel : public QLabel
{
    Q_OBJECT
public:
    explicit ElidedLabel(const QString &text, QWidget *parent = nullptr);
    // The whole text (QLabel::text() holds what is shown).
    QString fullText() const { return m_full; }
    void setFullText(const QString &text);
    QSize minimumSizeHint() const override;
    QSize sizeHint() const override;

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    void updateElision();
    QString m_full;
};

} // namespace km
