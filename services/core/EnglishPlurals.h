#pragma once
// English plural forms for the console's own texts: tr("%n key manager(s)", "", n) reads "1 key manager" and
// "2 key managers". Source texts mark the plural with "(s)" (or "(es)"); this translator picks the form for n,
// for the GUI and the CLI alike. A real translation installed after it is asked first.

#include <QTranslator>

namespace km {

class EnglishPlurals : public QTranslator
{
public:
    using QTranslator::QTranslator;

    bool isEmpty() const override { return false; }
    QString translate(const char *context, const char *sourceText, const char *disambiguation = nullptr, int n = -1) const override;

    // `text` with its "(s)"/"(es)" markers resolved for `n`: removed for 1 (and -1, no count), the letters kept otherwise.
    static QString form(const QString &text, int n);
};

} // namespace km
