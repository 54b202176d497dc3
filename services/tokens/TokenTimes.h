#pragma once
// A token's times as a person reads them: local dates, "in 12 min" / "3 h ago", and where nbf, iat and
// exp lie on a line against now. Pure: `now` is always given, so tests fix it.

#include <QCoreApplication>
#include <QDateTime>
#include <QList>
#include <QString>

namespace km {

class TokenTimes
{
    Q_DECLARE_TR_FUNCTIONS(km::TokenTimes)
public:
    // "in 12 min", "3 h ago", "in 2 days", "now".
    static QString relative(const QDateTime &when, const QDateTime &now);
    // The moment in the local time zone, e.g. "2025-12-02 01:05:00 CET".
    static QString local(const QDateTime &when);
    // "2025-12-02 01:05:00 CET (in 5 min)".
    static QString localWithRelative(const QDateTime &when, const QDateTime &now);

    // One point of the timeline: a time claim (or "now") and where it lies between start and end (0..1).
    struct Mark
    {
        QString name; // "nbf", "iat", "exp" or "now"
        QDateTime when;
        double position = 0;
    };

    struct Timeline
    {
        QDateTime start;
        QDateTime end;
        QList<Mark> marks;        // in time order; "now" always among them
        bool valid = false;       // at least one time claim is readable
        bool expired = false;     // now is at or past exp
        bool notYetValid = false; // now is before nbf
        double validFrom = 0;     // where the valid span (nbf, else iat .. exp) starts and ends on the line
        double validTo = 1;
        QString summary;          // one line, e.g. "Valid for another 52 min (of 1 h)."
    };

    // The token's nbf, iat and exp (invalid when absent) against `now`; the line spans all of them with a margin.
    static Timeline timeline(const QDateTime &notBefore, const QDateTime &issuedAt, const QDateTime &expiresAt, const QDateTime &now);
};

} // namespace km
