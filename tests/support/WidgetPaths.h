#pragma once
// Naming a widget in a GUI test's failure message, and reading a label's text as a user sees it.

#include <QString>
#include <QStringList>
#include <QTextDocument>
#include <QWidget>

namespace km::test {

// "QLabel (page/form/name)": the class and up to three object names from the widget upwards.
inline QString widgetPath(const QWidget *w)
{
    QStringList path;
    for (const QObject *o = w; o; o = o->parent()) {
        if (!o->objectName().isEmpty())
            path.prepend(o->objectName());
        if (path.size() == 3)
            break;
    }
    return QStringLiteral("%1 (%2)").arg(QString::fromLatin1(w->metaObject()->className()), path.join(QLatin1Char('/')));
}

// The text without its markup, when it is rich text.
inline QString plainText(const QString &text)
{
    if (!Qt::mightBeRichText(text))
        return text;
    QTextDocument doc;
    doc.setHtml(text);
    return doc.toPlainText();
}

} // namespace km::test
