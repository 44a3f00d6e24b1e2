// The config every record fuzzer evaluates against: two optional categories with
// services, one required, Consent Mode signals, an upcoming change.
#pragma once

#include "core/config.hpp"

namespace fuzz {

inline constexpr const char* config_text = R"json({
  "policy": {"version": "2.3.1", "url": "/privacy",
             "upcoming": {"version": "3.0.0", "effective": "2031-01-01"}},
  "categories": [
    {"id": "necessary", "required": true, "title": "Necessary",
     "consentMode": ["security_storage"]},
    {"id": "analytics", "revision": 2, "title": "Analytics",
     "consentMode": ["analytics_storage"],
     "services": [{"id": "matomo"}, {"id": "hotjar"}]},
    {"id": "marketing", "title": "Marketing", "consentMode": ["ad_storage"],
     "services": [{"id": "ads", "consentMode": ["ad_user_data"]}]}
  ]
})json";

/// 2026-01-01T00:00:00Z: the fuzzers' fixed "now".
inline constexpr std::int64_t now = 1767225600;

inline const cookiegate::config& config() {
  static const cookiegate::config cfg = cookiegate::parse_config(config_text).value();
  return cfg;
}

/// The same categories with regional profiles: analytics is sensitive, marketing
/// sells or shares.
inline const cookiegate::config& regional_config() {
  static const cookiegate::config cfg = cookiegate::parse_config(R"json({
  "policy": {"version": "2.3.1", "url": "/privacy"},
  "languages": ["en", "zh"],
  "categories": [
    {"id": "necessary", "required": true, "title": "Necessary"},
    {"id": "analytics", "revision": 2, "title": "Analytics", "sensitive": true,
     "services": [{"id": "matomo"}, {"id": "hotjar", "crossBorder": true,
                  "recipient": {"name": "H", "contact": "h@example.com", "country": "MT",
                                "purpose": "heatmaps", "data": "clicks"}}]},
    {"id": "marketing", "title": "Marketing", "saleOrSharing": true, "services": [{"id": "ads"}]}
  ],
  "regions": {"EEA": {"model": "opt-in"}, "US-CA": {"model": "opt-out"}, "CN": {"model": "pipl"},
              "*": {"model": "notice"}}
})json").value();
  return cfg;
}

}  // namespace fuzz
