#pragma once
// A small line of a token's life: nbf, iat and exp as ticks, the valid span coloured, and a marker for
// now (TokenTimes::timeline computes the positions and the one-line summary).

#include "services/tokens/TokenTimes.h"

#include <QWidget>

namespace km {

class TokenTimelineWidget : public QWidget
{
    Q_OBJECT
public:
    explicit TokenTimelineWidget(QWidget *parent = nullptr);

    void setTimeline(const TokenTimes::Timeline &timeline);
    const TokenTimes::Timeline &timeline() const { return m_timeline; }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    TokenTimes::Timeline m_timeline;
};

} // namespace km
