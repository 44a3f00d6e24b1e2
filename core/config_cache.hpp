// The runtime passes the same config text on every call: it is parsed once and kept
// until a call brings another text.
#pragma once

#include <string_view>

#include "config.hpp"
#include "error.hpp"

namespace cookiegate {

/// The parsed `text` (parse_config), or its error. The pointer stays valid until the
/// next call with another text: callers use it within one boundary call, and the wasm
/// module is single-threaded.
result<const config*> load_config(std::string_view text);

}  // namespace cookiegate
