// The gating decision: may a script/iframe of this category (and service) run now?
#pragma once

#include <string_view>

#include "evaluate.hpp"

namespace cookiegate {

/// True only for a known category the state allows and, when `service` is non-empty,
/// a known service of that category the state allows. Required categories are always
/// allowed; anything unknown is denied.
bool is_allowed(const state& st, std::string_view category,
                std::string_view service = {}) noexcept;

}  // namespace cookiegate
