#include "services/tokens/TokenTimes.h"

#include <QCoreApplication>

#include <algorithm>

namespace km {

namespace {

QString span(qint64 seconds)
{
    const qint64 magnitude = qAbs(seconds);
    if (magnitude < 60)
        return TokenTimes::tr("%n s", nullptr, int(magnitude));
    if (magnitude < 3600)
        return TokenTimes::tr("%n min", nullptr, int(magnitude / 60));
    if (magnitude < 86400 * 2)
        return TokenTimes::tr("%n h", nullptr, int(magnitude / 3600));
    return TokenTimes::tr("%n days", nullptr, int(magnitude / 86400));
}

} // namespace

QString TokenTimes::relative(const QDateTime &when, const QDateTime &now)
{
    const qint64 seconds = now.secsTo(when);
    if (seconds == 0)
        return tr("now");
    return seconds > 0 ? tr("in %1").arg(span(seconds)) : tr("%1 ago").arg(span(seconds));
}

QString TokenTimes::local(const QDateTime &when)
{
    return when.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss t"));
}

QString TokenTimes::localWithRelative(const QDateTime &when, const QDateTime &now)
{
    return QStringLiteral("%1 (%2)").arg(local(when), relative(when, now));
}

TokenTimes::Timeline TokenTimes::timeline(const QDateTime &notBefore, const QDateTime &issuedAt, const QDateTime &expiresAt, const QDateTime &now)
{
    Timeline t;
    QList<Mark> marks;
    for (const auto &[name, when] : {std::pair{QStringLiteral("nbf"), notBefore}, std::pair{QStringLiteral("iat"), issuedAt},
                                     std::pair{QStringLiteral("exp"), expiresAt}}) {
        if (when.isValid())
            marks.append({name, when, 0});
    }
    t.valid = !marks.isEmpty();
    marks.append({QStringLiteral("now"), now, 0});
    std::stable_sort(marks.begin(), marks.end(), [](const Mark &a, const Mark &b) { return a.when < b.when; });
    const QDateTime first = marks.first().when;
    const QDateTime last = marks.last().when;
    // A margin of a tenth on each side keeps the outermost marks off the line's ends.
    const qint64 length = qMax<qint64>(first.secsTo(last), 60);
    t.start = first.addSecs(-length / 10);
    t.end = last.addSecs(length / 10);
    const double total = double(t.start.secsTo(t.end));
    for (Mark &m : marks)
        m.position = double(t.start.secsTo(m.when)) / total;
    t.marks = marks;

    const QDateTime from = notBefore.isValid() ? notBefore : issuedAt;
    t.validFrom = from.isValid() ? double(t.start.secsTo(from)) / total : 0;
    t.validTo = expiresAt.isValid() ? double(t.start.secsTo(expiresAt)) / total : 1;
    t.expired = expiresAt.isValid() && now >= expiresAt;
    t.notYetValid = notBefore.isValid() && now < notBefore;
    if (!t.valid)
        t.summary = tr("The token carries no times: nothing says when it expires.");
    else if (t.expired)
        t.summary = tr("Expired %1.").arg(relative(expiresAt, now));
    else if (t.notYetValid)
        t.summary = tr("Not valid yet: valid from %1.").arg(relative(notBefore, now));
    else if (expiresAt.isValid() && from.isValid())
        t.summary = tr("Valid for another %1 (of %2).").arg(span(now.secsTo(expiresAt)), span(from.secsTo(expiresAt)));
    else if (expiresAt.isValid())
        t.summary = tr("Valid for another %1.").arg(span(now.secsTo(expiresAt)));
    else
        t.summary = tr("No expiry time (exp): the gateway cannot tell when the token stops being valid.");
    return t;
}

} // namespace km
