#pragma once
// The record of every remote call this process made (secrets redacted), shown on the Activity page.

#include <QDateTime>
#include <QList>
#include <QObject>
#include <QUrl>

namespace km {

struct ActivityEntry
{
    int id = 0;
    QDateTime started;
    QByteArray method;
    QUrl url;          // redacted
    int status = 0;    // 0 when no HTTP answer arrived
    qint64 durationMs = 0;
    int attempt = 1;
    QString purpose;
    QString error;     // user text of the error, redacted; empty on success
    QByteArray requestBody;   // redacted, truncated
    QByteArray responseBody;  // redacted, truncated
};

class ActivityLog : public QObject
{
    Q_OBJECT
public:
    explicit ActivityLog(QObject *parent = nullptr);

    int append(ActivityEntry entry); // fills id; returns it
    const QList<ActivityEntry> &entries() const { return m_entries; }
    void clear();
    void setCapacity(int entries) { m_capacity = entries; }

Q_SIGNALS:
    void entryAdded(const km::ActivityEntry &entry);
    void cleared();

private:
    QList<ActivityEntry> m_entries;
    int m_nextId = 1;
    int m_capacity = 5000;
};

} // namespace km
