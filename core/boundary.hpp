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
//                       major_update|category_changed|service_added",
//             "recordError":null|{"code","name"}, "policy":"1.2.0",
//             "notice":null|{"kind":"update|upcoming","version","effective"},
//             "gpcApplied":bool, "expiresAt":null|seconds,
//             "validUntil":null|seconds (Unix seconds: the first instant after `now`
//                at which the same inputs give a different state; null: none does.
//                The state holds for every now' in [now, validUntil) with the same
//                config text, cookie header and gpc: core/evaluate.hpp, state),
//             "categories":[{"id","required","allowed","ask","changed","gpc",
//                            "services":[{"id","allowed"}]}],
//             "consentMode":{"ad_storage":"granted|denied", ...all seven},
//             "record":null|{"id","created","updated","policy","acknowledged",
//                            "method","gpcApplied","source":"ui|api","language",
//                            "categories":[{"id"|null,"revision","granted"}],
//                            "services":[{"id"|null,"granted"}]}}
//   cookie = {"name","value","maxAge","domain","path","sameSite","secure"}
//   withdrawn = {"categories":["marketing",...],
//                "services":[{"category":"analytics","id":"ga"},...]}
//            every category allowed before and not after, and every service allowed
//            before and not after (a withdrawn category's services included), in config
//            order: what the page must stop and clean up after (core/withdrawal.hpp).
//   choice = {"kind":"accept_all|reject_all|custom|allow|gpc_default",
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

inline constexpr std::size_t max_choice_bytes = 16 * 1024;
inline constexpr std::size_t max_preferences_bytes = 4 * 1024;

/// {"ok":true,"config":<the config with every default filled in, plus the derived
///  cookie.storedName and "directions":{"<language>":"ltr|rtl"} for each of its
///  languages (core/language.hpp direction_of)>}
std::string validate_config(std::string_view config_json);

/// {"ok":true,"state":state}. `now` is seconds since the epoch.
std::string evaluate(std::string_view config_json, std::string_view cookie_header,
                     double now, bool gpc);

/// Applies a choice on top of the valid record in `cookie_header` (if any):
/// {"ok":true,"cookie":cookie,"state":state,"withdrawn":withdrawn}, withdrawn
/// relative to the state of `cookie_header` at `now`. `random_hex` supplies the consent id
/// of a new record: at least 32 hex digits from a CSPRNG.
std::string choose(std::string_view config_json, std::string_view cookie_header,
                   double now, bool gpc, std::string_view choice_json,
                   std::string_view random_hex, std::string_view language);

/// Records that the pending notice was seen:
/// {"ok":true,"cookie":cookie,"state":state,"withdrawn":withdrawn} (withdrawn is
/// always empty: acknowledging decides nothing; it is there so every answer that
/// writes a cookie has the same shape). An error when there is no valid record. `source` is "ui" or "api".
std::string acknowledge(std::string_view config_json, std::string_view cookie_header,
                        double now, bool gpc, std::string_view source = "api");

/// A change noticed from outside (another tab wrote or deleted the cookie): both
/// headers evaluated at the same `now` and `gpc`,
/// {"ok":true,"state":<state of cookie_header>,"withdrawn":withdrawn}.
std::string evaluate_change(std::string_view config_json,
                            std::string_view previous_cookie_header,
                            std::string_view cookie_header, double now, bool gpc);

/// `preferences_json` is an array of language tags, best first:
/// {"ok":true,"language":"zh"}.
std::string negotiate_language(std::string_view config_json,
                               std::string_view preferences_json);

/// {"ok":true,"keys":[...text keys...],"builtin":["en","zh"]}
std::string text_keys();

}  // namespace cookiegate::boundary
