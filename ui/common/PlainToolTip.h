#pragma once
// A tooltip that shows server or user text exactly as written: Qt renders a tooltip as rich text
// whenever it looks like markup, so the text goes in escaped, inside a paragraph that keeps its lines.

#include <QString>

namespace km {

inline QString plainToolTip(const QString &text)
{
    if (text.isEmpty())
        return text;
    return QStringLiteral("<p style='white-space:pre-wrap'>%1</p>").arg(text.toHtmlEscaped());
}

} // namespace km
