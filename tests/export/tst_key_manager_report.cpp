// The report for people (KeyManagerReport): names, issuer, who/when/which API Manager; never a secret;
// every outside value escaped; the PDF is a PDF.

#include "services/export/KeyManagerExport.h"
#include "services/export/KeyManagerReport.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

using namespace km;

class TstKeyManagerReport : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void htmlHoldsTheConfigurationButNoSecret();
    void outsideValuesAreEscaped();
    void pdfIsWritten();
};

namespace {

const QString kSecret = QStringLiteral("s3cr3t-value-of-the-entra-app-42");

QJsonObject documentOf(const QString &name)
{
    const QJsonObject original{{QStringLiteral("name"), name}, {QStringLiteral("type"), QStringLiteral("AzureAD")}, {QStringLiteral("enabled"), true},
                               {QStringLiteral("issuer"), QStringLiteral("https://login.example.com/tenant/v2.0")},
                               {QStringLiteral("additionalProperties"), QJsonObject{{QStringLiteral("azure_ad_client_id"), QStringLiteral("client-1")},
                                                                                    {QStringLiteral("azure_ad_client_secret"), kSecret}}}};
    QJsonArray required;
    const QJsonObject portable = KeyManagerExport::portable(original, &required);
    return QJsonObject{{QStringLiteral("format"), QString(KeyManagerExport::Format)}, {QStringLiteral("version"), KeyManagerExport::Version},
                       {QStringLiteral("exportedAt"), QStringLiteral("2026-01-02T03:04:05Z")}, {QStringLiteral("source"), QStringLiteral("https://apim.example.com:9443")},
                       {QStringLiteral("keyManagers"), QJsonArray{portable}}, {QStringLiteral("secretsRequired"), required}};
}

} // namespace

void TstKeyManagerReport::htmlHoldsTheConfigurationButNoSecret()
{
    const QString html = KeyManagerReport::html(documentOf(QStringLiteral("AzureAD-v2")), {}, QStringLiteral("admin (profile dev)"),
                                                QStringLiteral("https://apim.example.com:9443"));
    QVERIFY(html.contains(QStringLiteral("AzureAD-v2")));
    QVERIFY(html.contains(QStringLiteral("https://login.example.com/tenant/v2.0")));
    QVERIFY(html.contains(QStringLiteral("admin (profile dev)")));
    QVERIFY(html.contains(QStringLiteral("2026-01-02T03:04:05Z")));
    QVERIFY(html.contains(QStringLiteral("https://apim.example.com:9443")));
    QVERIFY(html.contains(QStringLiteral("Doctor not run")));
    QVERIFY(html.contains(KeyManagerReport::maskedText()));
    QVERIFY2(!html.contains(kSecret), "the report holds the secret");
}

void TstKeyManagerReport::outsideValuesAreEscaped()
{
    const QString html = KeyManagerReport::html(documentOf(QStringLiteral("<script>alert(1)</script>")), {}, QStringLiteral("<b>who</b>"),
                                                QStringLiteral("https://apim.example.com"));
    QVERIFY(!html.contains(QStringLiteral("<script>")));
    QVERIFY(!html.contains(QStringLiteral("<b>who</b>")));
    QVERIFY(html.contains(QStringLiteral("&lt;script&gt;alert(1)&lt;/script&gt;")));
}

void TstKeyManagerReport::pdfIsWritten()
{
    ApiError error;
    const QByteArray pdf = KeyManagerReport::pdf(KeyManagerReport::html(documentOf(QStringLiteral("AzureAD")), {}, QStringLiteral("admin"),
                                                                        QStringLiteral("https://apim.example.com")), &error);
    QVERIFY2(!error, qPrintable(error.toUserText()));
    QVERIFY(pdf.startsWith("%PDF-"));
}

QTEST_MAIN(TstKeyManagerReport)
#include "tst_key_manager_report.moc"
