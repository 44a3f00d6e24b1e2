#include "boundary.hpp"

#include <cmath>
#include <memory>

#include <nlohmann/json.hpp>

#include "choice.hpp"
#include "codec.hpp"
#include "config.hpp"
#include "cookie_header.hpp"
#include "evaluate.hpp"
#include "texts.hpp"

namespace cookiegate::boundary {

using json = nlohmann::json;

namespace {

std::string dump(const json& j) {
  // replace: a hostile string that is not UTF-8 must not abort the dump.
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string fail(const error& e) {
  json out = {{"ok", false},
              {"error",
               {{"code", static_cast<int>(e.code)},
                {"name", std::string(error_name(e.code))},
                {"path", e.path},
                {"message", e.to_string()}}}};
  return dump(out);
}

std::string fail(errc code, std::string path, std::string message) {
  return fail(error{code, std::move(path), std::move(message)});
}

std::optional<std::string> check_size(std::string_view input, std::size_t cap,
                                      std::string_view what) {
  if (input.size() <= cap) return std::nullopt;
  return fail(errc::input_too_large, std::string(what),
              "is over " + std::to_string(cap) + " bytes");
}

// The runtime passes the same config text on every call: parse it once.
struct config_cache {
  std::string text;
  std::shared_ptr<const config> cfg;
};

result<std::shared_ptr<const config>> load_config(std::string_view text) {
  static config_cache cache;
  if (cache.cfg && cache.text == text) return cache.cfg;
  auto parsed = parse_config(text);
  if (!parsed) return parsed.err();
  cache.text = std::string(text);
  cache.cfg = std::make_shared<const config>(std::move(parsed).value());
  return cache.cfg;
}

std::optional<std::int64_t> to_seconds(double now) {
  // Before 2000 or after 9999 is no clock worth trusting.
  if (!std::isfinite(now) || now < 946684800.0 || now > 253402300799.0) return std::nullopt;
  return static_cast<std::int64_t>(std::floor(now));
}

json localized_json(const localized& l) {
  json out = json::object();
  for (const auto& [lang, text] : l) out[lang] = text;
  return out;
}

json signals_json(const std::vector<consent_signal>& list) {
  json out = json::array();
  for (auto s : list) out.push_back(std::string(signal_name(s)));
  return out;
}

// Optional texts that were not given stay absent, so the output is itself a valid
// config (apart from the derived cookie.storedName).
void put_localized(json& obj, const char* key, const localized& l) {
  if (!l.empty()) obj[key] = localized_json(l);
}

json config_json(const config& cfg) {
  json cats = json::array();
  for (const auto& c : cfg.categories) {
    json services = json::array();
    for (const auto& s : c.services) {
      json svc = {{"id", s.id},
                  {"scripts", s.scripts},
                  {"cookies", s.cookies},
                  {"storage", s.storage},
                  {"consentMode", signals_json(s.consent_mode)}};
      put_localized(svc, "title", s.title);
      services.push_back(std::move(svc));
    }
    json table = json::array();
    for (const auto& e : c.cookie_table) {
      json row = {{"name", e.name}};
      if (!e.provider.empty()) row["provider"] = e.provider;
      put_localized(row, "purpose", e.purpose);
      put_localized(row, "duration", e.duration);
      table.push_back(std::move(row));
    }
    json cat = {{"id", c.id},
                {"required", c.required},
                {"revision", c.revision},
                {"title", localized_json(c.title)},
                {"services", services},
                {"consentMode", signals_json(c.consent_mode)},
                {"cookieTable", table}};
    put_localized(cat, "description", c.description);
    cats.push_back(std::move(cat));
  }
  json policy = {{"version", cfg.policy.ver.to_string()}, {"url", cfg.policy.url}};
  if (cfg.policy.upcoming) {
    policy["upcoming"] = {{"version", cfg.policy.upcoming->ver.to_string()},
                          {"effective", cfg.policy.upcoming->effective_date}};
    put_localized(policy["upcoming"], "summary", cfg.policy.upcoming->summary);
  }
  json texts = json::object();
  for (const auto& [lang, map] : cfg.texts) {
    json t = json::object();
    for (const auto& [k, v] : map) t[k] = v;
    texts[lang] = t;
  }
  return {{"policy", policy},
          {"categories", cats},
          {"expiry", {{"acceptDays", cfg.expiry.accept_days}, {"rejectDays", cfg.expiry.reject_days}}},
          {"cookie",
           {{"name", cfg.cookie.name},
            {"storedName", cfg.cookie.stored_name()},
            {"domain", cfg.cookie.domain},
            {"path", cfg.cookie.path},
            {"sameSite", cfg.cookie.site == same_site::strict ? "Strict" : "Lax"},
            {"secure", cfg.cookie.secure},
            {"hostPrefix", cfg.cookie.host_prefix}}},
          {"gpc", {{"honour", cfg.gpc.honour}, {"categories", cfg.gpc.categories}}},
          {"consentMode",
           {{"enabled", cfg.consent_mode.enabled}, {"waitForUpdate", cfg.consent_mode.wait_for_update_ms}}},
          {"languages", cfg.languages},
          {"texts", texts}};
}

std::string_view prompt_name(prompt_kind p) {
  switch (p) {
    case prompt_kind::none: return "none";
    case prompt_kind::consent: return "consent";
    case prompt_kind::reconsent: return "reconsent";
    case prompt_kind::notice: return "notice";
  }
  return "consent";
}

std::string_view reason_name(ask_reason r) {
  switch (r) {
    case ask_reason::none: return "none";
    case ask_reason::no_record: return "no_record";
    case ask_reason::invalid_record: return "invalid_record";
    case ask_reason::expired: return "expired";
    case ask_reason::future_version: return "future_version";
    case ask_reason::major_update: return "major_update";
    case ask_reason::category_changed: return "category_changed";
  }
  return "none";
}

json record_json(const config& cfg, const consent_record& r) {
  json cats = json::array();
  for (const auto& d : r.categories) {
    json id = nullptr;
    for (const auto& c : cfg.categories)
      if (c.key == d.key) id = c.id;
    cats.push_back({{"id", id}, {"revision", d.revision}, {"granted", d.granted}});
  }
  json services = json::array();
  for (const auto& d : r.services) {
    json id = nullptr;
    for (const auto& c : cfg.categories)
      for (const auto& s : c.services)
        if (s.key == d.key) id = s.id;
    services.push_back({{"id", id}, {"granted", d.granted}});
  }
  return {{"id", id_hex(r.id)},
          {"created", r.created},
          {"updated", r.updated},
          {"policy", r.policy.to_string()},
          {"acknowledged", r.acknowledged.to_string()},
          {"method", std::string(method_name(r.method))},
          {"gpcApplied", r.gpc_applied},
          {"language", r.language},
          {"categories", cats},
          {"services", services}};
}

json state_json(const config& cfg, const state& st) {
  json cats = json::array();
  for (const auto& c : st.categories) {
    json services = json::array();
    for (const auto& s : c.services) services.push_back({{"id", s.id}, {"allowed", s.allowed}});
    cats.push_back({{"id", c.id},
                    {"required", c.required},
                    {"allowed", c.allowed},
                    {"ask", c.ask},
                    {"changed", c.changed},
                    {"gpc", c.gpc},
                    {"services", services}});
  }
  json mode = json::object();
  for (std::size_t i = 0; i < consent_signal_count; ++i)
    mode[std::string(signal_name(static_cast<consent_signal>(i)))] =
        st.consent_mode[i] ? "granted" : "denied";
  json out = {{"prompt", std::string(prompt_name(st.prompt))},
              {"reason", std::string(reason_name(st.reason))},
              {"recordError", nullptr},
              {"policy", st.policy.to_string()},
              {"notice", nullptr},
              {"gpcApplied", st.gpc_applied},
              {"expiresAt", nullptr},
              {"categories", cats},
              {"consentMode", mode},
              {"record", nullptr}};
  if (st.record_error)
    out["recordError"] = {{"code", static_cast<int>(*st.record_error)},
                          {"name", std::string(error_name(*st.record_error))}};
  if (st.notice != notice_kind::none)
    out["notice"] = {{"kind", st.notice == notice_kind::update ? "update" : "upcoming"},
                     {"version", st.notice_version.to_string()},
                     {"effective", st.notice_effective}};
  if (st.record) {
    out["record"] = record_json(cfg, *st.record);
    out["expiresAt"] = st.expires_at;
  }
  return out;
}

json cookie_json(const config& cfg, const consent_record& r, std::int64_t now) {
  const std::int64_t max_age = std::max<std::int64_t>(0, record_expiry(cfg, r) - now);
  return {{"name", cfg.cookie.stored_name()},
          {"value", encode(r)},
          {"maxAge", max_age},
          {"domain", cfg.cookie.domain},
          {"path", cfg.cookie.path},
          {"sameSite", cfg.cookie.site == same_site::strict ? "Strict" : "Lax"},
          {"secure", cfg.cookie.secure}};
}

// Shared front half of evaluate/choose/acknowledge: caps, config, clock.
struct prepared {
  std::shared_ptr<const config> cfg;
  std::int64_t now = 0;
};

result<prepared> prepare(std::string_view config_json, std::string_view cookie_header, double now) {
  if (config_json.size() > max_config_bytes)
    return error{errc::input_too_large, "config",
                 "is over " + std::to_string(max_config_bytes) + " bytes"};
  if (cookie_header.size() > max_cookie_header)
    return error{errc::input_too_large, "cookie",
                 "is over " + std::to_string(max_cookie_header) + " bytes"};
  auto seconds = to_seconds(now);
  if (!seconds)
    return error{errc::input_invalid, "now", "must be seconds since the epoch (a finite number)"};
  auto cfg = load_config(config_json);
  if (!cfg) return cfg.err();
  return prepared{cfg.value(), *seconds};
}

std::string with_record(const config& cfg, const consent_record& r, std::int64_t now, bool gpc) {
  const state st = evaluate(cfg, &r, now, signals{gpc});
  return dump({{"ok", true}, {"cookie", cookie_json(cfg, r, now)}, {"state", state_json(cfg, st)}});
}

std::optional<std::vector<std::pair<std::string, bool>>> bool_map(const json& j) {
  std::vector<std::pair<std::string, bool>> out;
  if (j.is_null()) return out;
  if (!j.is_object()) return std::nullopt;
  for (auto it = j.begin(); it != j.end(); ++it) {
    if (!it.value().is_boolean()) return std::nullopt;
    out.emplace_back(it.key(), it.value().get<bool>());
  }
  return out;
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

std::string validate_config(std::string_view config_json_text) {
  if (auto e = check_size(config_json_text, max_config_bytes, "config")) return *e;
  auto cfg = load_config(config_json_text);
  if (!cfg) return fail(cfg.err());
  return dump({{"ok", true}, {"config", config_json(*cfg.value())}});
}

std::string evaluate(std::string_view config_json_text, std::string_view cookie_header,
                     double now, bool gpc) {
  auto p = prepare(config_json_text, cookie_header, now);
  if (!p) return fail(p.err());
  const auto& cfg = *p.value().cfg;
  const state st = evaluate_cookie(cfg, cookie_header, p.value().now, signals{gpc});
  return dump({{"ok", true}, {"state", state_json(cfg, st)}});
}

std::string choose(std::string_view config_json_text, std::string_view cookie_header, double now,
                   bool gpc, std::string_view choice_json, std::string_view random_hex,
                   std::string_view language) {
  if (auto e = check_size(choice_json, max_choice_bytes, "choice")) return *e;
  auto p = prepare(config_json_text, cookie_header, now);
  if (!p) return fail(p.err());
  const auto& cfg = *p.value().cfg;
  const std::int64_t t = p.value().now;

  const json j = json::parse(choice_json.begin(), choice_json.end(), nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("kind") || !j["kind"].is_string())
    return fail(errc::choice_invalid, "choice",
                "must be an object with \"kind\": accept_all, reject_all, custom or gpc_default");
  choice c;
  const std::string kind = j["kind"].get<std::string>();
  if (kind == "accept_all") c.kind = choice_kind::accept_all;
  else if (kind == "reject_all") c.kind = choice_kind::reject_all;
  else if (kind == "custom") c.kind = choice_kind::custom;
  else if (kind == "gpc_default") c.kind = choice_kind::gpc_default;
  else
    return fail(errc::choice_invalid, "choice.kind",
                "\"" + kind + "\" is not accept_all, reject_all, custom or gpc_default");
  for (auto it = j.begin(); it != j.end(); ++it)
    if (it.key() != "kind" && it.key() != "categories" && it.key() != "services")
      return fail(errc::choice_invalid, "choice." + it.key(), "unknown field");
  auto cats = bool_map(j.contains("categories") ? j["categories"] : json());
  auto svcs = bool_map(j.contains("services") ? j["services"] : json());
  if (!cats) return fail(errc::choice_invalid, "choice.categories", "must map category ids to true/false");
  if (!svcs) return fail(errc::choice_invalid, "choice.services", "must map service ids to true/false");
  c.categories = std::move(*cats);
  c.services = std::move(*svcs);

  auto bytes = random_bytes(random_hex);
  if (!bytes) return fail(errc::choice_random, "random", "must be hex digits");

  // Build on the stored record only while it is valid (evaluate keeps it then).
  const state before = evaluate_cookie(cfg, cookie_header, t, signals{gpc});
  const consent_record* prior = before.record ? &*before.record : nullptr;
  auto r = apply_choice(cfg, prior, c, t, *bytes, std::string(language), gpc);
  if (!r) return fail(r.err());
  return with_record(cfg, r.value(), t, gpc);
}

std::string acknowledge(std::string_view config_json_text, std::string_view cookie_header,
                        double now, bool gpc) {
  auto p = prepare(config_json_text, cookie_header, now);
  if (!p) return fail(p.err());
  const auto& cfg = *p.value().cfg;
  const std::int64_t t = p.value().now;
  const state before = evaluate_cookie(cfg, cookie_header, t, signals{gpc});
  if (!before.record)
    return fail(errc::choice_invalid, "cookie",
                "there is no valid consent record to acknowledge a notice on; ask for consent first");
  return with_record(cfg, cookiegate::acknowledge(cfg, *before.record, t), t, gpc);
}

std::string negotiate_language(std::string_view config_json_text, std::string_view preferences_json) {
  if (auto e = check_size(config_json_text, max_config_bytes, "config")) return *e;
  if (auto e = check_size(preferences_json, max_preferences_bytes, "preferences")) return *e;
  auto cfg = load_config(config_json_text);
  if (!cfg) return fail(cfg.err());
  const json j = json::parse(preferences_json.begin(), preferences_json.end(), nullptr, false);
  if (j.is_discarded() || !j.is_array())
    return fail(errc::input_invalid, "preferences", "must be a JSON array of language tags");
  std::vector<std::string> prefs;
  for (const auto& p : j)
    if (p.is_string()) prefs.push_back(p.get<std::string>());
  return dump({{"ok", true}, {"language", cookiegate::negotiate_language(*cfg.value(), prefs)}});
}

std::string text_keys() {
  json keys = json::array(), builtin = json::array();
  for (auto k : cookiegate::text_keys) keys.push_back(std::string(k));
  for (auto l : builtin_languages) builtin.push_back(std::string(l));
  return dump({{"ok", true}, {"keys", keys}, {"builtin", builtin}});
}

}  // namespace cookiegate::boundary
