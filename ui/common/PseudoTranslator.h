#pragma once
// A pseudo-locale for finding what translators would miss: every text that goes through tr() or
// QCoreApplication::translate() comes back bracketed and 40 % longer ("[Key Managers~~~~~]"), so
// a text shown without brackets was never made translatable, and a label too narrow for a longer
// language shows as clipped. `kmconsole --pseudo-locale` and the GUI tests install it.

#include <QTranslator>

namespace km {

class PseudoTranslator : public QTranslator
{
public:
    using QTranslator::QTranslator;

    bool isEmpty() const override { return false; }
    QString translate(const char *context, const char *sourceText, const char *disambiguation = nullptr, int n = -1) const override;

    // The pseudo form of one text: '[' + text + 40 % of its length in '~' + ']'. Mnemonics ('&'),
    // %1/%n place markers and HTML tags are kept as they are.
    static QString pseudo(const QString &text);
    static bool isPseudo(const QString &shown);
};

} // namespace km
