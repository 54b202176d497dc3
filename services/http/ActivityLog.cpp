#include "services/http/ActivityLog.h"

namespace km {

ActivityLog::ActivityLog(QObject *parent)
    : QObject(parent)
{
}

int ActivityLog::append(ActivityEntry entry)
{
    entry.id = m_nextId++;
    if (m_entries.size() >= m_capacity)
        m_entries.removeFirst();
    m_entries.append(entry);
    Q_EMIT entryAdded(entry);
    return entry.id;
}

void ActivityLog::clear()
{
    m_entries.clear();
    Q_EMIT cleared();
}

} // namespace km
