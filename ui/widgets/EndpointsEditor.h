#pragma once
// Editable table of a key manager's endpoints (name, URL, note), as API Manager's `endpoints` array.

#include <QJsonArray>
#include <QWidget>

class QTableWidget;

namespace km {

class EndpointsEditor : public QWidget
{
    Q_OBJECT
public:
    explicit EndpointsEditor(QWidget *parent = nullptr);

    // The endpoint names API Manager 4.x understands, in the Admin Portal's order, with labels.
    static QList<QPair<QString, QString>> standardEndpoints();

    void setEndpoints(const QJsonArray &endpoints);      // [{name, value}]
    void setNote(const QString &name, const QString &note); // e.g. "not supported by Azure"
    QJsonArray endpoints() const;                         // rows with a value
    QString value(const QString &name) const;
    void setValue(const QString &name, const QString &value);
    // Empty when valid; otherwise names the row to fix (a value that is neither a URL nor "none").
    QString validationError() const;

Q_SIGNALS:
    void changed();

private:
    int rowOf(const QString &name) const;
    QTableWidget *m_table;
};

} // namespace km
