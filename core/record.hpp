// The consent record: what a visitor agreed to, when, under which policy, and how.
// Decisions are keyed by the short key of the category/service id (codec.hpp), so a
// record survives the site adding, removing or reordering categories.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "profile.hpp"
#include "version.hpp"

namespace cookiegate {

enum class consent_method : std::uint8_t {
  accept_all = 0,
  reject_all = 1,
  custom = 2,
  gpc_default = 3,  ///< written without a click: Global Privacy Control refused
};

std::string_view method_name(consent_method m) noexcept;

/// Who made the last change written into a record. A consent log must never present a
/// script's choice as the visitor's, so only a trusted user event on CookieGate's own
/// UI yields `ui`; everything else (the JS API, a page script clicking the banner's
/// buttons, the GPC default) is `api`. Records written before this field existed
/// decode as `api`: an unproven source is never the visitor's.
enum class consent_source : std::uint8_t {
  api = 0,
  ui = 1,
};

std::string_view source_name(consent_source s) noexcept;
/// "ui" or "api"; anything else is refused (nullopt) rather than read as either.
std::optional<consent_source> parse_source(std::string_view s) noexcept;

struct category_decision {
  std::uint32_t key = 0;       ///< short key of the category id
  std::uint32_t revision = 0;  ///< the category revision the decision was given for
  bool granted = false;
  /// The visitor chose this (a click); false for a default written without one: a
  /// refusal by GPC or by closing a pipl banner. Only refusals are ever written
  /// without a click: a default is never written as consent.
  bool chosen = true;
  friend bool operator==(const category_decision& a, const category_decision& b) {
    return a.key == b.key && a.revision == b.revision && a.granted == b.granted &&
           a.chosen == b.chosen;
  }
};

/// A per-service decision inside a granted category: apply_choice() writes one for
/// every service of each granted optional category, so a service the record has no
/// decision for is one the visitor was never shown (evaluate asks again). They can
/// only narrow: a service of a refused category is refused whatever its entry says.
struct service_decision {
  std::uint32_t key = 0;
  bool granted = false;
  friend bool operator==(const service_decision& a, const service_decision& b) {
    return a.key == b.key && a.granted == b.granted;
  }
};

using consent_id = std::array<std::uint8_t, 16>;

struct consent_record {
  consent_id id{};             ///< random, from caller-supplied bytes
  std::int64_t created = 0;    ///< first decision, seconds since the epoch
  std::int64_t updated = 0;    ///< last decision; expiry counts from here
  version policy;              ///< the policy version consented to
  version acknowledged;        ///< last policy version whose notice was seen
  consent_method method = consent_method::reject_all;
  bool gpc_applied = false;    ///< the GPC signal was present and honoured
  consent_source source = consent_source::api;  ///< who made the last change
  std::string language;        ///< language the banner was shown in
  std::vector<category_decision> categories;  ///< sorted by key, unique
  std::vector<service_decision> services;     ///< sorted by key, unique
  /// The regional profile in force at the last decision (profile.hpp): its selector
  /// ("US-CA", "EEA", "*", "unknown") and model, and the region the site named
  /// (canonical, or empty when unknown). An empty profile is a record written without
  /// `regions` (cookie format 1): it reads as opt-in.
  std::string profile;
  std::string region;
  consent_model model = consent_model::opt_in;
  /// A grant of a sale/sharing category made while the GPC signal was on: the visitor
  /// consented after being told of the conflict, so the signal no longer overrides it.
  bool gpc_consented = false;
  /// The visitor switched to the strictest profile (`unknown`'s: opt-in, and by
  /// validation no weaker than any other) over the laxer one of their region. It then
  /// applies wherever they visit from, for as long as this record stands; later
  /// choices keep it (a visitor may switch to stricter rules, never to laxer ones).
  /// `profile` is then "unknown"; `region` still names where the switch was made.
  bool stricter = false;

  friend bool operator==(const consent_record& a, const consent_record& b) {
    return a.id == b.id && a.created == b.created && a.updated == b.updated &&
           a.policy == b.policy && a.acknowledged == b.acknowledged &&
           a.method == b.method && a.gpc_applied == b.gpc_applied &&
           a.source == b.source &&
           a.language == b.language && a.categories == b.categories &&
           a.services == b.services && a.profile == b.profile && a.region == b.region &&
           a.model == b.model && a.gpc_consented == b.gpc_consented && a.stricter == b.stricter;
  }
  friend bool operator!=(const consent_record& a, const consent_record& b) {
    return !(a == b);
  }
};

/// Lower-case hex of the id, for display and logs.
std::string id_hex(const consent_id& id);

}  // namespace cookiegate
