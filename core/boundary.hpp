// A string-in, string-out facade over the core: what wasm/ binds one-to-one and what
// the Node entry and the browser runtime call. Every function is total: it returns
// JSON text, either {"ok":true,...} or
//   {"ok":false,"error":{"code":105,"name":"config_duplicate_id",
//                        "path":"categories[2].id","message":"..."}}
// and never throws or aborts on any input. Inputs over their caps are rejected with
// input_too_large before any parsing.
//
// Shapes (camelCase, as JS expects):
//   state  = {"prompt":"consent|reconsent|notice|none",
//             "reason":"none|no_record|invalid_record|expired|future_version|
//                       major_update|category_changed|service_added|
//                       reask_after_refusal",
//             "recordError":null|{"code","name"}, "policy":"1.2.0",
//             "notice":null|{"kind":"update|upcoming","version","effective"},
//             "gpcApplied":bool, "expiresAt":null|seconds,
//             "validUntil":null|seconds (Unix seconds: the first instant after `now`
//                at which the same inputs give a different state; null: none does.
//                The state holds for every now' in [now, validUntil) with the same
//                config text, cookie header and gpc: core/evaluate.hpp, state),
//             "firstLayerReject":"reject_all|asked" (what the first layer's Reject
//                all refuses: everything optional, or only the categories with `ask`,
//                what stands for the others kept: core/evaluate.hpp, state),
//             "categories":[{"id","required","allowed","ask","changed","gpc",
//                            "services":[{"id","allowed"}]}],
//             "consentMode":{"ad_storage":"granted|denied", ...all seven},
//             "regional" (only when the config has `regions`; core/evaluate.hpp,
//                regional_state):{"profile":"US-CA|DE|EEA|*|unknown",
//                "region":null|"US-CA", "model":"opt-in|opt-out|notice|pipl",
//                "firstLayer":null|<the model: the first layer to show now>,
//                "optOutLink":bool, "gpcHonoured":bool, "gpcConflict":bool,
//                "separate":[service ids awaiting a pipl separate consent],
//                "stricterOffered":bool (choice "stricter" may be made),
//                "stricterChosen":bool (the visitor's switch is the profile in force)},
//             "record":null|{"id","created","updated","policy","acknowledged",
//                            "method","gpcApplied","source":"ui|api","language",
//                            "profile":null|selector, "region":null|region,
//                            "model" (format 2 records only: "opt-in|..."),
//                            "gpcConsented":bool, "stricter":bool (format 2 only),
//                            "categories":[{"id"|null,"revision","granted","chosen"}],
//                            "services":[{"id"|null,"granted"}]}}
//   cookie = {"name","value","maxAge","domain","path","sameSite","secure"}
//   withdrawn = {"categories":["marketing",...],
//                "services":[{"category":"analytics","id":"ga"},...]}
//            every category allowed before and not after, and every service allowed
//            before and not after (a withdrawn category's services included), in config
//            order: what ran and must stop (a page reloads for it) and be cleaned up
//            after (core/withdrawal.hpp).
//   cleanup = the same shape: what withdrawn names, plus what the record stored
//            before granted (whether or not the grant was still in force: a MAJOR
//            update, a revised category or an expiry asks again and allows nothing
//            meanwhile) and the record after refuses, unless allowed after: each category
//            it granted at any revision that is now refused, and each service of such a
//            granted category it did not refuse whose category or itself is now
//            refused. What the page must delete the cookies and storage of (a re-ask's
//            Refuse withdraws nothing that ran, so it needs no reload for it).
//   choice = {"kind":"accept_all|reject_all|custom|allow|gpc_default|dismiss|stricter",
//             "categories":{"id":bool,...}, "services":{"id":bool,...},
//             "source":"ui|api" (optional, default "api")}
// A record's `source` is who made its last change: "ui" only for a trusted user event
// on CookieGate's own UI, "api" for everything else (a consent log never presents a
// script's choice as the visitor's).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace cookiegate::boundary {

