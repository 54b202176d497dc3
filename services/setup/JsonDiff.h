#pragma once
// Field-by-field difference of two JSON documents, for "what will change" reviews.

#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>

namespace km {

struct JsonChange
{
    enum class Kind { Added, Removed, Changed };
    Kind kind = Kind::Changed;
    QString path;   // "additionalProperties.org_name", "endpoints[token_endpoint]", "availableGrantTypes"
    QJsonValue before;
    QJsonValue after;
};

class JsonDiff
{
public:
    // Compares `after` (what would be sent) with `before` (what the server holds). Keys listed in
    // `ignored` (read-only or server-generated, e.g. "id") are left out. Arrays of {name, value} objects
    // are compared by name; arrays of scalars as sets; other arrays as whole values.
    static QList<JsonChange> diff(const QJsonValue &before, const QJsonValue &after, const QStringList &ignored = {});
    static QString kindName(JsonChange::Kind kind);
};

} // namespace km
