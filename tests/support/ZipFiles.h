#pragma once
// Reading what the console zipped with another program than the one that wrote it (unzip), and the
// secrets a test must not find in it: those of the sandbox's start-up accounts and every one the sandbox
// issued or received (the secrets ledger, SandboxServer::recordIssuedSecrets).

#include "services/core/Redactor.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonObject>
#include <QProcess>
#include <QSet>
#include <QStringList>

namespace km::test {

// The archive's file names, sorted (`unzip -Z1`); one line saying why when unzip failed.
inline QStringList zipNames(const QString &zip)
{
    QProcess p;
    p.start(QStringLiteral("unzip"), {QStringLiteral("-Z1"), zip});
    if (!p.waitForFinished(30000) || p.exitCode() != 0)
        return {QStringLiteral("unzip -Z1 failed: ") + QString::fromUtf8(p.readAllStandardError())};
    QStringList names = QString::fromUtf8(p.readAllStandardOutput()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    names.sort();
    return names;
}

// One file's bytes (`unzip -p`); empty when unzip failed.
inline QByteArray unzipped(const QString &zip, const QString &name)
{
    QProcess p;
    p.start(QStringLiteral("unzip"), {QStringLiteral("-p"), zip, name});
    if (!p.waitForFinished(30000) || p.exitCode() != 0)
        return {};
    return p.readAllStandardOutput();
}

// The secret fields of the sandbox's start-up `accounts` and every line of the ledger files in $KM_SECRETS_LEDGER_DIR.
inline QStringList knownSecrets(const QJsonObject &accounts)
{
    QSet<QString> secrets;
    for (const QString &system : accounts.keys()) {
        const QJsonObject account = accounts.value(system).toObject();
        for (const QString &field : account.keys()) {
            if (km::Redactor::isSecretKey(field))
                secrets.insert(account.value(field).toString());
        }
    }
    QDirIterator files(qEnvironmentVariable("KM_SECRETS_LEDGER_DIR"), {QStringLiteral("*.txt")}, QDir::Files);
    while (files.hasNext()) {
        QFile f(files.next());
        if (!f.open(QIODevice::ReadOnly))
            continue;
        for (const QByteArray &line : f.readAll().split('\n')) {
            if (!line.trimmed().isEmpty())
                secrets.insert(QString::fromUtf8(line.trimmed()));
        }
    }
    secrets.remove(QString());
    return QStringList(secrets.begin(), secrets.end());
}

} // namespace km::test
