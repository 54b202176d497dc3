#pragma once
// Checks requests (and the responses they get) against a vendor OpenAPI file with an independent
// validator: Stoplight Prism (npm @stoplight/prism-cli) running as a validating proxy.

#include <QJsonArray>
#include <QProcess>
#include <QStringList>
#include <QUrl>

namespace km::test {

class OpenApiValidator
{
public:
    ~OpenApiValidator();

    // `specFile` is a file in tests/contracts (vendor specs with their source and licence); `upstream` the real server's base for that API
    // (e.g. https://localhost:1234/api/am/admin/v4). False with `error` when Prism cannot run.
    bool start(const QString &specFile, const QUrl &upstream, QString *error);

    // Re-sends each recorded exchange whose path starts with `prefix` through Prism, with
    // `authorization` as its Authorization header. Returns one line per violation, e.g.
    // "POST /key-managers: request body must have required property 'name'".
    QStringList validate(const QJsonArray &exchanges, const QString &prefix, const QByteArray &authorization);
    // Sends one request through Prism and returns its violations (for proving the validator reports them).
    QStringList check(const QByteArray &method, const QString &path, const QByteArray &body,
                      const QByteArray &contentType, const QByteArray &authorization);

    int checkedCount() const { return m_checked; }

private:
    QProcess m_prism;
    QUrl m_base;
    int m_checked = 0;
};

} // namespace km::test
