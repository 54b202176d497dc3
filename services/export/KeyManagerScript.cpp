#include "services/export/KeyManagerScript.h"
#include "services/core/ConstRange.h"
#include "services/core/EnglishPlurals.h"

#include "services/apim/ApimClient.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

namespace km {

namespace {

// A value inside single quotes in bash: ' ends the quoting, so it is written as '\''.
QString singleQuoted(const QString &text)
{
    QString out = text;
    out.replace(QLatin1Char('\''), QStringLiteral("'\\''"));
    return QLatin1Char('\'') + out + QLatin1Char('\'');
}

// A comment line: no line break may end the comment early.
QString commentText(const QString &text)
{
    QString out = text;
    static const QRegularExpression lineBreaks(QStringLiteral("[\\r\\n]+"));
    out.replace(lineBreaks, QStringLiteral(" "));
    return out;
}

QString jsonScalar(const QJsonValue &v)
{
    const QByteArray text = QJsonDocument(QJsonArray{v}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(text.mid(1, text.size() - 2));
}

// A scalar in YAML: JSON's double-quoted form (JSON escapes the C0 controls), with what YAML may not hold
// raw or would read as a line break (DEL, the C1 controls with NEL, LS, PS, the BOM) escaped as \uXXXX too.
QString yamlScalar(const QJsonValue &v)
{
    const QString json = jsonScalar(v);
    QString out;
    out.reserve(json.size());
    for (const QChar c : json) {
        const char16_t u = c.unicode();
        if (u == 0x7f || (u >= 0x80 && u <= 0x9f) || u == 0x2028 || u == 0x2029 || u == 0xfeff || u == 0xfffe || u == 0xffff)
            out += QStringLiteral("\\u%1").arg(int(u), 4, 16, QLatin1Char('0'));
        else
            out += c;
    }
    return out;
}

void emitYaml(const QJsonValue &value, int indent, QString *out)
{
    const QString pad(indent, QLatin1Char(' '));
    if (value.isObject()) {
        const QJsonObject o = value.toObject();
        for (auto it = o.begin(); it != o.end(); ++it) {
            const QJsonValue child = it.value();
            *out += pad + yamlScalar(it.key()) + QLatin1Char(':');
            if ((child.isObject() && !child.toObject().isEmpty()) || (child.isArray() && !child.toArray().isEmpty())) {
                *out += QLatin1Char('\n');
                emitYaml(child, indent + 2, out);
            } else {
                *out += QLatin1Char(' ') + (child.isObject() ? QStringLiteral("{}") : child.isArray() ? QStringLiteral("[]") : yamlScalar(child)) + QLatin1Char('\n');
            }
        }
        return;
    }
    for (const QJsonValue &item : km::constTemporary(value.toArray())) {
        if ((item.isObject() && !item.toObject().isEmpty()) || (item.isArray() && !item.toArray().isEmpty())) {
            *out += pad + QStringLiteral("-\n");
            emitYaml(item, indent + 2, out);
        } else {
            *out += pad + QStringLiteral("- ") + (item.isObject() ? QStringLiteral("{}") : item.isArray() ? QStringLiteral("[]") : yamlScalar(item)) + QLatin1Char('\n');
        }
    }
}

} // namespace

QString KeyManagerScript::yaml(const QJsonObject &document)
{
    QString out = QStringLiteral("# kmconsole key-manager export (YAML); secrets are not in it.\n");
    if (document.isEmpty())
        out += QStringLiteral("{}\n"); // a file of comments alone is no document
    else
        emitYaml(document, 0, &out);
    return out;
}

QString KeyManagerScript::variableFor(const QString &keyManager, const QString &field)
{
    QString name = QStringLiteral("KM_%1_%2").arg(keyManager, field).toUpper();
    static const QRegularExpression notInAName(QStringLiteral("[^A-Z0-9_]"));
    name.replace(notInAName, QStringLiteral("_"));
    return name;
}

QString KeyManagerScript::shell(const QJsonObject &document, const QUrl &target)
{
    const QJsonArray keyManagers = document.value(QLatin1String("keyManagers")).toArray();
    const QJsonArray required = document.value(QLatin1String("secretsRequired")).toArray();
    const QString base = target.adjusted(QUrl::RemovePath | QUrl::RemoveQuery | QUrl::RemoveFragment | QUrl::StripTrailingSlash).toString();

    QString out;
    out += QStringLiteral("#!/usr/bin/env bash\n");
    out += EnglishPlurals::form(QStringLiteral("# Creates %1 key manager(s) in WSO2 API Manager at %2 with its Admin REST API (v4).\n"), int(keyManagers.size()))
               .arg(keyManagers.size()).arg(commentText(base));
    out += QStringLiteral("# Written by kmconsole from %1 (exported %2). Review it before running it.\n")
               .arg(commentText(document.value(QLatin1String("source")).toString()), commentText(document.value(QLatin1String("exportedAt")).toString()));
    out += QStringLiteral("#\n# Environment variables it needs (secrets are never written in this file):\n");
    out += QStringLiteral("#   APIM_TOKEN  an access token of an API Manager admin with the apim:admin scope\n");
    out += QStringLiteral("#   APIM_CACERT (optional) a CA certificate file for a server certificate the system does not trust\n");
    QList<QPair<QString, QString>> variables; // variable → what it is
    for (const QJsonValue &v : required) {
        const QJsonObject r = v.toObject();
        const QString var = variableFor(r.value(QLatin1String("keyManager")).toString(), r.value(QLatin1String("field")).toString());
        variables.append({var, r.value(QLatin1String("hint")).toString()});
        out += QStringLiteral("#   %1  %2\n").arg(var, commentText(r.value(QLatin1String("hint")).toString()));
    }
    out += QStringLiteral("\nset -euo pipefail\n\n");
    out += QStringLiteral(": \"${APIM_TOKEN:?set APIM_TOKEN to an admin access token with the apim:admin scope}\"\n");
    for (const auto &v : std::as_const(variables))
        out += QStringLiteral(": \"${%1:?set %1 to the %2}\"\n").arg(v.first, commentText(v.second).remove(QLatin1Char('"')).remove(QLatin1Char('}')).remove(QLatin1Char('$')).remove(QLatin1Char('`')).remove(QLatin1Char('\\')));
    out += QStringLiteral("\nAPIM_URL=%1\n").arg(singleQuoted(base));
    out += QStringLiteral("tls=()\nif [ -n \"${APIM_CACERT:-}\" ]; then tls=(--cacert \"$APIM_CACERT\"); fi\n\n");
    out += QStringLiteral("# A secret as the inside of a JSON string.\n"
                          "json_escape() {\n    local s=$1\n    s=${s//\\\\/\\\\\\\\}\n    s=${s//\\\"/\\\\\\\"}\n    printf '%s' \"$s\"\n}\n\n");
    out += QStringLiteral("create_key_manager() {\n"
                          "    echo \"Creating key manager $1\" >&2\n"
                          "    curl --fail-with-body --silent --show-error --proto '=https' \"${tls[@]}\" \\\n"
                          "        -X POST \"$APIM_URL%1/key-managers\" \\\n"
                          "        -H \"Authorization: Bearer $APIM_TOKEN\" \\\n"
                          "        -H 'Content-Type: application/json' \\\n"
                          "        --data-binary @-\n"
                          "    echo >&2\n"
                          "}\n").arg(QString(ApimClient::AdminBase));

    for (const QJsonValue &v : keyManagers) {
        const QJsonObject km = v.toObject();
        const QString name = km.value(QLatin1String("name")).toString();
        // Placeholders first, then everything the unquoted here-document would expand is escaped, then
        // the placeholders become the (JSON-escaped) variables.
        QJsonObject body = km;
        QJsonObject props = body.value(QLatin1String("additionalProperties")).toObject();
        QHash<QString, QString> placeholders;
        for (const QJsonValue &r : required) {
            if (r.toObject().value(QLatin1String("keyManager")).toString() != name)
                continue;
            const QString field = r.toObject().value(QLatin1String("field")).toString();
            const QString marker = QStringLiteral("@@KMSECRET%1@@").arg(placeholders.size());
            props.insert(field, marker);
            placeholders.insert(marker, QStringLiteral("$(json_escape \"$%1\")").arg(variableFor(name, field)));
        }
        body.insert(QStringLiteral("additionalProperties"), props);
        QString json = QString::fromUtf8(QJsonDocument(body).toJson(QJsonDocument::Indented));
        json.replace(QLatin1Char('\\'), QStringLiteral("\\\\")).replace(QLatin1Char('$'), QStringLiteral("\\$")).replace(QLatin1Char('`'), QStringLiteral("\\`"));
        for (auto it = placeholders.begin(); it != placeholders.end(); ++it)
            json.replace(it.key(), it.value());
        // A terminator no line of the body can equal.
        QString terminator = QStringLiteral("KEY_MANAGER_JSON");
        while (json.contains(terminator))
            terminator += QLatin1Char('_');
        out += QStringLiteral("\ncreate_key_manager %1 <<%2\n%3%2\n").arg(singleQuoted(name), terminator, json);
    }
    return out;
}

} // namespace km
