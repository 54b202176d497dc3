#include "ui/connect/CertificateTrustPanel.h"

#include "services/core/ApiError.h"

#include <QClipboard>
#include <QDateTime>
#include <QFontDatabase>
#include <QFormLayout>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QVBoxLayout>

namespace km {

namespace {
QLabel *valueLabel(QWidget *parent, const QString &objectName)
{
    auto *label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setWordWrap(true);
    label->setTextFormat(Qt::PlainText); // certificate fields are the server's text
    label->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    return label;
}
} // namespace

CertificateTrustPanel::CertificateTrustPanel(QWidget *parent)
    : QFrame(parent)
    , m_intro(new QLabel(this))
    , m_previousLabel(new QLabel(tr("Trusted before:"), this))
    , m_previousFingerprintLabel(valueLabel(this, QStringLiteral("certificatePreviousFingerprint")))
    , m_subject(valueLabel(this, QStringLiteral("certificateSubject")))
    , m_issuer(valueLabel(this, QStringLiteral("certificateIssuer")))
    , m_validity(valueLabel(this, QStringLiteral("certificateValidity")))
    , m_fingerprintLabel(valueLabel(this, QStringLiteral("certificateFingerprint")))
    , m_copy(new QPushButton(tr("Cop&y"), this))
    , m_trust(new QPushButton(this))
    , m_reject(new QPushButton(tr("Do&n't trust"), this))
{
    setObjectName(QStringLiteral("certificatePanel"));
    setFrameShape(QFrame::StyledPanel);
    m_intro->setObjectName(QStringLiteral("certificateIntro"));
    m_intro->setWordWrap(true);
    m_intro->setTextFormat(Qt::PlainText);
    QFont introFont = m_intro->font();
    introFont.setBold(true);
    m_intro->setFont(introFont);
    m_fingerprintLabel->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_previousFingerprintLabel->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_copy->setObjectName(QStringLiteral("copyFingerprint"));
    m_copy->setToolTip(tr("Copy the SHA-256 fingerprint to compare it with the one your administrator gives you"));
    m_trust->setObjectName(QStringLiteral("trustCertificate"));
    m_reject->setObjectName(QStringLiteral("rejectCertificate"));

    auto *fingerprintRow = new QHBoxLayout;
    fingerprintRow->addWidget(m_fingerprintLabel, 1);
    fingerprintRow->addWidget(m_copy, 0, Qt::AlignTop);
    auto *form = new QFormLayout;
    form->setRowWrapPolicy(QFormLayout::WrapLongRows);
    form->addRow(tr("Subject:"), m_subject);
    form->addRow(tr("Issuer:"), m_issuer);
    form->addRow(tr("Valid:"), m_validity);
    form->addRow(m_previousLabel, m_previousFingerprintLabel);
    form->addRow(tr("SHA-256:"), fingerprintRow);
    auto *buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(m_reject);
    buttons->addWidget(m_trust);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_intro);
    layout->addLayout(form);
    layout->addLayout(buttons);

    connect(m_copy, &QPushButton::clicked, this, [this] { QGuiApplication::clipboard()->setText(m_fingerprint); });
    connect(m_trust, &QPushButton::clicked, this, [this] { Q_EMIT trustRequested(m_hostPort, m_fingerprint); });
    connect(m_reject, &QPushButton::clicked, this, &CertificateTrustPanel::rejected);
    hide();
}

QString CertificateTrustPanel::describeName(const QSslCertificate &certificate, bool issuer)
{
    const QList<QByteArray> attributes = issuer ? certificate.issuerInfoAttributes() : certificate.subjectInfoAttributes();
    QStringList parts;
    for (const QByteArray &attribute : attributes) {
        const QStringList values = issuer ? certificate.issuerInfo(attribute) : certificate.subjectInfo(attribute);
        for (const QString &value : values)
            parts << QString::fromLatin1(attribute) + QLatin1Char('=') + value;
    }
    return parts.isEmpty() ? QObject::tr("(empty)") : parts.join(QStringLiteral(", "));
}

void CertificateTrustPanel::showCertificate(const QString &hostPort, const QList<QSslCertificate> &chain,
                                            const QString &previousFingerprint)
{
    m_hostPort = hostPort;
    const QSslCertificate certificate = chain.value(0);
    m_fingerprint = sha256Fingerprint(certificate);
    m_previousFingerprint = previousFingerprint;
    const bool selfSigned = certificate.isSelfSigned();
    if (isChangedCertificate()) {
        // Not a first use: the certificate the user trusted was replaced, which is also what an
        // interception looks like.
        m_intro->setText(
            tr("The certificate of %1 has changed since you trusted it. The server now presents a different "
               "certificate (new SHA-256 below, the one you trusted above it). Trust the new one only if your API Manager "
               "administrator confirms the certificate was replaced and gives you its fingerprint; otherwise someone may be "
               "intercepting the connection.")
                .arg(hostPort));
        m_previousFingerprintLabel->setText(previousFingerprint);
    } else {
        m_intro->setText(
            tr("The server at %1 presented a certificate that this computer does not trust. %2 "
               "Trust it only if its SHA-256 fingerprint matches the one your API Manager administrator gives you; "
               "the console will then accept exactly this certificate for %1 and nothing else.")
                .arg(hostPort,
                     selfSigned ? tr("It is self-signed, as API Manager's default certificate is.")
                                : tr("It was not issued by an authority this computer knows.")));
        m_previousFingerprintLabel->clear();
    }
    m_previousLabel->setVisible(isChangedCertificate());
    m_previousFingerprintLabel->setVisible(isChangedCertificate());
    m_subject->setText(describeName(certificate, false));
    m_issuer->setText(describeName(certificate, true));
    const QLocale locale;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QString validity = tr("%1 to %2").arg(locale.toString(certificate.effectiveDate().toLocalTime(), QLocale::ShortFormat),
                                          locale.toString(certificate.expiryDate().toLocalTime(), QLocale::ShortFormat));
    if (certificate.expiryDate() < now)
        validity += tr(" — expired");
    else if (certificate.effectiveDate() > now)
        validity += tr(" — not valid yet");
    m_validity->setText(validity);
    m_fingerprintLabel->setText(m_fingerprint);
    m_trust->setText(isChangedCertificate() ? tr("&Trust the new certificate for %1").arg(hostPort)
                                            : tr("&Trust this certificate for %1").arg(hostPort));
    show();
}

} // namespace km
