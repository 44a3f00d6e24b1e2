// Properties of the record decoder on arbitrary bytes:
//  - it never crashes or trips a sanitizer;
//  - an accepted value re-encodes to exactly the same text (one record, one encoding);
//  - evaluating an accepted record never allows a category the record did not grant;
//  - under regional profiles: a sensitive category only with a granted decision, and
//    under opt-in and pipl (and an unknown region) nothing optional without one.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/codec.hpp"
#include "core/evaluate.hpp"
#include "gate_oracle.hpp"
#include "fuzz_config.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view value(reinterpret_cast<const char*>(data), size);
  auto decoded = cookiegate::decode(value, fuzz::now);
  if (!decoded) return 0;
  const auto& record = decoded.value();
  if (cookiegate::encode(record) != value) std::abort();

  const auto& cfg = fuzz::config();
  for (bool gpc : {false, true}) {
    const auto st = cookiegate::evaluate(cfg, &record, fuzz::now, cookiegate::signals{gpc});
    for (const auto& c : cfg.categories) {
      if (c.required || !cookiegate::oracle::is_allowed(st, c.id)) continue;
      bool granted = false;
      for (const auto& d : record.categories)
        if (d.key == c.key && d.granted && d.revision == c.revision) granted = true;
      if (!granted) std::abort();
    }
  }
  const auto& regional = fuzz::regional_config();
  for (const char* region : {"DE", "US-CA", "CN", "BR", "XX"}) {
    const auto st = cookiegate::evaluate(regional, &record, fuzz::now, cookiegate::signals{false, region, false});
    const bool opt_in = st.regional && (st.regional->model == cookiegate::consent_model::opt_in ||
                                        st.regional->model == cookiegate::consent_model::pipl);
    for (const auto& c : regional.categories) {
      if (c.required || !cookiegate::oracle::is_allowed(st, c.id)) continue;
      if (!opt_in && !c.sensitive) continue;
      bool granted = false;
      for (const auto& d : record.categories)
        if (d.key == c.key && d.granted) granted = true;
      if (!granted) std::abort();
    }
  }
  return 0;
}
