#include "services/tokens/ClaimCatalogue.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>

namespace km {

namespace {

struct Tables
{
    QHash<QString, QString> header;
    QHash<QString, QString> payload;
};

const Tables &tables()
{
    static const Tables loaded = [] {
        Tables t;
        QFile file(QStringLiteral(":/kmconsole/claims/claims.json"));
        if (!file.open(QIODevice::ReadOnly)) {
            qWarning("kmconsole: the claim descriptions are missing from the resources");
            return t;
        }
        const QJsonObject root = QJsonDocument::fromJson(file.readAll()).object();
        auto fill = [](const QJsonObject &o, QHash<QString, QString> &out) {
            for (auto it = o.begin(); it != o.end(); ++it)
                out.insert(it.key(), it.value().toString());
        };
        fill(root.value(QLatin1String("header")).toObject(), t.header);
        fill(root.value(QLatin1String("payload")).toObject(), t.payload);
        return t;
    }();
    return loaded;
}

} // namespace

const QHash<QString, QString> &ClaimCatalogue::table(Part part)
{
    return part == Part::Header ? tables().header : tables().payload;
}

QString ClaimCatalogue::description(Part part, const QString &name)
{
    const QString text = table(part).value(name);
    if (text.isEmpty())
        return text;
    // A translation may carry the descriptions under this context; without one, the English text.
    const QByteArray source = text.toUtf8();
    return QCoreApplication::translate("km::ClaimCatalogue", source.constData());
}

QStringList ClaimCatalogue::names(Part part)
{
    QStringList out = table(part).keys();
    out.sort();
    return out;
}

} // namespace km
