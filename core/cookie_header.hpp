// Finding the consent cookie in a raw `Cookie` header or `document.cookie` string.
// The JS side never parses the consent value; it hands the whole string over.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "error.hpp"

namespace cookiegate {

inline constexpr std::size_t max_cookie_header = 16 * 1024;

/// nullopt: no cookie of that name. An error: several of them are visible (a sibling
/// subdomain "tossed" one: neither can be trusted) or the header is over the cap.
result<std::optional<std::string>> find_cookie(std::string_view header,
                                               std::string_view name);

}  // namespace cookiegate
