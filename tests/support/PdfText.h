#pragma once
// A PDF read back as a person would read it: its text, extracted by poppler's pdftotext (installed by
// scripts/setup.sh --test). A missing pdftotext is an error the test reports, never a pass.

#include <QProcess>
#include <QString>
#include <QStringList>

namespace km::test {

inline QString pdfText(const QString &path, QString *error)
{
    QProcess pdftotext;
    pdftotext.start(QStringLiteral("pdftotext"), {QStringLiteral("-layout"), path, QStringLiteral("-")});
    if (!pdftotext.waitForStarted(10000)) {
        *error = QStringLiteral("pdftotext is not installed (scripts/setup.sh --test installs poppler-utils)");
        return {};
    }
    if (!pdftotext.waitForFinished(30000) || pdftotext.exitCode() != 0) {
        *error = QStringLiteral("pdftotext could not read %1: %2").arg(path, QString::fromUtf8(pdftotext.readAllStandardError()));
        return {};
    }
    return QString::fromUtf8(pdftotext.readAllStandardOutput());
}

} // namespace km::test