// Caps in UTF-8 bytes (the config's is max_config_bytes, config.hpp; a cookie
// header's max_cookie_header, cookie_header.hpp).
inline constexpr std::size_t max_choice_bytes = 16 * 1024;
inline constexpr std::size_t max_preferences_bytes = 4 * 1024;
/// The consent id's hex digits, a language tag, a region, a source: the core checks
/// their real form; the cap only keeps a runaway string off the wasm heap.
inline constexpr std::size_t max_short_bytes = 1024;

/// {"ok":true,"caps":{"config":65536,"cookie":16384,"choice":16384,"preferences":4096,
///  "short":1024},"errors":{"input_too_large":400,"input_invalid":401}}: the caps in
/// UTF-8 bytes of the functions' arguments (a cookie header, the previous one too; a
/// choice and language preferences as JSON text; `short`: every other string) and the
/// codes of the refusals a caller gives before calling, as the core would. The JS bridge
/// reads it once, so that an argument over its cap never reaches the wasm heap.
std::string limits();

/// {"ok":true,"config":<the config with every default filled in, plus the derived
///  cookie.storedName and "directions":{"<language>":"ltr|rtl"} for each of its
///  languages (core/language.hpp direction_of)>}
std::string validate_config(std::string_view config_json);

// `region` below: the visitor's region as the site's server names it ("US-CA", "DE";
// empty, malformed or a placeholder: unknown), read only when the config has
// `regions` (core/region.hpp).

/// {"ok":true,"state":state}. `now` is seconds since the epoch. `verified_crawler`:
/// the site verified the request comes from a crawler (nothing allowed, no record).
std::string evaluate(std::string_view config_json, std::string_view cookie_header,
                     double now, bool gpc, std::string_view region = {},
                     bool verified_crawler = false);

/// {"ok":true,"profile":"US-CA","model":"opt-out","region":null|"US-CA"}; profile and
/// model are null when the config has no `regions`.
std::string resolve_region(std::string_view config_json, std::string_view region);

/// Applies a choice on top of the valid record in `cookie_header` (if any):
/// {"ok":true,"cookie":cookie,"state":state,"withdrawn":withdrawn,"cleanup":cleanup},
/// withdrawn relative to the state of `cookie_header` at `now`, cleanup also to the
/// record it holds (valid or not). `random_hex` supplies the consent id
/// of a new record: at least 32 hex digits from a CSPRNG. A `verified_crawler` gets
/// error choice_invalid (path "verifiedCrawler"): it is never granted anything and
/// never gets a record.
std::string choose(std::string_view config_json, std::string_view cookie_header,
                   double now, bool gpc, std::string_view choice_json,
                   std::string_view random_hex, std::string_view language,
                   std::string_view region = {}, bool verified_crawler = false);

/// Records that the pending notice was seen:
/// {"ok":true,"cookie":cookie,"state":state,"withdrawn":withdrawn,"cleanup":cleanup}
/// (both always empty: acknowledging decides nothing; they are there so every answer
/// that writes a cookie has the same shape). An error when there is no valid record. `source` is "ui" or "api".
std::string acknowledge(std::string_view config_json, std::string_view cookie_header,
                        double now, bool gpc, std::string_view source = "api",
                        std::string_view region = {});

/// A change noticed from outside (another tab wrote or deleted the cookie): both
/// headers evaluated at the same `now` and `gpc`,
/// {"ok":true,"state":<state of cookie_header>,"withdrawn":withdrawn,"cleanup":cleanup}
/// (the records the two headers hold as stored before and after; none refuses nothing).
std::string evaluate_change(std::string_view config_json,
                            std::string_view previous_cookie_header,
                            std::string_view cookie_header, double now, bool gpc,
                            std::string_view region = {});

/// `preferences_json` is an array of language tags, best first:
/// {"ok":true,"language":"zh"}.
std::string negotiate_language(std::string_view config_json,
                               std::string_view preferences_json);

/// {"ok":true,"keys":[...text keys...],"builtin":["en","zh"]}
std::string text_keys();

}  // namespace cookiegate::boundary
