#include "services/core/EnglishPlurals.h"

#include <QRegularExpression>

namespace km {

QString EnglishPlurals::form(const QString &text, int n)
{
    static const QRegularExpression marker(QStringLiteral("\\((s|es)\\)"));
    QString out = text;
    if (n == 1 || n == -1)
        return out.remove(marker);
    return out.replace(marker, QStringLiteral("\\1"));
}

QString EnglishPlurals::translate(const char *, const char *sourceText, const char *, int n) const
{
    // Only counted texts: everything else is left to the source text (an empty answer means "not translated").
    if (n < 0 || !sourceText)
        return QString();
    const QString source = QString::fromUtf8(sourceText);
    if (!source.contains(QLatin1String("(s)")) && !source.contains(QLatin1String("(es)")))
        return QString();
    return form(source, n);
}

} // namespace km
