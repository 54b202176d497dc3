#pragma once
// A typed error from any remote call or local store, carrying what the user needs to fix it.

#include <QList>
#include <QSslCertificate>
#include <QString>
#include <QUrl>

namespace km {

struct ApiError
{
    enum class Kind {
        None,
        Network,        // host unreachable, connection refused or reset, DNS failure
        Timeout,        // no complete answer within the request's timeout
        Tls,            // certificate not trusted (chain attached) or handshake failure
        Http,           // the server answered with an error status
        UnexpectedHtml, // an HTML page (login page, proxy error) where JSON was expected
        InvalidJson,    // the body was not parseable JSON
        Cancelled,      // the user or the program cancelled the call
        Validation,     // input rejected before anything was sent
        Keychain,       // the OS keychain failed or is absent
        Storage,        // a local file could not be read or written
        Protocol,       // the answer parsed but does not fit the contract
    };

    Kind kind = Kind::None;
    int httpStatus = 0;
    QString vendorCode;    // "901402", "invalid_client", "AADSTS7000215", "Request_ResourceNotFound"
    QString message;       // the vendor's own short message, or ours
    QString description;   // the vendor's longer description, if any
    QString hint;          // what the user should do about it
    QString field;         // the input field the error is about, when known
    QString system;        // the system that answered or failed ("API Manager", "Asgardeo", …), when known
    QUrl url;
    QList<QSslCertificate> certificateChain; // with Kind::Tls: the chain the server presented

    bool isError() const { return kind != Kind::None; }
    explicit operator bool() const { return isError(); }

    // One or two sentences for a status line or stderr: what happened and what to do.
    QString toUserText() const;
    static QString kindName(Kind kind);

    static ApiError validation(const QString &message, const QString &hint = {}, const QString &field = {});
    static ApiError protocol(const QString &message, const QUrl &url = {});
    static ApiError cancelled();
    // The first error of a list of checks (none when all passed): one rule order for the GUI and the CLI.
    static ApiError firstOf(std::initializer_list<ApiError> checks);
};

// SHA-256 fingerprint as colon-separated upper-case hex ("AB:CD:…"), the form profiles pin.
QString sha256Fingerprint(const QSslCertificate &certificate);
// Accepts "AB:CD:…", "abcd…" or with spaces; returns the canonical colon form or empty if invalid.
QString normalizeFingerprint(const QString &text);

} // namespace km
