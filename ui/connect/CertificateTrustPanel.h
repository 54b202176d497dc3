#pragma once
// Shows a certificate the system does not trust (subject, issuer, validity, SHA-256), or one that
// replaced the certificate pinned for the host (old and new fingerprints side by side), and asks
// explicitly whether to pin exactly that certificate for one host:port.

#include <QFrame>
#include <QSslCertificate>

class QLabel;
class QPushButton;

namespace km {

class CertificateTrustPanel : public QFrame
{
    Q_OBJECT
public:
    explicit CertificateTrustPanel(QWidget *parent = nullptr);

    // `chain` as the server presented it; the first certificate is the server's own.
    // `previousFingerprint` is the pin the presented certificate does not match; empty on first use.
    void showCertificate(const QString &hostPort, const QList<QSslCertificate> &chain, const QString &previousFingerprint = {});
    bool isChangedCertificate() const { return !m_previousFingerprint.isEmpty(); }
    QString hostPort() const { return m_hostPort; }
    QString fingerprint() const { return m_fingerprint; }

    // "CN=…, O=…" for a subject or issuer.
    static QString describeName(const QSslCertificate &certificate, bool issuer);

Q_SIGNALS:
    void trustRequested(const QString &hostPort, const QString &fingerprint);
    void rejected();

private:
    QString m_hostPort;
    QString m_fingerprint;
    QString m_previousFingerprint;
    QLabel *m_intro;
    QLabel *m_previousLabel;
    QLabel *m_previousFingerprintLabel;
    QLabel *m_subject;
    QLabel *m_issuer;
    QLabel *m_validity;
    QLabel *m_fingerprintLabel;
    QPushButton *m_copy;
    QPushButton *m_trust;
    QPushButton *m_reject;
};

} // namespace km
