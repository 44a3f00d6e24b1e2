// Properties of the config parser on arbitrary text:
//  - it never crashes, aborts (exceptions-off build) or trips a sanitizer;
//  - an accepted config, written back out by the boundary (less the derived
//    cookie.storedName and directions), is accepted again and written out identically: the
//    normalised form is a fixed point, so nothing is lost or invented on the way.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/boundary.hpp"
#include "core/config.hpp"

#include <nlohmann/json.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto cfg = cookiegate::parse_config(text);
  if (!cfg) {
    if (cfg.err().message.empty()) std::abort();  // every error must say what to fix
    return 0;
  }
  const std::string once = cookiegate::boundary::validate_config(text);
  auto normalised = nlohmann::json::parse(once, nullptr, false);
  if (!normalised.is_object() || !normalised.contains("config")) std::abort();
  normalised["config"]["cookie"].erase("storedName");
  normalised["config"].erase("directions");
  const std::string twice = cookiegate::boundary::validate_config(normalised["config"].dump());
  if (twice != once) std::abort();
  return 0;
}
