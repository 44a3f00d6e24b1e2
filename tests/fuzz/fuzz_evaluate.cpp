// Properties of the whole cookie path (header parsing, decode, evaluate, choose) on
// arbitrary input: the first byte picks the clock offset and the GPC signal, the rest
// is a Cookie header.
//  - nothing crashes;
//  - a category is only allowed when a stored record grants it;
//  - every boundary answer is a JSON object with "ok".
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/boundary.hpp"
#include "core/codec.hpp"
#include "core/cookie_header.hpp"
#include "core/evaluate.hpp"
#include "gate_oracle.hpp"
#include "fuzz_config.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const bool gpc = data[0] & 1;
  // Up to ~4 years either side of the fixed clock: clocks moved back and forward.
  const std::int64_t now = fuzz::now + (static_cast<std::int64_t>(data[0] >> 1) - 64) * 86400 * 23;
  const std::string_view header(reinterpret_cast<const char*>(data + 1), size - 1);
  const auto& cfg = fuzz::config();

  const auto st = cookiegate::evaluate_cookie(cfg, header, now, cookiegate::signals{gpc});
  auto found = cookiegate::find_cookie(header, cfg.cookie.stored_name());
  const bool has_record = found && found.value() && cookiegate::decode(*found.value(), now);
  for (const auto& c : cfg.categories)
    if (!c.required && cookiegate::oracle::is_allowed(st, c.id) && !has_record) std::abort();
  if (st.record && !has_record) std::abort();

  const std::string cfg_text = fuzz::config_text;
  for (const char* kind : {"{\"kind\":\"custom\",\"categories\":{\"analytics\":true}}",
                           "{\"kind\":\"reject_all\"}"}) {
    const std::string out = cookiegate::boundary::choose(
        cfg_text, header, static_cast<double>(now), gpc, kind,
        "000102030405060708090a0b0c0d0e0f", "en");
    if (out.find("\"ok\":") == std::string::npos) std::abort();
  }
  return 0;
}
