#include "boundary.hpp"

#include <cmath>

#include "answers.hpp"
#include "choice.hpp"
#include "config.hpp"
#include "config_cache.hpp"
#include "cookie_header.hpp"
#include "evaluate.hpp"
#include "json_writer.hpp"
#include "language.hpp"
#include "region.hpp"
#include "strict_json.hpp"
#include "texts.hpp"
#include "withdrawal.hpp"

namespace cookiegate::boundary {

namespace {

using detail::json_writer;

std::string fail(const error& e) {
  json_writer w;
  write_error(w, e);
  return w.take();
}

std::string fail(errc code, std::string path, std::string message) {
  return fail(error{code, std::move(path), std::move(message)});
}

// Refused before anything reads it: the cap is all that is known about the input.
std::optional<error> over_cap(std::string_view input, std::size_t cap, std::string_view what) {
  if (input.size() <= cap) return std::nullopt;
  return error{errc::input_too_large, std::string(what),
               "is over " + detail::to_decimal(static_cast<std::int64_t>(cap)) + " bytes"};
}

result<const config*> config_within_cap(std::string_view config_json) {
  if (auto e = over_cap(config_json, max_config_bytes, "config")) return *e;
  return load_config(config_json);
}

std::optional<std::int64_t> to_seconds(double now) {
  // Before 2000 or after 9999 is no clock worth trusting.
  if (!std::isfinite(now) || now < 946684800.0 || now > 253402300799.0) return std::nullopt;
  return static_cast<std::int64_t>(std::floor(now));
}

// The region is a short code: anything longer is no region, and is not copied.
signals make_signals(bool gpc, std::string_view region, bool crawler = false) {
  return signals{gpc, std::string(region.substr(0, 16)), crawler};
}

// What evaluate, choose, acknowledge and evaluate_change start from: the config, the
// clock and the signals.
struct prepared {
  const config* cfg = nullptr;
  std::int64_t now = 0;
  signals sig;
};

// Fills `p`, or gives the error to answer. Not a result<prepared>, and no state in it:
// a variant or an assignment of a state cost the wasm module its own copy of state's
// moves and destructors (0.6 KB).
std::optional<error> prepare(prepared& p, std::string_view config_json,
                             std::string_view cookie_header, double now, bool gpc,
                             std::string_view region, bool crawler = false) {
  if (auto e = over_cap(config_json, max_config_bytes, "config")) return e;
  if (auto e = over_cap(cookie_header, max_cookie_header, "cookie")) return e;
  auto seconds = to_seconds(now);
  if (!seconds)
    return error{errc::input_invalid, "now", "must be seconds since the epoch (a finite number)"};
  auto cfg = load_config(config_json);
  if (!cfg) return cfg.err();
  p.cfg = cfg.value();
  p.now = *seconds;
  p.sig = make_signals(gpc, region, crawler);
  return std::nullopt;
}

// "withdrawn" and "cleanup" (boundary.hpp) of a change from `before`, the state the page
// acted on until now, and `stored`, the record the cookie held, to `after` and `written`.
void write_changes(json_writer& w, const state& before, const state& after,
                   const consent_record* stored, const consent_record* written) {
  w.key("withdrawn");
  write_withdrawal(w, withdrawn(before, after));
  w.key("cleanup");
  write_withdrawal(w, cleanup(before, after, stored, written));
}

std::string with_record(const config& cfg, const consent_record& r, std::int64_t now,
                        const signals& sig, const state& before, const consent_record* stored) {
  const state st = cookiegate::evaluate(cfg, &r, now, sig);
  json_writer w;
  w.begin_object().key("ok").value(true).key("cookie");
  write_cookie(w, cfg, r, now, sig.region);
  w.key("state");
  write_state(w, cfg, st);
  write_changes(w, before, st, stored, &r);
  return w.end_object().take();
}

std::optional<std::string> random_bytes(std::string_view hex) {
  if (hex.size() % 2 != 0 || hex.size() > 256) return std::nullopt;
  std::string out;
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    auto nib = [](char c) -> int {
      if (c >= '0' && c <= '9') return c - '0';
      if (c >= 'a' && c <= 'f') return c - 'a' + 10;
      if (c >= 'A' && c <= 'F') return c - 'A' + 10;
      return -1;
    };
    const int hi = nib(hex[i]), lo = nib(hex[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out += static_cast<char>(hi * 16 + lo);
  }
  return out;
}

}  // namespace

std::string limits() {
  json_writer w;
  w.begin_object().key("ok").value(true).key("caps").begin_object();
  w.key("config").value(static_cast<std::int64_t>(max_config_bytes));
  w.key("cookie").value(static_cast<std::int64_t>(max_cookie_header));
  w.key("choice").value(static_cast<std::int64_t>(max_choice_bytes));
  w.key("preferences").value(static_cast<std::int64_t>(max_preferences_bytes));
  w.key("short").value(static_cast<std::int64_t>(max_short_bytes));
  w.end_object().key("errors").begin_object();
  for (auto code : {errc::input_too_large, errc::input_invalid})
    w.key(error_name(code)).value(static_cast<std::int64_t>(code));
  return w.end_object().end_object().take();
}

std::string validate_config(std::string_view config_json_text) {
  auto cfg = config_within_cap(config_json_text);
  if (!cfg) return fail(cfg.err());
  json_writer w;
  w.begin_object().key("ok").value(true).key("config");
  write_config(w, *cfg.value());
  return w.end_object().take();
}

std::string evaluate(std::string_view config_json_text, std::string_view cookie_header,
                     double now, bool gpc, std::string_view region, bool verified_crawler) {
  prepared p;
  if (auto e = prepare(p, config_json_text, cookie_header, now, gpc, region, verified_crawler))
    return fail(*e);
  json_writer w;
  w.begin_object().key("ok").value(true).key("state");
  write_state(w, *p.cfg, evaluate_cookie(*p.cfg, cookie_header, p.now, p.sig));
  return w.end_object().take();
}

std::string resolve_region(std::string_view config_json_text, std::string_view region) {
  auto cfg = config_within_cap(config_json_text);
  if (!cfg) return fail(cfg.err());
  const signals sig = make_signals(false, region);
  const profile* pr = profile_for(*cfg.value(), sig.region);
  const auto canonical = canonical_region(sig.region);
  json_writer w;
  w.begin_object().key("ok").value(true).key("profile");
  if (pr) w.value(pr->selector).key("model").value(model_name(pr->model));
  else w.null().key("model").null();
  w.key("region");
  if (canonical) w.value(*canonical);
  else w.null();
  return w.end_object().take();
}

std::string choose(std::string_view config_json_text, std::string_view cookie_header, double now,
                   bool gpc, std::string_view choice_json, std::string_view random_hex,
                   std::string_view language, std::string_view region, bool verified_crawler) {
  if (verified_crawler)
    return fail(errc::choice_invalid, "verifiedCrawler",
                "a verified crawler is never granted anything and gets no record: no choice is taken from it");
  if (auto e = over_cap(choice_json, max_choice_bytes, "choice")) return fail(*e);
  prepared p;
  if (auto e = prepare(p, config_json_text, cookie_header, now, gpc, region)) return fail(*e);
  const auto& [cfg, t, sig] = p;
  std::optional<consent_record> stored;
  const state before = evaluate_cookie(*cfg, cookie_header, t, sig, &stored);
  auto c = parse_choice(choice_json);
  if (!c) return fail(c.err());
  auto bytes = random_bytes(random_hex);
  if (!bytes) return fail(errc::choice_random, "random", "must be hex digits");
  // Build on the stored record only while it is valid (evaluate keeps it then).
  const consent_record* prior = before.record ? &*before.record : nullptr;
  auto r = apply_choice(*cfg, prior, c.value(), t, *bytes, std::string(language), gpc, sig.region);
  if (!r) return fail(r.err());
  return with_record(*cfg, r.value(), t, sig, before, stored ? &*stored : nullptr);
}

std::string acknowledge(std::string_view config_json_text, std::string_view cookie_header,
                        double now, bool gpc, std::string_view source_text,
                        std::string_view region) {
  const auto source = parse_source(source_text);
  if (!source) return fail(errc::input_invalid, "source", "must be \"ui\" or \"api\"");
  prepared p;
  if (auto e = prepare(p, config_json_text, cookie_header, now, gpc, region)) return fail(*e);
  const auto& [cfg, t, sig] = p;
  const state before = evaluate_cookie(*cfg, cookie_header, t, sig);
  if (!before.record)
    return fail(errc::choice_invalid, "cookie",
                "there is no valid consent record to acknowledge a notice on; ask for consent first");
  // It decides nothing: what it cleans up is what it withdrew (nothing).
  return with_record(*cfg, cookiegate::acknowledge(*cfg, *before.record, t, *source), t, sig, before,
                     nullptr);
}

std::string evaluate_change(std::string_view config_json_text, std::string_view previous_cookie_header,
                            std::string_view cookie_header, double now, bool gpc,
                            std::string_view region) {
  if (auto e = over_cap(previous_cookie_header, max_cookie_header, "previousCookie")) return fail(*e);
  prepared p;
  if (auto e = prepare(p, config_json_text, cookie_header, now, gpc, region)) return fail(*e);
  const auto& [cfg, t, sig] = p;
  const state after = evaluate_cookie(*cfg, cookie_header, t, sig);
  // Both at the same instant and signal: only the cookie's change is compared.
  std::optional<consent_record> stored;
  const state before = evaluate_cookie(*cfg, previous_cookie_header, t, sig, &stored);
  json_writer w;
  w.begin_object().key("ok").value(true).key("state");
  write_state(w, *cfg, after);
  // The new cookie is another tab's fresh record (valid, so `after` holds it).
  write_changes(w, before, after, stored ? &*stored : nullptr,
                after.record ? &*after.record : nullptr);
  return w.end_object().take();
}

std::string negotiate_language(std::string_view config_json_text, std::string_view preferences_json) {
  if (auto e = over_cap(config_json_text, max_config_bytes, "config")) return fail(*e);
  if (auto e = over_cap(preferences_json, max_preferences_bytes, "preferences")) return fail(*e);
  auto cfg = load_config(config_json_text);
  if (!cfg) return fail(cfg.err());
  auto parsed = detail::parse_strict_json(preferences_json, errc::input_invalid, errc::input_invalid,
                                           "the language list");
  if (!parsed) return fail(errc::input_invalid, "preferences", parsed.err().message);
  const detail::json_value& j = parsed.value();
  if (!j.is_array())
    return fail(errc::input_invalid, "preferences", "must be a JSON array of language tags");
  std::vector<std::string> prefs;
  for (const auto& p : j.items())
    if (p.is_string()) prefs.push_back(p.string());
  json_writer w;
  w.begin_object().key("ok").value(true);
  w.key("language").value(cookiegate::negotiate_language(*cfg.value(), prefs));
  return w.end_object().take();
}

std::string text_keys() {
  json_writer w;
  w.begin_object().key("ok").value(true).key("keys").begin_array();
  for (auto k : cookiegate::text_keys) w.value(k);
  w.end_array().key("builtin").begin_array();
  for (auto l : builtin_languages) w.value(l);
  return w.end_array().end_object().take();
}

}  // namespace cookiegate::boundary
