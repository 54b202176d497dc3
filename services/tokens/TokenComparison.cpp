#include "services/tokens/TokenComparison.h"

#include <QCoreApplication>

#include <algorithm>

namespace km {

namespace {

std::optional<TokenFinding> findingOf(const TokenDiagnosis &d, const QString &id)
{
    for (const TokenFinding &f : d.findings) {
        if (f.id == id)
            return f;
    }
    return std::nullopt;
}

} // namespace

TokenComparison TokenComparison::compare(const TokenDiagnosis &left, const TokenDiagnosis &right)
{
    TokenComparison c;
    QStringList ids;
    for (const TokenDiagnosis *d : {&left, &right}) {
        for (const TokenFinding &f : d->findings) {
            if (!ids.contains(f.id))
                ids << f.id;
        }
    }
    QStringList differing;
    for (const QString &id : std::as_const(ids)) {
        TokenComparisonRow row{id, findingOf(left, id), findingOf(right, id), false};
        row.differs = !row.left || !row.right || row.left->severity != row.right->severity || row.left->detail != row.right->detail;
        if (row.differs)
            differing << id;
        c.rows.append(row);
    }
    std::stable_sort(c.rows.begin(), c.rows.end(), [](const TokenComparisonRow &a, const TokenComparisonRow &b) { return a.differs && !b.differs; });
    c.differences = int(differing.size());
    c.summary = differing.isEmpty()
        ? QCoreApplication::translate("km::TokenComparison", "Both key managers see the token the same way.")
        : QCoreApplication::translate("km::TokenComparison", "%n finding(s) differ: %1", nullptr, c.differences).arg(differing.join(QStringLiteral(", ")));
    return c;
}

} // namespace km
