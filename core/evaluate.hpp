// evaluate(): config + stored record + now + browser signals -> what the page must do.
// The only place where consent rules live; the UI renders what the state asks for.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "config.hpp"
#include "consent_mode.hpp"
#include "error.hpp"
#include "record.hpp"

namespace cookiegate {

struct signals {
  // A constructor rather than an aggregate: `signals{gpc}` stays the short form
  // without -Wmissing-field-initializers for the members added later.
  signals(bool gpc_ = false, std::string region_ = {}, bool verified_crawler_ = false)
      : gpc(gpc_), region(std::move(region_)), verified_crawler(verified_crawler_) {}

  bool gpc = false;  ///< navigator.globalPrivacyControl (or the Sec-GPC header)
  /// The visitor's region as the site's server names it (ISO 3166-1 alpha-2 or
  /// ISO 3166-2, e.g. "US-CA"); empty or malformed: unknown. Read only when the config
  /// has `regions`.
  std::string region;
  /// A crawler the site's server has verified (user agent plus reverse and forward
  /// DNS): no banner, nothing optional allowed, no record read or written.
  bool verified_crawler = false;
};

/// Which banner the visitor must see.
enum class prompt_kind {
  none,       ///< nothing to ask or tell
  consent,    ///< no usable record, or one that decided none of the categories asked:
              ///< the first question (for every optional category without a record)
  reconsent,  ///< record kept, and some category it decided must be asked again
  notice,     ///< consent valid; tell the visitor about a policy change once
};

/// Why the visitor is asked (prompt consent/reconsent).
enum class ask_reason {
  none,
  no_record,
  invalid_record,    ///< see state::record_error
  expired,
  future_version,    ///< the record names a policy newer than the config's
  major_update,      ///< the policy MAJOR version was raised
  category_changed,  ///< a category's revision was raised, or it is new
  service_added,     ///< a granted category has a service the record never decided on
  /// pipl only: a refusal is 48 hours old, so its categories may be asked again
  /// (profile.hpp pipl_reprompt_seconds). Nothing changed, so they are `ask` but not
  /// `changed`; any change above names the reason instead.
  reask_after_refusal,
};

enum class notice_kind {
  none,
  update,    ///< MINOR raised since the record: consent stays valid
  upcoming,  ///< an announced change will take effect on a date
};

struct service_state {
  std::string id;
  bool allowed = false;
};

struct category_state {
  std::string id;
  bool required = false;
  bool allowed = false;
  bool ask = false;      ///< needs the visitor's decision now
  bool changed = false;  ///< asked again: revision raised, new, a service added, or policy MAJOR raised
  bool gpc = false;      ///< refused by default because of Global Privacy Control
  std::vector<service_state> services;
};

/// What the regional profile in force asks of the UI (present when the config has
/// `regions`).
struct regional_state {
  std::string profile;  ///< the selector that matched ("US-CA", "EEA", "*", "unknown")
  std::string region;   ///< the canonical region, or empty when unknown
  consent_model model = consent_model::opt_in;
  /// Which first layer to show now: the model's, when prompt is consent or
  /// reconsent; otherwise none.
  bool first_layer = false;
  /// A persistent "Do Not Sell or Share My Personal Information" link is required
  /// (opt-out with a sale/sharing category: CCPA 1798.135(a)).
  bool opt_out_link = false;
  /// GPC refused sale/sharing here: show the "signal honoured" confirmation instead
  /// of a pop-up (11 CCR 7025(c)(6)).
  bool gpc_honoured = false;
  /// GPC overrides a stored grant of sale/sharing: the visitor may be told of the
  /// conflict and asked to consent again (11 CCR 7025(c)(3)).
  bool gpc_conflict = false;
  /// pipl: services of allowed categories still waiting for their separate consent,
  /// in config order (one sheet each; never part of "Accept all").
  std::vector<std::string> separate;
  /// The visitor may switch to the strictest profile (choice `stricter`): offered
  /// where the region's model lets optional processing run by default (opt-out,
  /// notice), never under opt-in or pipl, which nothing in a config is stricter than.
  bool stricter_offered = false;
  /// The profile in force is the visitor's own switch to the strictest one.
  bool stricter_chosen = false;
};

struct state {
  prompt_kind prompt = prompt_kind::consent;
  ask_reason reason = ask_reason::no_record;
  std::optional<errc> record_error;  ///< why a stored value was rejected
  version policy;                    ///< the policy version in force now
  notice_kind notice = notice_kind::none;
  version notice_version;            ///< the version the notice is about
  std::string notice_effective;      ///< "YYYY-MM-DD" for an upcoming change
  bool gpc_applied = false;
  std::vector<category_state> categories;  ///< in config order
  /// Granted (true) / denied per signal: granted when everything that declares it is
  /// allowed, a category with all of its services.
  consent_signals consent_mode{};
  std::optional<consent_record> record;    ///< the valid stored record, if any
  std::int64_t expires_at = 0;             ///< when the record expires (0: none)
  /// The validity window of this answer: the first instant (seconds since the epoch)
  /// after `now` at which the same config, stored value and signals give a different
  /// state (a record's expiry, an announced change taking effect, a future-dated
  /// record coming within the tolerated clock skew). Empty when no later instant
  /// changes it. Until then a caller may reuse this state for byte-identical inputs.
  std::optional<std::int64_t> valid_until;
  std::optional<regional_state> regional;  ///< empty without `regions`
  /// The first layer's Reject all refuses only the categories asked (`ask`) and keeps
  /// what stands for the others: set when some optional categories are asked again
  /// (reason category_changed, service_added or reask_after_refusal) while another
  /// optional one is not (its decision, or a GPC refusal, stands), whose standing grant
  /// a "Reject all" would otherwise withdraw unseen. Otherwise Reject all is a
  /// reject_all. (Accept all is always an accept_all.)
  bool reject_asked_only = false;
};

/// Whether a record's decision for an optional category still stands under the config.
enum class decision_status {
  current,        ///< decided at this revision, and on every service if granted
  missing,        ///< no decision: the category is new to the record
  revised,        ///< decided for an older (or newer) revision
  service_added,  ///< granted, but a service of the category has no decision of its own
};

/// A consent covers only what the visitor was shown: a service the record never saw
/// rides on no earlier grant. A refused category needs no service decisions (its
/// services are refused whatever they are), so adding a service to it asks nothing.
/// `skip_separate`: services that need a separate consent (pipl) need no decision of
/// their own for the category's decision to stand.
decision_status category_decision_status(const category& c, const consent_record& record,
                                         bool skip_separate = false) noexcept;

/// The record's decision for a category or service key, or null.
const category_decision* find_decision(const consent_record& record, std::uint32_t key) noexcept;
const service_decision* find_service_decision(const consent_record& record,
                                              std::uint32_t key) noexcept;
/// The record's decision for service `s` in the category that holds it now: under its
/// key (service_key), or under its id alone in a record written before that key.
const service_decision* find_service_decision(const consent_record& record,
                                              const service& s) noexcept;
/// The record's decision for service `s`, except that under pipl (`pipl`) a service
/// needing a separate consent counts only a decision stored under pipl: a bundled
/// grant from another model, or a format-1 record (opt-in), is no separate consent.
const service_decision* separate_decision(const consent_record& record, const service& s,
                                          bool pipl) noexcept;

/// The policy version in force at `now` (the upcoming one from its effective date).
version effective_policy(const config& cfg, std::int64_t now) noexcept;

/// `record` is a decoded record, or null when there is none.
state evaluate(const config& cfg, const consent_record* record, std::int64_t now,
               const signals& sig);

/// Finds the consent cookie in a Cookie header, decodes and evaluates it. A
/// duplicate or undecodable cookie yields ask_reason::invalid_record. `stored`, when
/// given, receives the record the cookie holds whether or not it is in force (expired,
/// superseded by a MAJOR update, from a newer policy): what a refusal cleans up after
/// (withdrawal.hpp cleanup). It stays empty without one decodable cookie.
state evaluate_cookie(const config& cfg, std::string_view cookie_header,
                      std::int64_t now, const signals& sig,
                      std::optional<consent_record>* stored = nullptr);

/// When a record written at `updated` with these decisions stops being valid: the
/// shorter expiry of the kinds of decision it holds (acceptance, refusal).
/// With `regions`, the days are those of the profile for `region`, or of the
/// strictest profile when the record holds the visitor's switch to it.
std::int64_t record_expiry(const config& cfg, const consent_record& record,
                           std::string_view region = {}) noexcept;

/// The profile for `region` (the strictest, `unknown`'s, when `stricter`), or null
/// when the config has no `regions`.
const profile* profile_for(const config& cfg, std::string_view region, bool stricter = false) noexcept;

/// Whether `record` holds the visitor's switch to the strictest profile and still
/// stands at `now` (not expired, not from a future policy version).
bool stricter_in_force(const config& cfg, const consent_record* record, std::int64_t now) noexcept;

}  // namespace cookiegate
