#include "boundary.hpp"

#include <cmath>
#include <memory>


#include "choice.hpp"
#include "codec.hpp"
#include "config.hpp"
#include "cookie_header.hpp"
#include "evaluate.hpp"
#include "json_writer.hpp"
#include "language.hpp"
#include "region.hpp"
#include "strict_json.hpp"
#include "texts.hpp"
#include "withdrawal.hpp"

namespace cookiegate::boundary {

using json = detail::json_value;

namespace {

using detail::json_writer;

std::string fail(const error& e) {
  json_writer w;
  w.begin_object().key("ok").value(false).key("error").begin_object();
  w.key("code").value(static_cast<std::int64_t>(e.code));
  w.key("name").value(error_name(e.code));
  w.key("path").value(e.path);
  w.key("message").value(e.to_string());
  w.end_object().end_object();
  return w.take();
}

std::string fail(errc code, std::string path, std::string message) {
  return fail(error{code, std::move(path), std::move(message)});
}

std::optional<std::string> check_size(std::string_view input, std::size_t cap,
                                      std::string_view what) {
  if (input.size() <= cap) return std::nullopt;
  return fail(errc::input_too_large, std::string(what),
              "is over " + detail::to_decimal(static_cast<std::int64_t>(cap)) + " bytes");
}

// The runtime passes the same config text on every call: parse it once. The pointer
// stays valid until the next load_config with another text; each boundary call loads
// once and the module is single-threaded. A unique_ptr, not a shared_ptr: the shared
// control block's vtable brings libc++abi's type_info and dynamic_cast code into the
// wasm module (0.6 KiB brotli).
struct config_cache {
  std::string text;
  std::unique_ptr<const config> cfg;
};

result<const config*> load_config(std::string_view text) {
  static config_cache cache;
  if (cache.cfg && cache.text == text) return cache.cfg.get();
  auto parsed = parse_config(text);
  if (!parsed) return parsed.err();
  cache.text = std::string(text);
  cache.cfg = std::make_unique<const config>(std::move(parsed).value());
  return cache.cfg.get();
}

std::optional<std::int64_t> to_seconds(double now) {
  // Before 2000 or after 9999 is no clock worth trusting.
  if (!std::isfinite(now) || now < 946684800.0 || now > 253402300799.0) return std::nullopt;
  return static_cast<std::int64_t>(std::floor(now));
}

void put_localized(json_writer& w, const localized& l) {
  w.begin_object();
  for (const auto& [lang, text] : l) w.key(lang).value(text);
  w.end_object();
}

// Optional texts that were not given stay absent, so the output is itself a valid
// config (apart from the derived cookie.storedName and directions).
void put_optional_localized(json_writer& w, std::string_view key, const localized& l) {
  if (l.empty()) return;
  w.key(key);
  put_localized(w, l);
}

void put_signals(json_writer& w, const std::vector<consent_signal>& list) {
  w.begin_array();
  for (auto s : list) w.value(signal_name(s));
  w.end_array();
}

std::string_view same_site_name(same_site s) { return s == same_site::strict ? "Strict" : "Lax"; }

void put_service_flags(json_writer& w, const service& s) {
  if (!s.recipient.name.empty()) {
    w.key("recipient").begin_object().key("name").value(s.recipient.name)
        .key("contact").value(s.recipient.contact).key("country").value(s.recipient.country);
    put_optional_localized(w, "purpose", s.recipient.purpose);
    put_optional_localized(w, "data", s.recipient.data);
    w.end_object();
  }
  if (s.sensitive) w.key("sensitive").value(true);
  if (s.third_party) w.key("thirdParty").value(true);
  if (s.cross_border) w.key("crossBorder").value(true);
}

// Every profile with its expiry filled in, "unknown" included.
void put_regions(json_writer& w, const config& cfg) {
  if (cfg.regions.empty()) return;
  w.key("regions").begin_object();
  for (const auto& p : cfg.regions)
    w.key(p.selector).begin_object().key("model").value(model_name(p.model))
        .key("acceptDays").value(p.accept_days).key("rejectDays").value(p.reject_days)
        .end_object();
  w.end_object();
}

void put_config(json_writer& w, const config& cfg) {
  w.begin_object();
  w.key("policy").begin_object();
  w.key("version").value(cfg.policy.ver.to_string()).key("url").value(cfg.policy.url);
  if (const auto& up = cfg.policy.upcoming) {
    w.key("upcoming").begin_object();
    w.key("version").value(up->ver.to_string()).key("effective").value(up->effective_date);
    put_optional_localized(w, "summary", up->summary);
    w.end_object();
  }
  w.end_object();

  w.key("categories").begin_array();
  for (const auto& c : cfg.categories) {
    w.begin_object();
    w.key("id").value(c.id).key("required").value(c.required).key("revision").value(c.revision);
    // Regional fields appear only when set, so a config without them reads as before.
    if (c.sensitive) w.key("sensitive").value(true);
    if (c.sale_or_sharing) w.key("saleOrSharing").value(true);
    w.key("title");
    put_localized(w, c.title);
    put_optional_localized(w, "description", c.description);
    w.key("consentMode");
    put_signals(w, c.consent_mode);
    w.key("services").begin_array();
    for (const auto& s : c.services) {
      w.begin_object().key("id").value(s.id);
      put_optional_localized(w, "title", s.title);
      w.key("scripts").string_array(s.scripts);
      w.key("cookies").string_array(s.cookies);
      w.key("storage").string_array(s.storage);
      w.key("consentMode");
      put_signals(w, s.consent_mode);
      put_service_flags(w, s);
      w.end_object();
    }
    w.end_array();
    w.key("cookieTable").begin_array();
    for (const auto& e : c.cookie_table) {
      w.begin_object().key("name").value(e.name);
      if (!e.provider.empty()) w.key("provider").value(e.provider);
      put_optional_localized(w, "purpose", e.purpose);
      put_optional_localized(w, "duration", e.duration);
      w.end_object();
    }
    w.end_array();
    w.end_object();
  }
  w.end_array();

  w.key("expiry").begin_object();
  w.key("acceptDays").value(cfg.expiry.accept_days).key("rejectDays").value(cfg.expiry.reject_days);
  w.end_object();
  w.key("cookie").begin_object();
  w.key("name").value(cfg.cookie.name).key("storedName").value(cfg.cookie.stored_name());
  w.key("domain").value(cfg.cookie.domain).key("path").value(cfg.cookie.path);
  w.key("sameSite").value(same_site_name(cfg.cookie.site));
  w.key("secure").value(cfg.cookie.secure).key("hostPrefix").value(cfg.cookie.host_prefix);
  w.end_object();
  w.key("gpc").begin_object();
  w.key("honour").value(cfg.gpc.honour).key("categories").string_array(cfg.gpc.categories);
  w.end_object();
  w.key("consentMode").begin_object();
  w.key("enabled").value(cfg.consent_mode.enabled);
  w.key("waitForUpdate").value(cfg.consent_mode.wait_for_update_ms);
  w.end_object();
  if (!cfg.log.endpoint.empty())
    w.key("log").begin_object().key("endpoint").value(cfg.log.endpoint).end_object();
  w.key("languages").string_array(cfg.languages);
  // Derived, like cookie.storedName: the UI sets `dir` from it instead of knowing
  // which scripts run right-to-left.
  w.key("directions").begin_object();
  for (const auto& l : cfg.languages) w.key(l).value(direction_name(direction_of(l)));
  w.end_object();
  // `modal` mirrors the layout for the UI that reads it; a config stating both agrees.
  w.key("ui").begin_object();
  w.key("layout").value(layout_name(cfg.ui.layout)).key("position").value(position_name(cfg.ui.position));
  w.key("modal").value(cfg.ui.layout == ui_layout::modal);
  w.key("floatingButton").value(cfg.ui.floating_button);
  w.key("bilingual").string_array(cfg.ui.bilingual);
  w.end_object();
  put_regions(w, cfg);
  w.key("texts").begin_object();
  for (const auto& [lang, map] : cfg.texts) {
    w.key(lang).begin_object();
    for (const auto& [k, v] : map) w.key(k).value(v);
    w.end_object();
  }
  w.end_object();
  w.end_object();
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
    case ask_reason::service_added: return "service_added";
  }
  return "none";
}

// Ids of entries the config no longer has are written as null: the record keeps them
// (so it re-encodes unchanged) but nothing can be allowed through them.
void put_id(json_writer& w, const config& cfg, std::uint32_t key, bool service) {
  for (const auto& c : cfg.categories) {
    if (!service && c.key == key) {
      w.value(c.id);
      return;
    }
    if (service)
      for (const auto& s : c.services)
        if (s.key == key) {
          w.value(s.id);
          return;
        }
  }
  w.null();
}

void put_record(json_writer& w, const config& cfg, const consent_record& r) {
  w.begin_object();
  w.key("id").value(id_hex(r.id));
  w.key("created").value(r.created).key("updated").value(r.updated);
  w.key("policy").value(r.policy.to_string()).key("acknowledged").value(r.acknowledged.to_string());
  w.key("method").value(method_name(r.method)).key("gpcApplied").value(r.gpc_applied);
  w.key("source").value(source_name(r.source));
  w.key("language").value(r.language);
  if (!r.profile.empty()) {
    w.key("profile").value(r.profile).key("region");
    if (r.region.empty()) w.null();
    else w.value(r.region);
    w.key("model").value(model_name(r.model)).key("gpcConsented").value(r.gpc_consented);
    w.key("stricter").value(r.stricter);
  }
  w.key("categories").begin_array();
  for (const auto& d : r.categories) {
    w.begin_object().key("id");
    put_id(w, cfg, d.key, false);
    w.key("revision").value(d.revision).key("granted").value(d.granted);
    if (!r.profile.empty()) w.key("chosen").value(d.chosen);
    w.end_object();
  }
  w.end_array();
  w.key("services").begin_array();
  for (const auto& d : r.services) {
    w.begin_object().key("id");
    put_id(w, cfg, d.key, true);
    w.key("granted").value(d.granted).end_object();
  }
  w.end_array();
  w.end_object();
}

void put_regional(json_writer& w, const regional_state& rs) {
  w.key("regional").begin_object().key("profile").value(rs.profile).key("region");
  if (rs.region.empty()) w.null();
  else w.value(rs.region);
  w.key("model").value(model_name(rs.model)).key("firstLayer");
  if (rs.first_layer) w.value(model_name(rs.model));
  else w.null();
  w.key("optOutLink").value(rs.opt_out_link).key("gpcHonoured").value(rs.gpc_honoured);
  w.key("gpcConflict").value(rs.gpc_conflict).key("separate").string_array(rs.separate);
  w.key("stricterOffered").value(rs.stricter_offered).key("stricterChosen").value(rs.stricter_chosen);
  w.end_object();
}

void put_state(json_writer& w, const config& cfg, const state& st) {
  w.begin_object();
  w.key("prompt").value(prompt_name(st.prompt)).key("reason").value(reason_name(st.reason));
  w.key("recordError");
  if (st.record_error)
    w.begin_object()
        .key("code").value(static_cast<std::int64_t>(*st.record_error))
        .key("name").value(error_name(*st.record_error))
        .end_object();
  else
    w.null();
  w.key("policy").value(st.policy.to_string());
  w.key("notice");
  if (st.notice != notice_kind::none)
    w.begin_object()
        .key("kind").value(st.notice == notice_kind::update ? "update" : "upcoming")
        .key("version").value(st.notice_version.to_string())
        .key("effective").value(st.notice_effective)
        .end_object();
  else
    w.null();
  w.key("gpcApplied").value(st.gpc_applied);
  w.key("expiresAt");
  if (st.record) w.value(st.expires_at);
  else w.null();
  w.key("validUntil");
  if (st.valid_until) w.value(*st.valid_until);
  else w.null();
  w.key("categories").begin_array();
  for (const auto& c : st.categories) {
    w.begin_object();
    w.key("id").value(c.id).key("required").value(c.required).key("allowed").value(c.allowed);
    w.key("ask").value(c.ask).key("changed").value(c.changed).key("gpc").value(c.gpc);
    w.key("services").begin_array();
    for (const auto& s : c.services)
      w.begin_object().key("id").value(s.id).key("allowed").value(s.allowed).end_object();
    w.end_array();
    w.end_object();
  }
  w.end_array();
  w.key("consentMode").begin_object();
  for (std::size_t i = 0; i < consent_signal_count; ++i)
    w.key(signal_name(static_cast<consent_signal>(i))).value(st.consent_mode[i] ? "granted" : "denied");
  w.end_object();
  w.key("record");
  if (st.record) put_record(w, cfg, *st.record);
  else w.null();
  if (st.regional) put_regional(w, *st.regional);
  w.end_object();
}

void put_cookie(json_writer& w, const config& cfg, const consent_record& r, std::int64_t now,
                std::string_view region) {
  const std::int64_t max_age = std::max<std::int64_t>(0, record_expiry(cfg, r, region) - now);
  w.begin_object();
  w.key("name").value(cfg.cookie.stored_name()).key("value").value(encode(r));
  w.key("maxAge").value(max_age);
  w.key("domain").value(cfg.cookie.domain).key("path").value(cfg.cookie.path);
  w.key("sameSite").value(same_site_name(cfg.cookie.site)).key("secure").value(cfg.cookie.secure);
  w.end_object();
}

// Shared front half of evaluate/choose/acknowledge: caps, config, clock.
struct prepared {
  const config* cfg = nullptr;
  std::int64_t now = 0;
};

result<prepared> prepare(std::string_view config_json, std::string_view cookie_header, double now) {
  if (config_json.size() > max_config_bytes)
    return error{errc::input_too_large, "config",
                 "is over " + detail::to_decimal(max_config_bytes) + " bytes"};
  if (cookie_header.size() > max_cookie_header)
    return error{errc::input_too_large, "cookie",
                 "is over " + detail::to_decimal(max_cookie_header) + " bytes"};
  auto seconds = to_seconds(now);
  if (!seconds)
    return error{errc::input_invalid, "now", "must be seconds since the epoch (a finite number)"};
  auto cfg = load_config(config_json);
  if (!cfg) return cfg.err();
  return prepared{cfg.value(), *seconds};
}

void put_withdrawal(json_writer& w, const withdrawal& wd) {
  w.begin_object().key("categories").string_array(wd.categories).key("services").begin_array();
  for (const auto& s : wd.services)
    w.begin_object().key("category").value(s.category).key("id").value(s.id).end_object();
  w.end_array().end_object();
}

// `before` is the state the page acted on until now: what it allowed and the new
// record does not is withdrawn.
std::string with_record(const config& cfg, const consent_record& r, std::int64_t now,
                        const signals& sig, const state& before) {
  const state st = cookiegate::evaluate(cfg, &r, now, sig);
  json_writer w;
  w.begin_object().key("ok").value(true).key("cookie");
  put_cookie(w, cfg, r, now, sig.region);
  w.key("state");
  put_state(w, cfg, st);
  w.key("withdrawn");
  put_withdrawal(w, withdrawn(before, st));
  return w.end_object().take();
}

std::optional<std::vector<std::pair<std::string, bool>>> bool_map(const json& j) {
  std::vector<std::pair<std::string, bool>> out;
  if (j.is_null()) return out;
  if (!j.is_object()) return std::nullopt;
  for (std::size_t i = 0; i < j.size(); ++i) {
    if (!j.items()[i].is_boolean()) return std::nullopt;
    out.emplace_back(j.keys()[i], j.items()[i].boolean());
  }
  return out;
}

// "ui" or "api"; anything else is refused rather than read as either.
std::optional<consent_source> parse_source(std::string_view s) {
  if (s == "ui") return consent_source::ui;
  if (s == "api") return consent_source::api;
  return std::nullopt;
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
  json_writer w;
  w.begin_object().key("ok").value(true).key("config");
  put_config(w, *cfg.value());
  return w.end_object().take();
}

// The region is a short code: anything longer is no region, and is not copied.
signals make_signals(bool gpc, std::string_view region, bool crawler = false) {
  return signals{gpc, std::string(region.substr(0, 16)), crawler};
}

std::string evaluate(std::string_view config_json_text, std::string_view cookie_header,
                     double now, bool gpc, std::string_view region, bool verified_crawler) {
  auto p = prepare(config_json_text, cookie_header, now);
  if (!p) return fail(p.err());
  const auto& cfg = *p.value().cfg;
  const state st = evaluate_cookie(cfg, cookie_header, p.value().now,
                                   make_signals(gpc, region, verified_crawler));
  json_writer w;
  w.begin_object().key("ok").value(true).key("state");
  put_state(w, cfg, st);
  return w.end_object().take();
}

std::string resolve_region(std::string_view config_json_text, std::string_view region) {
  if (auto e = check_size(config_json_text, max_config_bytes, "config")) return *e;
  auto cfg = load_config(config_json_text);
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
  if (auto e = check_size(choice_json, max_choice_bytes, "choice")) return *e;
  auto p = prepare(config_json_text, cookie_header, now);
  if (!p) return fail(p.err());
  const auto& cfg = *p.value().cfg;
  const std::int64_t t = p.value().now;

  auto parsed = detail::parse_strict_json(choice_json, errc::choice_invalid, errc::choice_invalid, "the choice");
  if (!parsed) return fail(errc::choice_invalid, "choice", parsed.err().message);
  const json& j = parsed.value();
  if (!j.is_object() || !j.contains("kind") || !j["kind"].is_string())
    return fail(errc::choice_invalid, "choice",
                "must be an object with \"kind\": accept_all, reject_all, custom, allow, gpc_default, dismiss or stricter");
  choice c;
  const std::string kind = j["kind"].string();
  if (kind == "accept_all") c.kind = choice_kind::accept_all;
  else if (kind == "reject_all") c.kind = choice_kind::reject_all;
  else if (kind == "custom") c.kind = choice_kind::custom;
  else if (kind == "gpc_default") c.kind = choice_kind::gpc_default;
  else if (kind == "allow") c.kind = choice_kind::allow;
  else if (kind == "dismiss") c.kind = choice_kind::dismiss;
  else if (kind == "stricter") c.kind = choice_kind::stricter;
  else
    return fail(errc::choice_invalid, "choice.kind",
                "\"" + kind + "\" is not accept_all, reject_all, custom, allow, gpc_default, dismiss or stricter");
  for (const auto& key : j.keys())
    if (key != "kind" && key != "categories" && key != "services" && key != "source")
      return fail(errc::choice_invalid, "choice." + key, "unknown field");
  if (j.contains("source")) {
    const auto src = j["source"].is_string() ? parse_source(j["source"].string())
                                             : std::nullopt;
    if (!src) return fail(errc::choice_invalid, "choice.source", "must be \"ui\" or \"api\"");
    c.source = *src;
  }
  // A missing member reads as null, which bool_map takes as "none given".
  auto cats = bool_map(j["categories"]);
  auto svcs = bool_map(j["services"]);
  if (!cats) return fail(errc::choice_invalid, "choice.categories", "must map category ids to true/false");
  if (!svcs) return fail(errc::choice_invalid, "choice.services", "must map service ids to true/false");
  c.categories = std::move(*cats);
  c.services = std::move(*svcs);

  auto bytes = random_bytes(random_hex);
  if (!bytes) return fail(errc::choice_random, "random", "must be hex digits");

  // Build on the stored record only while it is valid (evaluate keeps it then).
  const signals sig = make_signals(gpc, region);
  const state before = evaluate_cookie(cfg, cookie_header, t, sig);
  const consent_record* prior = before.record ? &*before.record : nullptr;
  auto r = apply_choice(cfg, prior, c, t, *bytes, std::string(language), gpc, sig.region);
  if (!r) return fail(r.err());
  return with_record(cfg, r.value(), t, sig, before);
}

std::string acknowledge(std::string_view config_json_text, std::string_view cookie_header,
                        double now, bool gpc, std::string_view source_text,
                        std::string_view region) {
  const auto source = parse_source(source_text);
  if (!source) return fail(errc::input_invalid, "source", "must be \"ui\" or \"api\"");
  auto p = prepare(config_json_text, cookie_header, now);
  if (!p) return fail(p.err());
  const auto& cfg = *p.value().cfg;
  const std::int64_t t = p.value().now;
  const signals sig = make_signals(gpc, region);
  const state before = evaluate_cookie(cfg, cookie_header, t, sig);
  if (!before.record)
    return fail(errc::choice_invalid, "cookie",
                "there is no valid consent record to acknowledge a notice on; ask for consent first");
  return with_record(cfg, cookiegate::acknowledge(cfg, *before.record, t, *source), t, sig, before);
}

std::string evaluate_change(std::string_view config_json_text, std::string_view previous_cookie_header,
                            std::string_view cookie_header, double now, bool gpc,
                            std::string_view region) {
  if (auto e = check_size(previous_cookie_header, max_cookie_header, "previousCookie")) return *e;
  auto p = prepare(config_json_text, cookie_header, now);
  if (!p) return fail(p.err());
  const auto& cfg = *p.value().cfg;
  const std::int64_t t = p.value().now;
  // Both at the same instant and signal: only the cookie's change is compared.
  const signals sig = make_signals(gpc, region);
  const state before = evaluate_cookie(cfg, previous_cookie_header, t, sig);
  const state after = evaluate_cookie(cfg, cookie_header, t, sig);
  json_writer w;
  w.begin_object().key("ok").value(true).key("state");
  put_state(w, cfg, after);
  w.key("withdrawn");
  put_withdrawal(w, withdrawn(before, after));
  return w.end_object().take();
}

std::string negotiate_language(std::string_view config_json_text, std::string_view preferences_json) {
  if (auto e = check_size(config_json_text, max_config_bytes, "config")) return *e;
  if (auto e = check_size(preferences_json, max_preferences_bytes, "preferences")) return *e;
  auto cfg = load_config(config_json_text);
  if (!cfg) return fail(cfg.err());
  auto parsed = detail::parse_strict_json(preferences_json, errc::input_invalid, errc::input_invalid,
                                           "the language list");
  if (!parsed) return fail(errc::input_invalid, "preferences", parsed.err().message);
  const json& j = parsed.value();
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
