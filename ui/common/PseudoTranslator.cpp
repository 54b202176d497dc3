#include "ui/common/PseudoTranslator.h"

#include <QTextDocument>

namespace km {

QString PseudoTranslator::translate(const char *context, const char *sourceText, const char *disambiguation, int n) const
{
    Q_UNUSED(context)
    Q_UNUSED(disambiguation)
    Q_UNUSED(n)
    if (!sourceText || !*sourceText)
        return QString();
    return pseudo(QString::fromUtf8(sourceText));
}

QString PseudoTranslator::pseudo(const QString &text)
{
    // Padding in words of up to five, so wrapped text still has places to break as real languages do.
    const int padding = (text.size() * 4 + 9) / 10;
    QString pad;
    for (int i = 0; i < padding; ++i)
        pad += (i % 6 == 5) ? QLatin1Char(' ') : QLatin1Char('~');
    // Rich text keeps its tags outside the brackets, so Qt still recognises it as rich text.
    if (Qt::mightBeRichText(text))
        return text + QStringLiteral("<span>[") + pad + QStringLiteral("]</span>");
    return QLatin1Char('[') + text + pad + QLatin1Char(']');
}

bool PseudoTranslator::isPseudo(const QString &shown)
{
    return shown.contains(QLatin1Char('[')) && shown.contains(QLatin1Char(']')) && shown.contains(QLatin1Char('~'));
}

} // namespace km
