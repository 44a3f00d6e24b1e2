// The wasm surface: core/boundary.hpp bound one-to-one. Strings, a number and a bool
// cross; JSON text comes back. No class_ handles, so nothing on the JS side ever needs
// .delete() and nothing can leak across calls.
//
// embind marshals std::string (not std::string_view), hence the thin adapters. The
// boundary functions are total, so nothing here checks or catches: the JS bridge caps
// input sizes before calling in (a huge string would grow the heap for good).
#include <emscripten/bind.h>

#include <string>

#include "core/boundary.hpp"

namespace {

namespace b = cookiegate::boundary;

std::string validate_config(const std::string& config_json) {
  return b::validate_config(config_json);
}

std::string evaluate(const std::string& config_json, const std::string& cookie_header,
                     double now, bool gpc, const std::string& region, bool verified_crawler) {
  return b::evaluate(config_json, cookie_header, now, gpc, region, verified_crawler);
}

std::string resolve_region(const std::string& config_json, const std::string& region) {
  return b::resolve_region(config_json, region);
}

std::string choose(const std::string& config_json, const std::string& cookie_header,
                   double now, bool gpc, const std::string& choice_json,
                   const std::string& random_hex, const std::string& language,
                   const std::string& region, bool verified_crawler) {
  return b::choose(config_json, cookie_header, now, gpc, choice_json, random_hex,
                   language, region, verified_crawler);
}

std::string acknowledge(const std::string& config_json, const std::string& cookie_header,
                        double now, bool gpc, const std::string& source,
                        const std::string& region) {
  return b::acknowledge(config_json, cookie_header, now, gpc, source, region);
}

std::string evaluate_change(const std::string& config_json,
                            const std::string& previous_cookie_header,
                            const std::string& cookie_header, double now, bool gpc,
                            const std::string& region) {
  return b::evaluate_change(config_json, previous_cookie_header, cookie_header, now, gpc,
                            region);
}

std::string negotiate_language(const std::string& config_json,
                               const std::string& preferences_json) {
  return b::negotiate_language(config_json, preferences_json);
}

std::string text_keys() { return b::text_keys(); }

std::string limits() { return b::limits(); }

}  // namespace

// camelCase names: what web/src/wasm/bridge.js calls.
EMSCRIPTEN_BINDINGS(cookiegate) {
  emscripten::function("validateConfig", &validate_config);
  emscripten::function("evaluate", &evaluate);
  emscripten::function("choose", &choose);
  emscripten::function("acknowledge", &acknowledge);
  emscripten::function("evaluateChange", &evaluate_change);
  emscripten::function("resolveRegion", &resolve_region);
  emscripten::function("negotiateLanguage", &negotiate_language);
  emscripten::function("textKeys", &text_keys);
  emscripten::function("limits", &limits);
}
