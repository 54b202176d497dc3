#include "ui/tokens/TokenTimelineWidget.h"

#include <QPainter>
#include <QPainterPath>

namespace km {

namespace {

bool isDark(const QPalette &palette)
{
    return palette.color(QPalette::Base).lightness() < 128;
}

} // namespace

TokenTimelineWidget::TokenTimelineWidget(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("tokenTimeline"));
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
}

void TokenTimelineWidget::setTimeline(const TokenTimes::Timeline &timeline)
{
    m_timeline = timeline;
    setToolTip(timeline.summary);
    setAccessibleDescription(timeline.summary);
    update();
}

QSize TokenTimelineWidget::sizeHint() const
{
    const QFontMetrics fm(font());
    return {400, fm.height() * 3 + 16};
}

QSize TokenTimelineWidget::minimumSizeHint() const
{
    const QFontMetrics fm(font());
    return {200, fm.height() * 3 + 16};
}

void TokenTimelineWidget::paintEvent(QPaintEvent *)
{
    if (m_timeline.marks.isEmpty())
        return;
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QFontMetrics fm(font());
    const bool dark = isDark(palette());
    const int margin = fm.horizontalAdvance(QStringLiteral("nbf 00:00")) / 2 + 4;
    const int left = margin;
    const int width = qMax(1, this->width() - 2 * margin);
    const int lineY = fm.height() + 8;
    auto x = [&](double pos) { return left + int(pos * width); };

    // The whole line, then the valid span over it: green while valid, red once expired or before nbf.
    p.setPen(Qt::NoPen);
    p.setBrush(palette().color(QPalette::Mid));
    p.drawRoundedRect(QRect(left, lineY - 2, width, 4), 2, 2);
    const bool bad = m_timeline.expired || m_timeline.notYetValid;
    const QColor span = bad ? (dark ? QColor(0xff, 0x7b, 0x72) : QColor(0xc0, 0x1c, 0x28))
                            : (dark ? QColor(0x57, 0xe3, 0x89) : QColor(0x26, 0xa2, 0x69));
    p.setBrush(span);
    p.drawRoundedRect(QRect(x(m_timeline.validFrom), lineY - 4, qMax(2, x(m_timeline.validTo) - x(m_timeline.validFrom)), 8), 3, 3);

    // Ticks with the claim's name above and the local time below; "now" as a triangle.
    const QColor text = palette().color(QPalette::WindowText);
    int lastRight = -1000;
    int nowX = -10000;
    for (const TokenTimes::Mark &m : m_timeline.marks) {
        if (m.name == QLatin1String("now"))
            nowX = x(m.position);
    }
    for (const TokenTimes::Mark &m : m_timeline.marks) {
        const int mx = x(m.position);
        const bool now = m.name == QLatin1String("now");
        if (now) {
            const QColor marker = dark ? QColor(0x99, 0xc1, 0xf1) : QColor(0x1a, 0x5f, 0xb4);
            QPainterPath triangle;
            triangle.moveTo(mx, lineY + 6);
            triangle.lineTo(mx - 6, lineY + 14);
            triangle.lineTo(mx + 6, lineY + 14);
            triangle.closeSubpath();
            p.fillPath(triangle, marker);
            p.setPen(marker);
        } else {
            p.setPen(QPen(text, 2));
            p.drawLine(mx, lineY - 8, mx, lineY + 8);
            p.setPen(text);
        }
        if (now) {
            // "now" goes under the line, where the claims have their times: it never hides behind nbf or iat.
            const QString label = tr("now");
            p.drawText(mx - fm.horizontalAdvance(label) / 2, lineY + 16 + fm.ascent(), label);
            continue;
        }
        const QString label = m.name;
        const QString time = m.when.toLocalTime().toString(QStringLiteral("HH:mm"));
        const int labelWidth = fm.horizontalAdvance(label);
        // Close marks (iat and nbf are often the same second) share one label rather than overprint.
        if (mx - labelWidth / 2 < lastRight + 4)
            continue;
        p.drawText(mx - labelWidth / 2, fm.ascent() + 2, label);
        // The time under the tick, unless "now" stands there.
        if (qAbs(mx - nowX) > fm.horizontalAdvance(time)) {
            const int timeWidth = fm.horizontalAdvance(time);
            p.drawText(mx - timeWidth / 2, lineY + 12 + fm.ascent(), time);
        }
        lastRight = mx + labelWidth / 2;
    }
}

} // namespace km
