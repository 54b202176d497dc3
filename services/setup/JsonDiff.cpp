#include "services/setup/JsonDiff.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QSet>

namespace km {

namespace {

bool isNameValueArray(const QJsonArray &array)
{
    if (array.isEmpty())
        return false;
    for (const QJsonValue &v : array) {
        if (!v.isObject() || !v.toObject().contains(QLatin1String("name")))
            return false;
    }
    return true;
}

bool isScalarArray(const QJsonArray &array)
{
    for (const QJsonValue &v : array) {
        if (v.isObject() || v.isArray())
            return false;
    }
    return true;
}

QString join(const QString &prefix, const QString &key)
{
    return prefix.isEmpty() ? key : prefix + QLatin1Char('.') + key;
}

void diffValues(const QString &path, const QJsonValue &before, const QJsonValue &after, const QStringList &ignored,
                QList<JsonChange> &out)
{
    if (before == after)
        return;
    if (before.isUndefined() || before.isNull()) {
        if (after.isUndefined() || after.isNull())
            return;
        out.append({JsonChange::Kind::Added, path, before, after});
        return;
    }
    if (after.isUndefined() || after.isNull()) {
        out.append({JsonChange::Kind::Removed, path, before, after});
        return;
    }
    if (before.isObject() && after.isObject()) {
        const QJsonObject b = before.toObject();
        const QJsonObject a = after.toObject();
        QStringList keys = b.keys();
        for (const QString &k : a.keys()) {
            if (!keys.contains(k))
                keys.append(k);
        }
        for (const QString &k : std::as_const(keys)) {
            if (ignored.contains(k) || ignored.contains(join(path, k)))
                continue;
            diffValues(join(path, k), b.value(k), a.value(k), ignored, out);
        }
        return;
    }
    if (before.isArray() && after.isArray()) {
        const QJsonArray b = before.toArray();
        const QJsonArray a = after.toArray();
        if (isNameValueArray(b) || isNameValueArray(a)) {
            QStringList names;
            QHash<QString, QJsonValue> bm, am;
            for (const QJsonValue &v : b) {
                const QString n = v.toObject().value(QLatin1String("name")).toString();
                bm.insert(n, v);
                names.append(n);
            }
            for (const QJsonValue &v : a) {
                const QString n = v.toObject().value(QLatin1String("name")).toString();
                am.insert(n, v);
                if (!names.contains(n))
                    names.append(n);
            }
            for (const QString &n : std::as_const(names)) {
                QJsonValue bv = bm.value(n, QJsonValue(QJsonValue::Undefined));
                QJsonValue av = am.value(n, QJsonValue(QJsonValue::Undefined));
                // Compare the value, not the name again.
                if (bv.isObject() && av.isObject() && bv.toObject().size() == 2 && av.toObject().size() == 2) {
                    bv = bv.toObject().value(QLatin1String("value"));
                    av = av.toObject().value(QLatin1String("value"));
                }
                diffValues(path + QLatin1Char('[') + n + QLatin1Char(']'), bv, av, ignored, out);
            }
            return;
        }
        if (isScalarArray(b) && isScalarArray(a)) {
            QSet<QString> bs, as;
            for (const QJsonValue &v : b)
                bs.insert(v.toVariant().toString());
            for (const QJsonValue &v : a)
                as.insert(v.toVariant().toString());
            if (bs == as)
                return;
        }
    }
    out.append({JsonChange::Kind::Changed, path, before, after});
}

} // namespace

QList<JsonChange> JsonDiff::diff(const QJsonValue &before, const QJsonValue &after, const QStringList &ignored)
{
    QList<JsonChange> out;
    diffValues(QString(), before, after, ignored, out);
    return out;
}

QString JsonDiff::kindName(JsonChange::Kind kind)
{
    switch (kind) {
    case JsonChange::Kind::Added: return QStringLiteral("added");
    case JsonChange::Kind::Removed: return QStringLiteral("removed");
    case JsonChange::Kind::Changed: return QStringLiteral("changed");
    }
    return QString();
}

} // namespace km
