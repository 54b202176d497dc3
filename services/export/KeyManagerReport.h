#pragma once
// Exports for people: a key-manager export (KeyManagerExport's document, no secrets) as a report for change
// tickets and audits, in HTML or PDF: who made it, when, from which API Manager, each key manager's
// configuration (secret fields shown as masked) and, when the Doctor ran, its checks of that key manager.
// Rendered with Qt's own QTextDocument and QPdfWriter; the PDF needs a QGuiApplication (offscreen will do).

#include "services/core/ApiError.h"

#include <QCoreApplication>
#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <QUrl>

class QObject;

namespace km {

class ApimClient;
class Job;
class ServiceContext;

class KeyManagerReport
{
    Q_DECLARE_TR_FUNCTIONS(km::KeyManagerReport)
public:
    // What a secret field shows instead of its value.
    static QString maskedText();
    // A self-contained HTML document (no outside resources) with every outside value escaped. `doctorReport`
    // is Doctor::report's {"checks", "summary"}, or empty when the Doctor did not run; `who` is the API
    // Manager profile's user (never a password); `apimUrl` the API Manager the key managers came from.
    static QString html(const QJsonObject &document, const QJsonObject &doctorReport, const QString &who, const QString &apimUrl);
    // `html` laid out by QTextDocument on A4 at 300 dpi, its <title> as the PDF's title. Fails (in words)
    // without a QGuiApplication.
    static QByteArray pdf(const QString &html, ApiError *error);
    // pdf(), written atomically (QSaveFile): a failure leaves any file at `path` as it was.
    static bool writePdf(const QString &path, const QString &html, ApiError *error);

    enum class Format { Html, Pdf };
    // By the file name: PDF for “.pdf” (any case), HTML otherwise.
    static Format formatOf(const QString &path);
    // The report in `format`, written atomically.
    static bool write(const QString &path, Format format, const QString &html, ApiError *error);
    // write() on a worker thread, so that laying out a long PDF never stalls the window; the job fails with
    // write()'s error.
    static Job *writeInBackground(const QString &path, Format format, const QString &html, QObject *parent = nullptr);

    // What a report holds, gathered for the GUI and the CLI alike: KeyManagerExport's document of `names`
    // (empty: all but the Resident Key Manager) and, when `runDoctor`, the Doctor's grouped report of the same
    // API Manager (its API Manager side: no identity-provider profile is opened). Result:
    // {"document": {…}, "doctor": {…} or absent}. A Doctor that cannot run leaves "doctor" out and the report
    // says "Doctor not run"; a failed export fails the job.
    static Job *collect(ServiceContext *context, ApimClient *apim, const QUrl &source, const QStringList &names, bool runDoctor,
                        QObject *parent = nullptr);
    // Who a report names as its author: the API Manager user and the profile, never a password.
    static QString author(const QString &username, const QString &profile);
};

} // namespace km
