#include "services/apim/KeyManagerCatalogue.h"

#include "services/apim/ApimClient.h"
#include "services/core/ConstRange.h"
#include "services/core/Job.h"
#include "services/core/Tasks.h"

namespace km {

KeyManagerCatalogue::KeyManagerCatalogue(ApimClient *apim)
    : QObject(apim)
    , m_apim(apim)
{
}

QStringList KeyManagerCatalogue::names() const
{
    QStringList out;
    for (const QJsonValue &v : km::constTemporary(list()))
        out << v.toObject().value(QLatin1String("name")).toString();
    return out;
}

Job *KeyManagerCatalogue::refresh()
{
    if (!m_reading)
        startRead();
    return waitForRead();
}

Job *KeyManagerCatalogue::ensure()
{
    if (m_state == State::Read)
        return tasks::done(m_list, this);
    if (m_state == State::Reading)
        return waitForRead();
    return refresh();
}

void KeyManagerCatalogue::keyManagersChanged()
{
    if (m_reading)
        m_readAgain = true;
    else if (m_state != State::NotRead)
        startRead();
}

void KeyManagerCatalogue::startRead()
{
    if (!m_apim)
        return;
    m_readAgain = false;
    Job *read = m_apim->listKeyManagers();
    m_reading = read;
    if (m_state != State::Reading) {
        m_state = State::Reading;
        Q_EMIT changed();
    }
    read->onFinished(this, [this](Job *r) {
        if (m_reading != r)
            return;
        m_reading = nullptr;
        if (m_readAgain) {
            startRead(); // the answer may predate a change: the waiting jobs get the next one
            return;
        }
        if (r->hasError()) {
            m_state = State::Failed;
            m_error = r->error();
        } else {
            m_state = State::Read;
            m_error = ApiError();
            m_list = r->result().toObject();
        }
        Q_EMIT changed();
        Q_EMIT readFinished();
    });
}

Job *KeyManagerCatalogue::waitForRead()
{
    auto *job = new FunctionJob(this);
    if (!m_reading) { // no client any more
        job->failLater(ApiError::cancelled());
        return job;
    }
    // Only the caller's wait: the job owns nothing, so cancelling it leaves the read to the others.
    connect(this, &KeyManagerCatalogue::readFinished, job, [this, job] {
        if (m_state == State::Read)
            job->succeed(m_list);
        else
            job->fail(m_error);
    });
    return job;
}

} // namespace km
