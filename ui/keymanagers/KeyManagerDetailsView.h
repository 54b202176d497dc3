#pragma once
// A key manager's configuration as the Key Managers page shows it: a form grouped like the Admin Portal
// (KeyManagerDetails' sections, URLs elided in the middle, secrets never shown) and, on a second tab, the
// JSON (secrets masked) to copy into a ticket.

#include <QJsonObject>
#include <QTabWidget>

class QPlainTextEdit;
class QScrollArea;
class QVBoxLayout;

namespace km {

struct ConnectorType;

class KeyManagerDetailsView : public QTabWidget
{
    Q_OBJECT
public:
    explicit KeyManagerDetailsView(QWidget *parent = nullptr);

    // `keyManager` as it may be shown (masked); `connector` its /settings description, or null.
    void setKeyManager(const QJsonObject &keyManager, const ConnectorType *connector);
    void clear();
    QPlainTextEdit *jsonView() const { return m_json; }
    // The label and value widgets of the form, for tests: the value shown next to `label` in `section`.
    QString valueOf(const QString &section, const QString &label) const;

private:
    QScrollArea *m_scroll;
    QWidget *m_form;
    QPlainTextEdit *m_json;
    QJsonObject m_shown;
    QString m_connectorKey;
};

} // namespace km
