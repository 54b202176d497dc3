#pragma once
// API Manager's key managers as the console last read them, one per connection (ApimClient): the pages
// (Key Managers, Doctor, Token Inspector, the setup wizards' name check) observe it instead of each
// listing them again. Read once when first wanted, read again on refresh() and after the console itself
// creates, updates or deletes a key manager through the same client.

#include "services/core/ApiError.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QStringList>

namespace km {

class ApimClient;
class Job;

class KeyManagerCatalogue : public QObject
{
    Q_OBJECT
public:
    enum class State { NotRead, Reading, Read, Failed };
    Q_ENUM(State)

    explicit KeyManagerCatalogue(ApimClient *apim);

    State state() const { return m_state; }
    // The last list read ({count, list: [{id, name, type, enabled, …}]}), kept while a new read runs or
    // after one failed; empty until the first read.
    QJsonObject listObject() const { return m_list; }
    QJsonArray list() const { return m_list.value(QLatin1String("list")).toArray(); }
    QStringList names() const;
    // Why the last read failed (state Failed).
    const ApiError &error() const { return m_error; }

    // Reads the list again; a read already under way (started after the last change) is joined instead.
    // Result: the list object; fails with the read's error. The job is the caller's: cancelling it stops
    // only the caller's wait, never the read that others wait for too.
    Job *refresh();
    // The list as read, reading it first when it never was (or the last read failed).
    Job *ensure();

    // The console changed key managers through this client (a write was sent): what was read is old.
    // Read again at once when anyone read it before; a read under way is followed by another.
    void keyManagersChanged();

Q_SIGNALS:
    // The state, the list or the error changed; emitted before the jobs waiting for a read finish.
    void changed();
    // A read ended (either way); the waiting jobs are answered from it.
    void readFinished();

private:
    void startRead();
    Job *waitForRead();

    QPointer<ApimClient> m_apim;
    State m_state = State::NotRead;
    QJsonObject m_list;
    ApiError m_error;
    QPointer<Job> m_reading;
    bool m_readAgain = false; // a change came while the read was under way: its answer may be old
};

} // namespace km
