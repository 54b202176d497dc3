#pragma once

class QAbstractItemView;

namespace km {

// Makes a short table or list as tall as its rows, without a scroll bar of its own, for views that sit in a page that
// scrolls already: one scroll area, never one inside another. Follows rows added and removed.
void fitToRows(QAbstractItemView *view);

} // namespace km
