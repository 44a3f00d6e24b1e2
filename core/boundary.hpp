// A string-in, string-out facade over the core: what wasm/ binds one-to-one and what
// the Node entry and the browser runtime call. Every function is total: it returns
// JSON text, either {"ok":true,...} or
//   {"ok":false,"error":{"code":105,"name":"config_duplicate_id",
//                        "path":"categories[2].id","message":"..."}}
// and never throws or aborts on any input. Inputs over their caps are rejected with
// input_too_large before any parsing.
//
// Shapes (camelCase, as JS expects):
//   state  = {"prompt":"consent|reconsent|notice|none", "reason":"no_record|...|none",
//             "recordError":null|{"code","name"}, "policy":"1.2.0",
//             "notice":null|{"kind":"update|upcoming","version","effective"},
//             "gpcApplied":bool, "expiresAt":null|seconds,
//             "categories":[{"id","required","allowed","ask","changed","gpc",
//                            "services":[{"id","allowed"}]}],
//             "consentMode":{"ad_storage":"granted|denied", ...all seven},
//             "record":null|{"id","created","updated","policy","acknowledged",
//                            "method","gpcApplied","source":"ui|api","language",
//                            "categories":[{"id"|null,"revision","granted"}],
//                            "services":[{"id"|null,"granted"}]}}
//   cookie = {"name","value","maxAge","domain","path","sameSite","secure"}
//   choice = {"kind":"accept_all|reject_all|custom|gpc_default",
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

/// {"ok":true,"config":<the config with every default filled in, plus
///  cookie.storedName>}
std::string validate_config(std::string_view config_json);

/// {"ok":true,"state":state}. `now` is seconds since the epoch.
std::string evaluate(std::string_view config_json, std::string_view cookie_header,
                     double now, bool gpc);

/// Applies a choice on top of the valid record in `cookie_header` (if any):
/// {"ok":true,"cookie":cookie,"state":state}. `random_hex` supplies the consent id
/// of a new record: at least 32 hex digits from a CSPRNG.
std::string choose(std::string_view config_json, std::string_view cookie_header,
                   double now, bool gpc, std::string_view choice_json,
                   std::string_view random_hex, std::string_view language);

/// Records that the pending notice was seen: {"ok":true,"cookie":cookie,"state":state};
/// an error when there is no valid record to acknowledge. `source` is "ui" or "api".
std::string acknowledge(std::string_view config_json, std::string_view cookie_header,
                        double now, bool gpc, std::string_view source = "api");

/// `preferences_json` is an array of language tags, best first:
/// {"ok":true,"language":"zh"}.
std::string negotiate_language(std::string_view config_json,
                               std::string_view preferences_json);

/// {"ok":true,"keys":[...text keys...],"builtin":["en","zh"]}
std::string text_keys();

}  // namespace cookiegate::boundary
