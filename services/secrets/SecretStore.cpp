#include "services/secrets/SecretStore.h"

#include "services/core/Logging.h"
#include "services/core/Redactor.h"

#include <QJsonObject>
#include <QTimer>
#include <QUuid>

#include <qt6keychain/keychain.h>

namespace km {

namespace {

// Errors that mean "no usable keychain" rather than "this entry has a problem".
bool isUnavailable(QKeychain::Error error)
{
    return error == QKeychain::NoBackendAvailable || error == QKeychain::AccessDeniedByUser
           || error == QKeychain::AccessDenied || error == QKeychain::OtherError || error == QKeychain::NotImplemented;
}

ApiError keychainError(const QString &message, const QString &hint, const QString &code = QString())
{
    ApiError e;
    e.kind = ApiError::Kind::Keychain;
    e.message = message;
    e.hint = hint;
    e.vendorCode = code;
    return e;
}

// No parent: libsecret finishes a job from its own callback, which would reach a freed job if the
// job died with its SecretStore. A job deletes itself once finished; whoever waits for it connects
// with a context object of its own, so a store that is gone hears nothing.
template<typename KeychainJob>
KeychainJob *makeJob(const QString &service, const QString &key)
{
    auto *job = new KeychainJob(service);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(key);
    return job;
}

} // namespace

SecretStore::SecretStore(const QString &service, QObject *parent)
    : QObject(parent)
    , m_service(service)
{
}

QString SecretStore::apimPasswordKey(const QString &profile) { return QStringLiteral("apim/%1/password").arg(profile); }
QString SecretStore::apimDcrSecretKey(const QString &profile) { return QStringLiteral("apim/%1/dcr-client-secret").arg(profile); }
QString SecretStore::asgardeoSecretKey(const QString &profile) { return QStringLiteral("asgardeo/%1/client-secret").arg(profile); }
QString SecretStore::entraSecretKey(const QString &profile) { return QStringLiteral("entra/%1/client-secret").arg(profile); }

void SecretStore::markUnavailable(const QString &reason)
{
    const bool first = !m_sessionOnly;
    m_sessionOnly = true;
    m_problem = SecretStore::tr("No OS keychain answered (%1). Start or unlock your keyring (GNOME Keyring, KWallet or "
                                "another Secret Service); until then secrets are kept for this session only and will be "
                                "asked for again next time.").arg(reason);
    qCWarning(lcSecrets).noquote() << m_problem;
    m_sinceFailure.start();
    if (first)
        Q_EMIT keychainUnavailable(m_problem);
}

void SecretStore::markAvailable()
{
    if (!m_sessionOnly)
        return;
    m_sessionOnly = false;
    m_problem.clear();
    qCInfo(lcSecrets) << "the keychain answers again; moving" << m_session.size() << "session secret(s) into it";
    // What the user typed while it was away goes where it belongs; each stays in the session until stored.
    for (auto it = m_session.cbegin(); it != m_session.cend(); ++it) {
        // Copies: the jobs below finish later, when the session may have changed.
        const QString key = it.key(); // NOLINT(performance-unnecessary-copy-initialization)
        const QString secret = it.value(); // NOLINT(performance-unnecessary-copy-initialization)
        auto *kj = makeJob<QKeychain::WritePasswordJob>(m_service, key);
        kj->setTextData(secret);
        connect(kj, &QKeychain::Job::finished, this, [this, key, secret](QKeychain::Job *done) {
            if (done->error() == QKeychain::NoError && m_session.value(key) == secret)
                m_session.remove(key);
        });
        kj->start();
    }
    Q_EMIT keychainAvailable();
}

void SecretStore::retryKeychainSoon()
{
    if (!m_sessionOnly || (m_sinceFailure.isValid() && m_sinceFailure.elapsed() < RetryIntervalMs))
        return;
    m_sinceFailure.start();
    probe(); // a round trip; on success markAvailable() moves the session's secrets into the keychain
}

Job *SecretStore::write(const QString &key, const QString &secret)
{
    auto *job = new FunctionJob(this);
    Redactor::registerSecret(secret);
    auto *kj = makeJob<QKeychain::WritePasswordJob>(m_service, key);
    kj->setTextData(secret);
    // Said before the job finishes, and even when nobody waits for it any more: the secret changed.
    connect(kj, &QKeychain::Job::finished, this, [this, key] { Q_EMIT secretChanged(key); });
    connect(kj, &QKeychain::Job::finished, job, [this, job, key, secret](QKeychain::Job *done) {
        if (done->error() == QKeychain::NoError) {
            m_session.remove(key);
            markAvailable();
            job->succeed(QJsonObject{{QStringLiteral("stored"), QStringLiteral("keychain")}});
            return;
        }
        // Keep what the user typed: the session copy lets the work go on.
        m_session.insert(key, secret);
        markUnavailable(done->errorString());
        job->succeed(QJsonObject{{QStringLiteral("stored"), QStringLiteral("session")},
                                 {QStringLiteral("message"), m_problem}});
    });
    kj->start();
    return job;
}

Job *SecretStore::read(const QString &key)
{
    auto *job = new FunctionJob(this);
    if (m_session.contains(key)) {
        const QString value = m_session.value(key);
        job->succeedLater(value);
        retryKeychainSoon();
        return job;
    }
    auto *kj = makeJob<QKeychain::ReadPasswordJob>(m_service, key);
    connect(kj, &QKeychain::Job::finished, job, [this, job, key](QKeychain::Job *done) {
        const auto *readJob = static_cast<QKeychain::ReadPasswordJob *>(done);
        if (done->error() == QKeychain::NoError) {
            const QString value = readJob->textData();
            Redactor::registerSecret(value);
            markAvailable();
            job->succeed(value);
            return;
        }
        if (done->error() == QKeychain::EntryNotFound)
            markAvailable(); // the keychain answered, even if not with a secret
        if (done->error() == QKeychain::EntryNotFound) {
            job->fail(keychainError(SecretStore::tr("No secret is stored for %1").arg(key),
                                    SecretStore::tr("Enter it again; it will be saved in the keychain."),
                                    QStringLiteral("not-found")));
            return;
        }
        if (isUnavailable(done->error()))
            markUnavailable(done->errorString());
        job->fail(keychainError(SecretStore::tr("The keychain could not give the secret for %1: %2").arg(key, done->errorString()),
                                SecretStore::tr("Unlock your keyring and try again, or enter the secret for this session."),
                                QStringLiteral("unavailable")));
    });
    kj->start();
    return job;
}

Job *SecretStore::remove(const QString &key)
{
    auto *job = new FunctionJob(this);
    m_session.remove(key);
    auto *kj = makeJob<QKeychain::DeletePasswordJob>(m_service, key);
    connect(kj, &QKeychain::Job::finished, this, [this, key] { Q_EMIT secretChanged(key); });
    connect(kj, &QKeychain::Job::finished, job, [job, key](QKeychain::Job *done) {
        if (done->error() == QKeychain::NoError || done->error() == QKeychain::EntryNotFound) {
            job->succeed();
            return;
        }
        job->fail(keychainError(SecretStore::tr("The keychain could not delete the secret for %1: %2").arg(key, done->errorString()),
                                SecretStore::tr("Unlock your keyring and try again.")));
    });
    kj->start();
    return job;
}

Job *SecretStore::probe()
{
    // isAvailable() does not prove a daemon answers: do a real round trip on a throw-away key.
    auto *job = new FunctionJob(this);
    const QString key = QStringLiteral("probe/") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    const QString value = QUuid::createUuid().toString(QUuid::WithoutBraces);
    auto fail = [this, job](const QString &reason) {
        markUnavailable(reason);
        job->succeed(QJsonObject{{QStringLiteral("available"), false}, {QStringLiteral("message"), m_problem}});
    };
    auto *w = makeJob<QKeychain::WritePasswordJob>(m_service, key);
    w->setTextData(value);
    connect(w, &QKeychain::Job::finished, job, [this, job, key, value, fail](QKeychain::Job *wd) {
        if (wd->error() != QKeychain::NoError) {
            fail(wd->errorString());
            return;
        }
        auto *r = makeJob<QKeychain::ReadPasswordJob>(m_service, key);
        connect(r, &QKeychain::Job::finished, job, [this, job, key, value, fail](QKeychain::Job *rd) {
            const bool same = rd->error() == QKeychain::NoError
                              && static_cast<QKeychain::ReadPasswordJob *>(rd)->textData() == value;
            auto *d = makeJob<QKeychain::DeletePasswordJob>(m_service, key);
            d->start();
            if (!same) {
                fail(rd->error() == QKeychain::NoError ? SecretStore::tr("it returned a different value") : rd->errorString());
                return;
            }
            markAvailable();
            job->succeed(QJsonObject{{QStringLiteral("available"), true},
                                     {QStringLiteral("message"), SecretStore::tr("The OS keychain stores and returns secrets.")}});
        });
        r->start();
    });
    w->start();
    return job;
}

} // namespace km
