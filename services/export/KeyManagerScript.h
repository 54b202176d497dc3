#pragma once
// Exports for people: a key-manager export (KeyManagerExport's document, no secrets) as the curl calls that
// would create those key managers against a named API Manager, for change tickets and runbooks. Secrets are
// ${ENV_VARS} listed in the script's header; the script checks they are set before it sends anything.

#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <QUrl>

namespace km {

class KeyManagerScript
{
public:
    // The bash script: one POST to `target`'s Admin REST API per key manager of `document`, TLS verified
    // (APIM_CACERT may name a CA file), the token from $APIM_TOKEN.
    static QString shell(const QJsonObject &document, const QUrl &target);
    // The document as YAML 1.2 (block style; every string and key double-quoted as in JSON, so that no
    // value turns into a number, a boolean or a date when read back).
    static QString yaml(const QJsonObject &document);
    // The environment variable a secret of the script is read from: KM_<KEY MANAGER>_<FIELD>, upper case.
    static QString variableFor(const QString &keyManager, const QString &field);
};

} // namespace km
