#include "services/export/KeyManagerReport.h"

#include "services/apim/ApimClient.h"
#include "services/apim/KeyManagerConfig.h"
#include "services/apim/KeyManagerDetails.h"
#include "services/core/Background.h"
#include "services/core/ConstRange.h"
#include "services/core/Job.h"
#include "services/doctor/Doctor.h"

#include "services/core/Redactor.h"
#include "services/export/KeyManagerExport.h"

#include <QBuffer>
#include <QDateTime>
#include <QGuiApplication>
#include <QJsonArray>
#include <QPageLayout>
#include <QPageSize>
#include <QPdfWriter>
#include <QPointer>
#include <QSet>
#include <QTextDocument>

namespace km {

namespace {

// Every value from outside (the server, the profile, the Doctor) goes through here: anything that looks
// like a secret the process knows is masked, then it is escaped for HTML.
QString text(const QString &value)
{
    return Redactor::redactText(value).toHtmlEscaped();
}

QString row(const QString &label, const QString &valueHtml)
{
    return QStringLiteral("<tr><th align=\"left\" valign=\"top\">%1</th><td>%2</td></tr>\n").arg(label.toHtmlEscaped(), valueHtml);
}

QString table(const QString &rows)
{
    return QStringLiteral("<table border=\"1\" cellspacing=\"0\" cellpadding=\"4\" width=\"100%\">\n%1</table>\n").arg(rows);
}

QString levelColour(const QString &level)
{
    if (level == QLatin1String("error"))
        return QStringLiteral("#b00020");
    if (level == QLatin1String("warn"))
        return QStringLiteral("#8a5a00");
    return QStringLiteral("#1b5e20");
}

QString checksTable(const QList<QJsonObject> &checks)
{
    if (checks.isEmpty())
        return QStringLiteral("<p><i>The Doctor reported no check for it.</i></p>\n");
    QString rows = QStringLiteral("<tr><th align=\"left\">Level</th><th align=\"left\">Check</th><th align=\"left\">Found</th><th align=\"left\">Fix</th></tr>\n");
    for (const QJsonObject &check : checks) {
        const QString level = check.value(QLatin1String("level")).toString();
        rows += QStringLiteral("<tr><td><b><font color=\"%1\">%2</font></b></td><td>%3</td><td>%4</td><td>%5</td></tr>\n")
                    .arg(levelColour(level), text(level), text(check.value(QLatin1String("id")).toString()),
                         text(check.value(QLatin1String("message")).toString()), text(check.value(QLatin1String("fix")).toString()));
    }
    return table(rows);
}

// A key manager as the Key Managers page shows it (KeyManagerDetails: Admin Portal groups and labels), each
// secret field as masked, then the Doctor's checks of it.
QString keyManagerSection(const QJsonObject &km, const QSet<QString> &requiredFields, const QList<QJsonObject> &checks, bool doctorRan)
{
    const QString type = km.value(QLatin1String("type")).toString();
    // A secret is never shown, whatever it holds: the export emptied it, and this holds either way.
    QSet<QString> secrets;
    QJsonObject shown = km;
    QJsonObject props = km.value(QLatin1String("additionalProperties")).toObject();
    for (auto it = props.begin(); it != props.end(); ++it) {
        if (requiredFields.contains(it.key()) || KeyManagerExport::isSecretField(type, it.key()) || Redactor::isSecretKey(it.key())) {
            secrets.insert(it.key());
            it.value() = QString(KeyManagerConfig::Masked);
        }
    }
    shown.insert(QStringLiteral("additionalProperties"), props);

    QString out = QStringLiteral("<h2>%1</h2>\n").arg(text(km.value(QLatin1String("name")).toString()));
    for (const DetailSection &section : KeyManagerDetails::sections(shown, nullptr)) {
        if (section.rows.isEmpty())
            continue;
        QString rows;
        for (const DetailRow &r : section.rows)
            rows += row(r.label, secrets.contains(r.key) ? KeyManagerReport::maskedText().toHtmlEscaped() : text(r.value));
        out += QStringLiteral("<h3>%1</h3>\n").arg(text(section.title)) + table(rows);
    }
    out += QStringLiteral("<h3>Doctor</h3>\n");
    out += doctorRan ? checksTable(checks) : QStringLiteral("<p><i>Doctor not run.</i></p>\n");
    return out;
}

} // namespace

QString KeyManagerReport::maskedText()
{
    return QStringLiteral("••• (masked)");
}

QString KeyManagerReport::html(const QJsonObject &document, const QJsonObject &doctorReport, const QString &who, const QString &apimUrl)
{
    const QJsonArray keyManagers = document.value(QLatin1String("keyManagers")).toArray();
    const QJsonArray required = document.value(QLatin1String("secretsRequired")).toArray();
    const bool doctorRan = doctorReport.contains(QLatin1String("checks"));
    const QString title = KeyManagerReport::tr("Key managers of %1").arg(apimUrl);

    QHash<QString, QSet<QString>> requiredFields; // key manager → its secret fields
    for (const QJsonValue &r : required)
        requiredFields[r.toObject().value(QLatin1String("keyManager")).toString()].insert(r.toObject().value(QLatin1String("field")).toString());
    QHash<QString, QList<QJsonObject>> checks; // key manager → its checks; "" for the tenant-wide ones
    for (const QJsonValue &c : constTemporary(doctorReport.value(QLatin1String("checks")).toArray()))
        checks[c.toObject().value(QLatin1String("keyManager")).toString()].append(c.toObject());

    QString out;
    out += QStringLiteral("<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n<title>%1</title>\n").arg(text(title));
    out += QStringLiteral("<style>body { font-family: sans-serif; font-size: 10pt; } th { background-color: #eeeeee; } "
                          "td, th { vertical-align: top; }</style>\n</head>\n<body>\n");
    out += QStringLiteral("<h1>%1</h1>\n").arg(text(title));
    QString rows;
    rows += row(KeyManagerReport::tr("API Manager"), text(apimUrl));
    rows += row(KeyManagerReport::tr("Exported by"), who.isEmpty() ? QStringLiteral("<i>unknown</i>") : text(who));
    rows += row(KeyManagerReport::tr("Exported at"), text(document.value(QLatin1String("exportedAt")).toString()));
    rows += row(KeyManagerReport::tr("Report generated at"), text(QDateTime::currentDateTimeUtc().toString(Qt::ISODate)));
    rows += row(KeyManagerReport::tr("Key managers"), QString::number(keyManagers.size()));
    if (doctorRan) {
        const QJsonObject summary = doctorReport.value(QLatin1String("summary")).toObject();
        rows += row(QStringLiteral("Doctor"), text(QStringLiteral("%1 ok, %2 warnings, %3 errors")
                                                       .arg(summary.value(QLatin1String("ok")).toInt())
                                                       .arg(summary.value(QLatin1String("warn")).toInt())
                                                       .arg(summary.value(QLatin1String("error")).toInt())));
    } else {
        rows += row(QStringLiteral("Doctor"), KeyManagerReport::tr("Doctor not run"));
    }
    out += table(rows);
    out += QStringLiteral("<p>Made by kmconsole from its key-manager export. Secrets are not in this report: each secret field shows %1.</p>\n")
               .arg(maskedText().toHtmlEscaped());
    if (!required.isEmpty()) {
        out += QStringLiteral("<p>Secrets an import needs (from the target computer's keychain):</p>\n<ul>\n");
        for (const QJsonValue &r : required) {
            const QJsonObject o = r.toObject();
            out += QStringLiteral("<li>%1 of %2: %3</li>\n")
                       .arg(text(o.value(QLatin1String("field")).toString()), text(o.value(QLatin1String("keyManager")).toString()),
                            text(o.value(QLatin1String("hint")).toString()));
        }
        out += QStringLiteral("</ul>\n");
    }
    if (keyManagers.isEmpty())
        out += QStringLiteral("<p><i>No key managers were exported.</i></p>\n");
    for (const QJsonValue &v : keyManagers) {
        const QString name = v.toObject().value(QLatin1String("name")).toString();
        out += keyManagerSection(v.toObject(), requiredFields.value(name), checks.take(name), doctorRan);
    }
    // The checks of no exported key manager: API Manager and tenant-wide ones.
    QList<QJsonObject> others = checks.take(QString());
    for (auto it = checks.begin(); it != checks.end(); ++it)
        others += it.value();
    if (doctorRan && !others.isEmpty())
        out += QStringLiteral("<h2>Other Doctor checks</h2>\n") + checksTable(others);
    out += QStringLiteral("</body>\n</html>\n");
    return out;
}

QByteArray KeyManagerReport::pdf(const QString &html, ApiError *error)
{
    if (!qobject_cast<QGuiApplication *>(QCoreApplication::instance())) {
        *error = ApiError::validation(KeyManagerReport::tr("A PDF report needs the graphical part of Qt (QGuiApplication), which this program did not start"),
                                      KeyManagerReport::tr("Save the report as HTML instead."));
        return {};
    }
    QTextDocument document;
    document.setHtml(html);
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    {
        QPdfWriter writer(&buffer);
        writer.setPageSize(QPageSize(QPageSize::A4));
        writer.setResolution(300);
        writer.setPageMargins(QMarginsF(15, 15, 15, 15), QPageLayout::Millimeter);
        writer.setTitle(document.metaInformation(QTextDocument::DocumentTitle));
        writer.setCreator(QStringLiteral("kmconsole"));
        document.print(&writer);
    }
    if (buffer.data().isEmpty()) {
        *error = ApiError::validation(KeyManagerReport::tr("The PDF report came out empty"), KeyManagerReport::tr("Save the report as HTML instead."));
        return {};
    }
    return buffer.data();
}

bool KeyManagerReport::writePdf(const QString &path, const QString &html, ApiError *error)
{
    const QByteArray bytes = pdf(html, error);
    return !bytes.isEmpty() && KeyManagerExport::writeBytes(path, bytes, error);
}

KeyManagerReport::Format KeyManagerReport::formatOf(const QString &path)
{
    return path.endsWith(QLatin1String(".pdf"), Qt::CaseInsensitive) ? Format::Pdf : Format::Html;
}

bool KeyManagerReport::write(const QString &path, Format format, const QString &html, ApiError *error)
{
    return format == Format::Pdf ? writePdf(path, html, error) : KeyManagerExport::writeBytes(path, html.toUtf8(), error);
}

Job *KeyManagerReport::writeInBackground(const QString &path, Format format, const QString &html, QObject *parent)
{
    auto *job = new FunctionJob(parent);
    runInBackground<ApiError>(
        job,
        [path, format, html] {
            ApiError error;
            write(path, format, html, &error);
            return error;
        },
        [job](const ApiError &error) { error ? job->fail(error) : job->succeed(); });
    return job;
}

QString KeyManagerReport::author(const QString &username, const QString &profile)
{
    if (username.isEmpty())
        return profile;
    return profile.isEmpty() ? username : QStringLiteral("%1 (profile %2)").arg(username, profile);
}

Job *KeyManagerReport::collect(ServiceContext *context, ApimClient *apim, const QUrl &source, const QStringList &names, bool runDoctor,
                               QObject *parent)
{
    auto *job = new FunctionJob(parent);
    Job *exported = KeyManagerExport::exportKeyManagers(context, apim, source, names, job);
    const QPointer<ApimClient> client(apim);
    // Every continuation belongs to `job`: it ends with the job, and holds no pointer to a finished child.
    job->whenDone(exported, [job, client, runDoctor](const ApiError &error, const QJsonValue &read) {
        if (error.isError())
            return job->fail(error);
        const QJsonObject document = read.toObject();
        if (!runDoctor || !client)
            return job->succeed(QJsonObject{{QStringLiteral("document"), document}});
        auto *doctor = new Doctor(client, job);
        // A Doctor that cannot run leaves the report without its findings, not without its document.
        job->whenDone(doctor->run(), [job, document](const ApiError &doctorError, const QJsonValue &findings) {
            QJsonObject result{{QStringLiteral("document"), document}};
            if (!doctorError.isError())
                result.insert(QStringLiteral("doctor"), Doctor::grouped(findings.toObject()));
            job->succeed(result);
        });
    });
    return job;
}

} // namespace km
