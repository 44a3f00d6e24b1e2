// Reading JSON text strictly, for everything the core accepts as JSON (the config, a
// visitor's choice, language preferences). nlohmann alone would accept a leading BOM,
// stop at a NUL byte and ignore what follows, follow any nesting depth, and keep the
// last of duplicate keys: each of those lets a text mean something other than what it
// says, so each is an error here.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "error.hpp"

namespace cookiegate::detail {

inline constexpr std::size_t max_json_depth = 32;

/// The parsed value, or an error whose message names `what` ("the config", "the
/// choice") and what is wrong with it: `malformed` for text that is not plain JSON,
/// `duplicate` for a key repeated within one object.
result<nlohmann::json> parse_strict_json(std::string_view text, errc malformed,
                                         errc duplicate, std::string_view what);

}  // namespace cookiegate::detail
