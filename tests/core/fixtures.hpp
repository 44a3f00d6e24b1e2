// Shared fixtures: config texts (a small one and a realistic one), the fixed clock the
// tests run at, and helpers to edit a config or draw random bytes.
#pragma once

#include <catch2/catch.hpp>

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>
#include <algorithm>

#include <nlohmann/json.hpp>

#include "core/codec.hpp"
#include "core/config.hpp"
#include "realistic_config.hpp"
#include "core/record.hpp"

namespace fx {

using json = nlohmann::json;

/// A boundary answer as JSON: an object with a boolean "ok" (the output is shown on
/// failure).
inline json answer(const std::string& text) {
  INFO("output: " << text.substr(0, 400));
  json j = json::parse(text, nullptr, false);
  REQUIRE_FALSE(j.is_discarded());
  REQUIRE(j.is_object());
  REQUIRE(j.contains("ok"));
  REQUIRE(j["ok"].is_boolean());
  return j;
}

constexpr std::int64_t day = 86400;
/// Every test runs at this instant: 2025-06-01T12:00:00Z.
constexpr std::int64_t now = 1748779200;

/// Three categories, one of them required; Consent Mode signals on the optional ones.
inline constexpr const char* small_config = R"json({
  "policy": {"version": "1.2.0", "url": "https://example.com/privacy"},
  "categories": [
    {"id": "necessary", "required": true, "title": "Necessary",
     "services": [{"id": "session"}], "consentMode": ["security_storage"]},
    {"id": "analytics", "title": "Analytics",
     "services": [{"id": "matomo"}, {"id": "hotjar"}], "consentMode": ["analytics_storage"]},
    {"id": "marketing", "title": "Marketing",
     "services": [{"id": "google-ads", "consentMode": ["ad_user_data", "ad_personalization"]},
                  {"id": "meta-pixel"}],
     "consentMode": ["ad_storage"]}
  ],
  "expiry": {"acceptDays": 365, "rejectDays": 182}
})json";

/// What a real site ships (shared with the fuzz corpus and the benchmarks).
using fixtures::realistic_config;

inline json parse_json(std::string_view text) {
  json j = json::parse(text.begin(), text.end(), nullptr, false);
  REQUIRE_FALSE(j.is_discarded());
  return j;
}

/// A config text: `base` edited by `edit`.
inline std::string edited(std::string_view base, const std::function<void(json&)>& edit) {
  json j = parse_json(base);
  edit(j);
  return j.dump();
}

/// Parses a config that must be valid; fails the test with the error otherwise.
inline cookiegate::config must_parse(std::string_view text) {
  auto r = cookiegate::parse_config(text);
  if (!r.ok()) FAIL("config rejected: " << r.err().to_string());
  return r.value();
}

inline cookiegate::config small() { return must_parse(small_config); }
inline cookiegate::config realistic() { return must_parse(realistic_config); }

/// consent_id_bytes of deterministic "random" bytes.
inline std::string random_bytes(unsigned char seed = 1) {
  std::string b(16, '\0');
  for (std::size_t i = 0; i < b.size(); ++i) b[i] = static_cast<char>(seed * 31 + i * 7);
  return b;
}

using decisions = std::vector<std::pair<std::string, bool>>;

/// A record written by hand, independently of apply_choice(): the listed category
/// decisions at the revision `cfg` gives them (revision 1 for ids `cfg` lacks), every
/// required category granted, the listed service decisions, and for every other
/// service of a granted optional category of `cfg` a grant (what a visitor who saw
/// `cfg` and granted the category gave); sorted as the format wants.
inline cookiegate::consent_record make_record(const cookiegate::config& cfg,
                                              const decisions& categories,
                                              cookiegate::version policy, std::int64_t updated,
                                              const decisions& services = {}) {
  using namespace cookiegate;
  consent_record r;
  r.id.fill(0x42);
  r.created = updated;
  r.updated = updated;
  r.policy = policy;
  r.acknowledged = policy;
  r.method = consent_method::custom;
  r.language = "en";
  for (const auto& c : cfg.categories)
    if (c.required) r.categories.push_back({c.key, c.revision, true});
  for (const auto& [id, granted] : categories) {
    const auto* c = cfg.find_category(id);
    r.categories.push_back({short_key(id), c ? c->revision : 1u, granted});
  }
  // A listed service the config has is keyed as the product keys it (service_key);
  // one it lacks by its id alone.
  for (const auto& [id, granted] : services) {
    std::uint32_t key = short_key(id);
    for (const auto& c : cfg.categories)
      for (const auto& s : c.services)
        if (s.id == id) key = s.key;
    r.services.push_back({key, granted});
  }
  for (const auto& [id, granted] : categories) {
    const auto* c = cfg.find_category(id);
    if (!c || c->required || !granted) continue;
    for (const auto& s : c->services)
      if (std::none_of(services.begin(), services.end(), [&](const auto& l) { return l.first == s.id; }))
        r.services.push_back({s.key, true});
  }
  auto by_key = [](const auto& a, const auto& b) { return a.key < b.key; };
  std::sort(r.categories.begin(), r.categories.end(), by_key);
  std::sort(r.services.begin(), r.services.end(), by_key);
  return r;
}

/// `r` as every record written before service_key (codec.hpp): each service decision
/// keyed by the service id alone (its unscoped_key in `cfg`), sorted as the format wants.
inline cookiegate::consent_record keyed_as_before(const cookiegate::config& cfg, cookiegate::consent_record r) {
  for (auto& d : r.services) {
    for (const auto& c : cfg.categories)
      for (const auto& s : c.services)
        if (d.key == s.key) d.key = s.unscoped_key;
  }
  std::sort(r.services.begin(), r.services.end(), [](const auto& a, const auto& b) { return a.key < b.key; });
  return r;
}

}  // namespace fx
