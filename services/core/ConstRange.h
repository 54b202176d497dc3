#pragma once
// Range-for over a temporary Qt container without a detach: `for (const QJsonValue &v : constTemporary(o.toArray()))`.
// Lvalues take std::as_const; a temporary cannot (as_const is deleted for rvalues), so this moves it into a const
// value. Checked by clazy's range-loop-detach (scripts/clazy.sh).

#include <type_traits>
#include <utility>

namespace km {

template <typename T, typename = std::enable_if_t<!std::is_lvalue_reference_v<T>>>
const T constTemporary(T &&container)
{
    return std::move(container);
}

} // namespace km
