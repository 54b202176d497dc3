#pragma once
// One token diagnosed against two key managers, finding by finding: what differs between a key
// manager that accepts it and one that rejects it. The findings themselves come from TokenDiagnosis.

#include "services/tokens/TokenDiagnosis.h"

#include <QList>
#include <QString>

#include <optional>

namespace km {

struct TokenComparisonRow
{
    QString id;                          // the finding id ("issuer", "consumer-key", …)
    std::optional<TokenFinding> left;    // absent: that diagnosis has no finding of this id
    std::optional<TokenFinding> right;
    bool differs = false;                // severity or wording differ, or only one side has it
};

struct TokenComparison
{
    QList<TokenComparisonRow> rows;      // differing rows first, then the rest, each in the left diagnosis's order
    int differences = 0;
    QString summary;                     // one line, e.g. "2 findings differ: issuer, consumer-key"

    static TokenComparison compare(const TokenDiagnosis &left, const TokenDiagnosis &right);
};

} // namespace km
