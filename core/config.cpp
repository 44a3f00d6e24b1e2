#include "config.hpp"

#include <algorithm>

#include "codec.hpp"
#include "config_validator.hpp"
#include "json_writer.hpp"
#include "lexical.hpp"
#include "language.hpp"
#include "region.hpp"
#include "strict_json.hpp"
#include "texts.hpp"

namespace cookiegate {

using json = detail::json_value;

std::string cookie_settings::stored_name() const {
  return host_prefix ? "__Host-" + name : name;
}

const category* config::find_category(std::string_view id) const noexcept {
  for (const auto& c : categories)
    if (c.id == id) return &c;
  return nullptr;
}

const service* config::find_service(std::string_view id, const category** owner) const noexcept {
  for (const auto& c : categories)
    for (const auto& s : c.services)
      if (s.id == id) {
        if (owner) *owner = &c;
        return &s;
      }
  return nullptr;
}

std::string_view same_site_name(same_site s) noexcept {
  return s == same_site::strict ? "Strict" : "Lax";
}

std::string_view layout_name(ui_layout l) noexcept {
  switch (l) {
    case ui_layout::bar: return "bar";
    case ui_layout::box: return "box";
    case ui_layout::modal: return "modal";
  }
  return "bar";
}

std::string_view position_name(ui_position p) noexcept {
  switch (p) {
    case ui_position::bottom: return "bottom";
    case ui_position::top: return "top";
    case ui_position::bottom_right: return "bottom-right";
    case ui_position::bottom_left: return "bottom-left";
    case ui_position::center: return "center";
  }
  return "bottom";
}

static_assert(max_categories <= max_record_categories && max_services <= max_record_services,
              "every decision a config allows must fit in the consent cookie");

namespace {

using detail::ascii_lower;
using detail::dq;
using detail::has_url_path;
using detail::is_cookie_path;
using detail::is_cookie_token;
using detail::is_domain;
using detail::is_url;
using detail::max_list;
using detail::validator;

// Longest script, cookie or storage pattern, in bytes.
constexpr std::size_t max_pattern = 512;

void parse_policy(validator& v, const json& j, policy_info& out,
                  const std::vector<std::string>& languages) {
  if (!v.members(j, "policy", {"version", "url", "upcoming"},
                 {{"version", "the privacy policy's version, e.g. \"1.0.0\""},
                  {"url", "the link to the site's privacy policy, e.g. \"/privacy\""}}))
    return;
  std::string text;
  if (!v.string(j["version"], "policy.version", text, 32)) return;
  auto ver = parse_version(text);
  if (!ver) {
    v.fail(errc::config_invalid, "policy.version",
           dq(text) + " is not MAJOR.MINOR.PATCH (e.g. \"1.0.0\")");
    return;
  }
  out.ver = *ver;
  if (!v.string(j["url"], "policy.url", out.url, 2048)) return;
  if (!is_url(out.url)) {
    v.fail(errc::config_invalid, "policy.url",
           "must be an https:// or http:// URL or a path starting with \"/\"");
    return;
  }
  if (!j.contains("upcoming")) return;
  const json& u = j["upcoming"];
  if (!v.members(u, "policy.upcoming", {"version", "effective", "summary"},
                 {{"version", "e.g. \"2.0.0\""},
                  {"effective", "the day it takes effect, e.g. \"2025-12-31\""}}))
    return;
  upcoming_change up;
  if (!v.string(u["version"], "policy.upcoming.version", text, 32)) return;
  ver = parse_version(text);
  if (!ver) {
    v.fail(errc::config_invalid, "policy.upcoming.version",
           dq(text) + " is not MAJOR.MINOR.PATCH (e.g. \"2.0.0\")");
    return;
  }
  if (!(*ver > out.ver)) {
    v.fail(errc::config_invalid, "policy.upcoming.version",
           "must be newer than policy.version " + dq(out.ver.to_string()));
    return;
  }
  up.ver = *ver;
  if (!v.string(u["effective"], "policy.upcoming.effective", up.effective_date, 10)) return;
  auto date = parse_date(up.effective_date);
  if (!date) {
    v.fail(errc::config_invalid, "policy.upcoming.effective",
           dq(up.effective_date) + " is not a date; write it as YYYY-MM-DD");
    return;
  }
  up.effective = *date;
  if (u.contains("summary") &&
      !v.localized_text(u["summary"], "policy.upcoming.summary", languages, up.summary))
    return;
  out.upcoming = std::move(up);
}

// `purpose` and `data` are optional here: which services need them depends on the
// regions, so check_pipl asks for them.
void parse_recipient(validator& v, const json& j, const std::string& path, recipient_info& out,
                     const std::vector<std::string>& languages) {
  if (!v.members(j, path, {"name", "contact", "country", "purpose", "data"},
                 {{"name", "e.g. \"Example Ltd\""},
                  {"contact", "e.g. \"privacy@example.com\""},
                  {"country", "e.g. \"US\""}}))
    return;
  if (!v.string(j["name"], path + ".name", out.name, 256)) return;
  if (!v.string(j["contact"], path + ".contact", out.contact, 256)) return;
  if (!v.string(j["country"], path + ".country", out.country, 2)) return;
  const auto cc = canonical_region(out.country);
  if (!cc || *cc != out.country) {
    v.fail(errc::config_invalid, path + ".country",
           dq(out.country) + " is not an ISO 3166-1 alpha-2 country code like \"US\"");
    return;
  }
  if (j.contains("purpose") && !v.localized_text(j["purpose"], path + ".purpose", languages, out.purpose))
    return;
  if (j.contains("data")) v.localized_text(j["data"], path + ".data", languages, out.data);
}

// The regional flags of a service (see config.hpp, service).
void parse_service_flags(validator& v, const json& j, const std::string& path, service& out,
                         const std::vector<std::string>& languages) {
  if (j.contains("recipient"))
    parse_recipient(v, j["recipient"], path + ".recipient", out.recipient, languages);
  if (v.ok() && j.contains("sensitive")) v.boolean(j["sensitive"], path + ".sensitive", out.sensitive);
  if (v.ok() && j.contains("thirdParty")) v.boolean(j["thirdParty"], path + ".thirdParty", out.third_party);
  if (v.ok() && j.contains("crossBorder")) v.boolean(j["crossBorder"], path + ".crossBorder", out.cross_border);
}

// A service's cookie or storage name patterns. Withdrawing it deletes what they match:
// a trial's "*" deleted every cookie and key of the site, its login session and cart too.
bool names(validator& v, const json& j, const std::string& path, std::vector<std::string>& out) {
  if (!v.string_list(j, path, out, max_pattern)) return false;
  for (std::size_t i = 0; i < out.size(); ++i)
    if (out[i].find_first_not_of('*') == std::string::npos)
      return v.fail(errc::config_invalid, validator::index(path, i),
                    dq(out[i]) + " matches every name, so withdrawing this service would delete them all"
                    ": list its own, e.g. \"_pk_*\"");
  return true;
}

void parse_service(validator& v, const json& j, const std::string& path, service& out,
                   const std::vector<std::string>& languages) {
  if (!v.members(j, path,
                 {"id", "title", "scripts", "cookies", "storage", "consentMode", "recipient",
                  "sensitive", "thirdParty", "crossBorder"},
                 {{"id", "e.g. \"matomo\""}}))
    return;
  if (!v.slug(j["id"], path + ".id", out.id)) return;
  out.unscoped_key = short_key(out.id);
  if (j.contains("title") && !v.localized_text(j["title"], path + ".title", languages, out.title))
    return;
  if (j.contains("scripts") && !v.string_list(j["scripts"], path + ".scripts", out.scripts, max_pattern))
    return;
  // The gate matches a pattern against the whole URL, and every script or frame URL
  // has a path (at least "/"): a host alone holds nothing, so the tracker it names
  // would load before consent while the config looks right.
  for (std::size_t i = 0; i < out.scripts.size(); ++i)
    if (!has_url_path(out.scripts[i])) {
      // "*analytics.js" was meant for a file, "*.example.com" for a host, and the two
      // cannot be told apart: the host's fix is built from the pattern, the file's is an
      // example (one built from a host, "*/*.example.com", would hold nothing either).
      const std::string& p = out.scripts[i];
      std::string m = dq(p);
      m.append(" has no path: write \"").append(p).append(p.back() == '/' ? "*" : "/*").append("\" for every URL on a host");
      if (p.find("//") == p.npos) m.append(", or \"*/file.js\" for a file");
      v.fail(errc::config_invalid, validator::index(path + ".scripts", i), std::move(m));
      return;
    }
  if (j.contains("cookies") && !names(v, j["cookies"], path + ".cookies", out.cookies)) return;
  if (j.contains("storage") && !names(v, j["storage"], path + ".storage", out.storage)) return;
  if (j.contains("consentMode") &&
      !v.signal_list(j["consentMode"], path + ".consentMode", out.consent_mode))
    return;
  parse_service_flags(v, j, path, out, languages);
}

void parse_cookie_entry(validator& v, const json& j, const std::string& path,
                        cookie_entry& out, const std::vector<std::string>& languages) {
  if (!v.members(j, path, {"name", "provider", "purpose", "duration"},
                 {{"name", "e.g. \"_pk_id\""}}))
    return;
  if (!v.string(j["name"], path + ".name", out.name, 256)) return;
  if (j.contains("provider") && !v.string(j["provider"], path + ".provider", out.provider, 256))
    return;
  if (j.contains("purpose") && !v.localized_text(j["purpose"], path + ".purpose", languages, out.purpose))
    return;
  if (j.contains("duration"))
    v.localized_text(j["duration"], path + ".duration", languages, out.duration);
}

void check_required_signals(validator& v, const std::vector<consent_signal>& signals,
                            const std::string& path) {
  for (std::size_t i = 0; i < signals.size(); ++i)
    if (is_tracking_signal(signals[i])) {
      v.fail(errc::config_compliance, validator::index(path, i),
             "a strictly necessary category cannot declare " +
                 dq(signal_name(signals[i])) +
                 ": it cannot be refused, so it may only carry functionality_storage or "
                 "security_storage; move this to an optional category");
      return;
    }
}

// The regional flags of a category (see config.hpp, category).
bool parse_category_flags(validator& v, const json& j, const std::string& path, category& out) {
  if (j.contains("sensitive") && !v.boolean(j["sensitive"], path + ".sensitive", out.sensitive))
    return false;
  if (j.contains("saleOrSharing") &&
      !v.boolean(j["saleOrSharing"], path + ".saleOrSharing", out.sale_or_sharing))
    return false;
  if (out.required && (out.sensitive || out.sale_or_sharing))
    return v.fail(errc::config_compliance, path + ".required",
                  "a strictly necessary category cannot be sensitive or sell/share data; "
                  "move those services to an optional category");
  return true;
}

void parse_category(validator& v, const json& j, const std::string& path, category& out,
                    const std::vector<std::string>& languages) {
  if (!v.members(j, path,
                 {"id", "required", "default", "revision", "title", "description", "services",
                  "consentMode", "cookieTable", "sensitive", "saleOrSharing"},
                 {{"id", "e.g. \"analytics\""},
                  {"title", "the name the banner shows, e.g. \"Analytics\""}}))
    return;
  if (!v.slug(j["id"], path + ".id", out.id)) return;
  out.key = short_key(out.id);
  if (j.contains("required") && !v.boolean(j["required"], path + ".required", out.required))
    return;
  if (j.contains("default")) {
    bool granted = false;
    if (!v.boolean(j["default"], path + ".default", granted)) return;
    if (granted && !out.required) {
      v.fail(errc::config_compliance, path + ".default",
             "an optional category cannot be granted before the visitor chooses; remove "
             "\"default\" or set it to false");
      return;
    }
  }
  if (j.contains("revision") &&
      !v.integer(j["revision"], path + ".revision", 1, max_version_component, out.revision))
    return;
  if (!parse_category_flags(v, j, path, out)) return;
  if (!v.localized_text(j["title"], path + ".title", languages, out.title)) return;
  if (j.contains("description") &&
      !v.localized_text(j["description"], path + ".description", languages, out.description))
    return;
  if (j.contains("consentMode") &&
      !v.signal_list(j["consentMode"], path + ".consentMode", out.consent_mode))
    return;
  if (out.required) check_required_signals(v, out.consent_mode, path + ".consentMode");
  if (j.contains("services")) {
    const json& list = j["services"];
    if (!v.expect(list, json::kind::array, path + ".services", "an array")) return;
    for (std::size_t i = 0; i < list.size() && v.ok(); ++i) {
      service s;
      const std::string sp = validator::index(path + ".services", i);
      parse_service(v, list.items()[i], sp, s, languages);
      s.key = service_key(out.id, s.id);
      if (v.ok() && out.required) check_required_signals(v, s.consent_mode, sp + ".consentMode");
      // A required category runs without consent under every model, so it cannot hold
      // a service that needs one (opt-in under opt-out, a separate consent under pipl).
      if (v.ok() && out.required && s.needs_separate_consent())
        v.fail(errc::config_compliance,
               sp + (s.sensitive ? ".sensitive" : s.third_party ? ".thirdParty" : ".crossBorder"),
               "a strictly necessary category cannot hold a service that needs consent; "
               "move those services to an optional category");
      out.services.push_back(std::move(s));
    }
  }
  if (v.ok() && j.contains("cookieTable")) {
    const json& list = j["cookieTable"];
    if (!v.expect(list, json::kind::array, path + ".cookieTable", "an array")) return;
    for (std::size_t i = 0; i < list.size() && v.ok(); ++i) {
      cookie_entry e;
      parse_cookie_entry(v, list.items()[i], validator::index(path + ".cookieTable", i), e, languages);
      out.cookie_table.push_back(std::move(e));
    }
  }
}

void parse_categories(validator& v, const json& j, config& cfg) {
  if (!v.expect(j, json::kind::array, "categories", "an array")) return;
  if (j.size() == 0) {
    v.fail(errc::config_invalid, "categories", "must list at least one category");
    return;
  }
  if (j.size() > max_categories) {
    v.fail(errc::config_invalid, "categories",
           "has more than " + detail::to_decimal(max_categories) + " categories");
    return;
  }
  std::size_t service_count = 0;
  for (std::size_t i = 0; i < j.size() && v.ok(); ++i) {
    category c;
    const std::string path = validator::index("categories", i);
    parse_category(v, j.items()[i], path, c, cfg.languages);
    if (!v.ok()) return;
    for (std::size_t k = 0; k < cfg.categories.size(); ++k) {
      if (cfg.categories[k].id == c.id) {
        v.fail(errc::config_duplicate_id, path + ".id",
               "duplicate id " + dq(c.id) + " (also categories[" + detail::to_decimal(k) +
                   "]); give each category its own id");
        return;
      }
      if (cfg.categories[k].key == c.key) {
        v.fail(errc::config_id_collision, path + ".id",
               dq(c.id) + " and " + dq(cfg.categories[k].id) +
                   " share a key in the consent cookie; rename one of them");
        return;
      }
    }
    for (std::size_t s = 0; s < c.services.size(); ++s) {
      const std::string sp = validator::index(path + ".services", s);
      const auto& svc = c.services[s];
      auto clash = [&](const service& other) -> bool {
        if (other.id == svc.id)
          return v.fail(errc::config_duplicate_id, sp + ".id",
                        "duplicate service id " + dq(svc.id) +
                            "; service ids must be unique across all categories");
        // An old record's key (unscoped) must not read as another service's decision.
        if (other.key == svc.key || other.unscoped_key == svc.unscoped_key ||
            other.key == svc.unscoped_key || other.unscoped_key == svc.key)
          return v.fail(errc::config_id_collision, sp + ".id",
                        dq(svc.id) + " and " + dq(other.id) +
                            " share a key in the consent cookie; rename one of them");
        return true;
      };
      for (const auto& other_cat : cfg.categories)
        for (const auto& other : other_cat.services)
          if (!clash(other)) return;
      for (std::size_t o = 0; o < s; ++o)
        if (!clash(c.services[o])) return;
    }
    service_count += c.services.size();
    if (service_count > max_services) {
      v.fail(errc::config_invalid, path + ".services",
             "the config has more than " + detail::to_decimal(max_services) + " services");
      return;
    }
    cfg.categories.push_back(std::move(c));
  }
}

void parse_expiry(validator& v, const json& j, expiry_settings& out) {
  if (!v.members(j, "expiry", {"acceptDays", "rejectDays"}, {})) return;
  const std::string hint = " days (13 months at most, as consent must be renewed at least "
                           "that often)";
  if (j.contains("acceptDays") &&
      !v.integer(j["acceptDays"], "expiry.acceptDays", 1, max_expiry_days, out.accept_days,
                 errc::config_expiry, hint))
    return;
  if (j.contains("rejectDays"))
    v.integer(j["rejectDays"], "expiry.rejectDays", 1, max_expiry_days, out.reject_days,
              errc::config_expiry, hint);
}

void parse_cookie(validator& v, const json& j, cookie_settings& out) {
  if (!v.members(j, "cookie", {"name", "domain", "path", "sameSite", "secure", "hostPrefix"}, {}))
    return;
  if (j.contains("name")) {
    if (!v.string(j["name"], "cookie.name", out.name, 64)) return;
    if (!is_cookie_token(out.name)) {
      v.fail(errc::config_invalid, "cookie.name",
             dq(out.name) + " is not a valid cookie name; use letters, digits, '-' or '_'");
      return;
    }
    const std::string l = ascii_lower(out.name);
    if (l.rfind("__host-", 0) == 0 || l.rfind("__secure-", 0) == 0) {
      v.fail(errc::config_invalid, "cookie.name",
             "do not write the prefix into the name; set \"hostPrefix\": true instead");
      return;
    }
  }
  if (j.contains("domain")) {
    if (!v.expect(j["domain"], json::kind::string, "cookie.domain", "a string")) return;
    out.domain = j["domain"].string();
    if (!out.domain.empty() && !is_domain(out.domain)) {
      v.fail(errc::config_invalid, "cookie.domain",
             dq(out.domain) + " is not a lower-case host name like \"example.com\"");
      return;
    }
  }
  if (j.contains("path")) {
    if (!v.string(j["path"], "cookie.path", out.path, 512)) return;
    if (!is_cookie_path(out.path)) {
      v.fail(errc::config_invalid, "cookie.path", "must start with \"/\" and contain no ';'");
      return;
    }
  }
  if (j.contains("sameSite")) {
    std::string s;
    if (!v.string(j["sameSite"], "cookie.sameSite", s, 16)) return;
    if (s == "Lax") out.site = same_site::lax;
    else if (s == "Strict") out.site = same_site::strict;
    else {
      v.fail(errc::config_invalid, "cookie.sameSite",
             dq(s) + " is not allowed; use \"Lax\" or \"Strict\"");
      return;
    }
  }
  if (j.contains("secure") && !v.boolean(j["secure"], "cookie.secure", out.secure)) return;
  if (j.contains("hostPrefix") && !v.boolean(j["hostPrefix"], "cookie.hostPrefix", out.host_prefix))
    return;
  if (out.host_prefix) {
    if (!out.domain.empty())
      v.fail(errc::config_invalid, "cookie.domain",
             "a __Host- cookie cannot name a domain; remove \"domain\" or set \"hostPrefix\": false");
    else if (out.path != "/")
      v.fail(errc::config_invalid, "cookie.path",
             "a __Host- cookie must use path \"/\"; remove \"path\" or set \"hostPrefix\": false");
    else if (!out.secure)
      v.fail(errc::config_invalid, "cookie.secure",
             "a __Host- cookie must be secure; remove \"secure\" or set \"hostPrefix\": false");
  }
}

void parse_gpc(validator& v, const json& j, config& cfg) {
  if (!v.members(j, "gpc", {"honour", "categories"}, {})) return;
  if (j.contains("honour") && !v.boolean(j["honour"], "gpc.honour", cfg.gpc.honour)) return;
  if (!j.contains("categories")) return;
  std::vector<std::string> ids;
  if (!v.string_list(j["categories"], "gpc.categories", ids, 40)) return;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    const auto* c = cfg.find_category(ids[i]);
    const std::string path = validator::index("gpc.categories", i);
    if (!c) {
      v.fail(errc::config_invalid, path, dq(ids[i]) + " is not the id of a category");
      return;
    }
    if (c->required) {
      v.fail(errc::config_invalid, path,
             dq(ids[i]) + " is strictly necessary and cannot be refused; remove it here");
      return;
    }
  }
  cfg.gpc.categories = std::move(ids);
}

void parse_consent_mode(validator& v, const json& j, consent_mode_settings& out) {
  if (!v.members(j, "consentMode", {"enabled", "waitForUpdate"}, {})) return;
  if (j.contains("enabled") && !v.boolean(j["enabled"], "consentMode.enabled", out.enabled))
    return;
  if (j.contains("waitForUpdate"))
    v.integer(j["waitForUpdate"], "consentMode.waitForUpdate", 0, 10000, out.wait_for_update_ms);
}

// Receipts carry the consent id: they may go to this site's own paths or to an
// https:// origin only (plain http would expose them on the wire), and never to a
// URL with credentials or a fragment.
void parse_log(validator& v, const json& j, log_settings& out) {
  if (!v.members(j, "log", {"endpoint"}, {{"endpoint", "e.g. \"/consent-log\""}})) return;
  std::string endpoint;
  if (!v.string(j["endpoint"], "log.endpoint", endpoint, 2048)) return;
  const bool path = endpoint[0] == '/' && (endpoint.size() == 1 || endpoint[1] != '/');
  const bool https = ascii_lower(endpoint.substr(0, 8)) == "https://" && endpoint.size() > 8;
  if (!is_url(endpoint) || !(path || https) || endpoint.find('\\') != std::string::npos) {
    v.fail(errc::config_invalid, "log.endpoint",
           dq(endpoint) + " must be a path on this site starting with \"/\" (e.g. " +
               "\"/consent-log\") or an https:// URL");
    return;
  }
  if (endpoint.find('#') != std::string::npos ||
      (https && endpoint.substr(8, endpoint.find('/', 8) - 8).find('@') != std::string::npos)) {
    v.fail(errc::config_invalid, "log.endpoint",
           "must not contain a #fragment or user:password@; give the plain URL");
    return;
  }
  out.endpoint = std::move(endpoint);
}

void parse_languages(validator& v, const json& j, std::vector<std::string>& out) {
  if (!v.string_list(j, "languages", out, max_language_tag)) return;
  if (out.empty()) {
    v.fail(errc::config_invalid, "languages", "must list at least one language");
    return;
  }
  for (std::size_t i = 0; i < out.size(); ++i) {
    const std::string path = validator::index("languages", i);
    if (!is_language_tag(out[i])) {
      v.fail(errc::config_invalid, path,
             dq(out[i]) + " is not a language tag like \"en\" or \"zh-CN\"");
      return;
    }
    for (std::size_t k = 0; k < i; ++k)
      if (ascii_lower(out[k]) == ascii_lower(out[i])) {
        v.fail(errc::config_duplicate_id, path, "duplicate language " + dq(out[i]));
        return;
      }
  }
}

void parse_texts(validator& v, const json& j, config& cfg) {
  if (!v.expect(j, json::kind::object, "texts", "an object of texts by language")) return;
  for (std::size_t i = 0; i < j.size(); ++i) {
    const std::string& lang = j.keys()[i];
    const json& lang_texts = j.items()[i];
    const std::string path = "texts." + lang;
    if (std::find(cfg.languages.begin(), cfg.languages.end(), lang) == cfg.languages.end()) {
      v.fail(errc::config_invalid, path,
             dq(lang) + " is not in languages; add it to languages or remove these texts");
      return;
    }
    if (!v.expect(lang_texts, json::kind::object, path, "an object of texts")) return;
    auto& texts = cfg.texts[lang];
    for (std::size_t t = 0; t < lang_texts.size(); ++t) {
      const std::string& key = lang_texts.keys()[t];
      if (!is_text_key(key)) {
        v.fail(errc::config_unknown_field, path + "." + key,
               "unknown text key; see the README's list of text keys");
        return;
      }
      if (!v.string(lang_texts.items()[t], path + "." + key, texts[key])) return;
    }
  }
}

// The layout each position belongs to.
ui_layout layout_of(ui_position p) {
  switch (p) {
    case ui_position::bottom:
    case ui_position::top: return ui_layout::bar;
    case ui_position::bottom_right:
    case ui_position::bottom_left: return ui_layout::box;
    case ui_position::center: return ui_layout::modal;
  }
  return ui_layout::bar;
}

// `modal` is the older spelling of layout "modal"; both may be given if they agree.
void parse_ui(validator& v, const json& j, config& cfg) {
  auto& ui = cfg.ui;
  if (!v.members(j, "ui", {"layout", "position", "modal", "floatingButton", "bilingual"}, {}))
    return;
  bool modal = false;
  if (j.contains("modal") && !v.boolean(j["modal"], "ui.modal", modal)) return;
  if (modal) ui.layout = ui_layout::modal;
  if (j.contains("layout")) {
    std::string s;
    if (!v.string(j["layout"], "ui.layout", s, 16)) return;
    if (s == "bar") ui.layout = ui_layout::bar;
    else if (s == "box") ui.layout = ui_layout::box;
    else if (s == "modal") ui.layout = ui_layout::modal;
    else {
      v.fail(errc::config_invalid, "ui.layout", dq(s) + " is not allowed; use \"bar\", \"box\" or \"modal\"");
      return;
    }
    if (modal && ui.layout != ui_layout::modal) {
      v.fail(errc::config_invalid, "ui.modal",
             "\"modal\": true means layout \"modal\"; remove \"modal\" or set layout to \"modal\"");
      return;
    }
  }
  ui.position = ui.layout == ui_layout::bar   ? ui_position::bottom
                : ui.layout == ui_layout::box ? ui_position::bottom_right
                                              : ui_position::center;
  if (j.contains("position")) {
    std::string s;
    if (!v.string(j["position"], "ui.position", s, 16)) return;
    std::string allowed;
    bool found = false;
    for (auto p : {ui_position::bottom, ui_position::top, ui_position::bottom_right,
                   ui_position::bottom_left, ui_position::center}) {
      if (layout_of(p) != ui.layout) continue;
      allowed += (allowed.empty() ? "" : " or ") + dq(position_name(p));
      if (s == position_name(p)) {
        ui.position = p;
        found = true;
      }
    }
    if (!found) {
      v.fail(errc::config_invalid, "ui.position",
             dq(s) + " is not a position of layout " + dq(layout_name(ui.layout)) + "; use " + allowed);
      return;
    }
  }
  if (j.contains("floatingButton") &&
      !v.boolean(j["floatingButton"], "ui.floatingButton", ui.floating_button))
    return;
  if (j.contains("bilingual")) {
    if (!v.string_list(j["bilingual"], "ui.bilingual", ui.bilingual, max_language_tag)) return;
    if (ui.bilingual.size() == 1) {
      v.fail(errc::config_invalid, "ui.bilingual",
             "needs two or more languages to show side by side (or none)");
      return;
    }
    for (std::size_t i = 0; i < ui.bilingual.size(); ++i) {
      const std::string path = validator::index("ui.bilingual", i);
      const auto& l = ui.bilingual[i];
      if (std::find(cfg.languages.begin(), cfg.languages.end(), l) == cfg.languages.end()) {
        v.fail(errc::config_invalid, path, dq(l) + " is not in languages; add it there or remove it here");
        return;
      }
      if (std::find(ui.bilingual.begin(), ui.bilingual.begin() + static_cast<std::ptrdiff_t>(i), l) !=
          ui.bilingual.begin() + static_cast<std::ptrdiff_t>(i)) {
        v.fail(errc::config_duplicate_id, path, "duplicate language " + dq(l));
        return;
      }
    }
  }
}

// `regions`: selector -> {model, acceptDays, rejectDays}. Expiry defaults to the
// config's `expiry`, except that an opt-out keeps refusals min_opt_out_days.
void parse_profile(validator& v, const json& j, const std::string& path, const config& cfg,
                   profile& out) {
  if (!v.members(j, path, {"model", "acceptDays", "rejectDays"},
                 {{"model", "\"opt-in\", \"opt-out\", \"notice\" or \"pipl\""}}))
    return;
  std::string model;
  if (!v.string(j["model"], path + ".model", model, 16)) return;
  if (model == "opt-in") out.model = consent_model::opt_in;
  else if (model == "opt-out") out.model = consent_model::opt_out;
  else if (model == "notice") out.model = consent_model::notice;
  else if (model == "pipl") out.model = consent_model::pipl;
  else {
    v.fail(errc::config_invalid, path + ".model",
           dq(model) + " is not a model; use \"opt-in\", \"opt-out\", \"notice\" or \"pipl\"");
    return;
  }
  out.accept_days = cfg.expiry.accept_days;
  // Opt-out and notice both run optional processing until refused: a refusal holds
  // 12 months under either.
  const bool runs_by_default = out.model == consent_model::opt_out || out.model == consent_model::notice;
  out.reject_days = runs_by_default ? std::max(cfg.expiry.reject_days, min_opt_out_days)
                                    : cfg.expiry.reject_days;
  const std::string hint = " days (13 months at most)";
  if (j.contains("acceptDays") &&
      !v.integer(j["acceptDays"], path + ".acceptDays", 1, max_expiry_days, out.accept_days,
                 errc::config_expiry, hint))
    return;
  if (j.contains("rejectDays") &&
      !v.integer(j["rejectDays"], path + ".rejectDays", 1, max_expiry_days, out.reject_days,
                 errc::config_expiry, hint))
    return;
  if (runs_by_default && out.reject_days < min_opt_out_days)
    v.fail(errc::config_expiry, path + ".rejectDays",
           "an opt-out must be kept at least 12 months before asking again (CCPA regulations "
           "11 CCR 7026(k)); set it to 365-395 or remove it");
}

// What a pipl profile needs from the rest of the config: Chinese texts (PIPL Art. 17:
// the notice in clear language) and, for every service that needs a separate consent,
// its recipient with the purpose and the kinds of personal information provided
// (Art. 23, 39). Those texts are already in every declared language, Chinese included.
void check_pipl(validator& v, const config& cfg, const std::string& path) {
  const bool chinese = std::any_of(cfg.languages.begin(), cfg.languages.end(), [](const std::string& l) {
    return ascii_lower(l.substr(0, 2)) == "zh" && (l.size() == 2 || l[2] == '-');
  });
  if (!chinese) {
    v.fail(errc::config_missing_text, path + ".model",
           "a pipl profile needs Chinese texts; add \"zh\" to languages");
    return;
  }
  for (std::size_t c = 0; c < cfg.categories.size(); ++c)
    for (std::size_t s = 0; s < cfg.categories[c].services.size(); ++s) {
      const auto& svc = cfg.categories[c].services[s];
      if (!svc.needs_separate_consent()) continue;
      const std::string at =
          validator::index(validator::index("categories", c) + ".services", s) + ".recipient";
      const std::string why = "is required by the pipl profile " + dq(path.substr(8)) +
                              " for a sensitive, thirdParty or crossBorder service; ";
      if (svc.recipient.name.empty()) {
        v.fail(errc::config_missing, at,
               why + "add {\"name\", \"contact\", \"country\", \"purpose\", \"data\"}");
        return;
      }
      const struct {
        const localized& text;
        const char* key;
        const char* says;
      } texts[] = {{svc.recipient.purpose, ".purpose", "what the recipient uses the data for"},
                   {svc.recipient.data, ".data",
                    "the kinds of personal information provided, e.g. \"device identifier, pages "
                    "viewed, approximate location\""}};
      for (const auto& t : texts)
        if (t.text.empty()) {
          v.fail(errc::config_missing, at + t.key,
                 why + "add a text (or one per language) saying " + t.says);
          return;
        }
    }
}

void parse_regions(validator& v, const json& j, config& cfg) {
  if (!v.expect(j, json::kind::object, "regions", "an object of profiles by region")) return;
  if (j.size() == 0 || j.size() > max_list) {
    v.fail(errc::config_invalid, "regions",
           "must map 1 to " + detail::to_decimal(max_list) + " regions to profiles");
    return;
  }
  for (std::size_t i = 0; i < j.size() && v.ok(); ++i) {
    const std::string& sel = j.keys()[i];
    const std::string path = "regions." + sel;
    if (!is_region_selector(sel)) {
      v.fail(errc::config_invalid, path,
             dq(sel) + " is not a region; use an ISO 3166-2 subdivision (\"US-CA\"), an ISO "
             "3166-1 country (\"DE\", upper case, no placeholder like \"XX\"), \"EEA\", "
             "\"*\" or \"unknown\"");
      return;
    }
    profile p;
    p.selector = sel;
    parse_profile(v, j.items()[i], path, cfg, p);
    if (!v.ok()) return;
    // Fail closed: a visitor whose region is not known gets the strictest rules.
    if (sel == unknown_selector && p.model != consent_model::opt_in) {
      v.fail(errc::config_compliance, path + ".model",
             "a visitor of unknown region must get opt-in (the strictest model); set "
             "\"model\": \"opt-in\"");
      return;
    }
    if (p.model == consent_model::pipl) check_pipl(v, cfg, path);
    cfg.regions.push_back(std::move(p));
  }
  if (!v.ok()) return;
  // Fail closed: the unknown profile keeps a grant no longer than any other does.
  const profile* shortest = nullptr;
  const profile* unknown = nullptr;
  for (const auto& p : cfg.regions) {
    if (p.selector == unknown_selector) unknown = &p;
    else if (!shortest || p.accept_days < shortest->accept_days) shortest = &p;
  }
  const std::uint32_t days = shortest ? shortest->accept_days : cfg.expiry.accept_days;
  if (!unknown) {
    cfg.regions.push_back({std::string(unknown_selector), consent_model::opt_in,
                           std::min(cfg.expiry.accept_days, days), cfg.expiry.reject_days});
  } else if (unknown->accept_days > days) {
    v.fail(errc::config_compliance, "regions.unknown.acceptDays",
           "keeps a grant longer than " + dq(shortest->selector) +
               " does: an unknown region gets the strictest rules; set it to " +
               detail::to_decimal(days) + " or less");
  }
}

void check_texts_complete(validator& v, const config& cfg) {
  for (const auto& lang : cfg.languages) {
    if (is_builtin_language(lang)) continue;
    auto it = cfg.texts.find(lang);
    for (auto key : text_keys) {
      if (it == cfg.texts.end() || !it->second.count(std::string(key))) {
        v.fail(errc::config_missing_text, "texts." + lang + "." + std::string(key),
               "is missing; " + dq(lang) +
                   " has no built-in texts, so the config must provide all of them");
        return;
      }
    }
  }
}

}  // namespace

result<config> parse_config(std::string_view text) {
  if (text.size() > max_config_bytes)
    return error{errc::config_too_large, "",
                 "the config is over " + detail::to_decimal(max_config_bytes / 1024) +
                     " KiB; remove unused texts or services"};
  auto parsed = detail::parse_strict_json(text, errc::config_not_json, errc::config_invalid, "the config");
  if (!parsed) return parsed.err();
  const json& j = parsed.value();
  if (!j.is_object())
    return error{errc::config_not_json, "", "the config must be a JSON object"};

  validator v;
  config cfg;
  if (!v.members(j, "",
                 {"$schema", "policy", "categories", "expiry", "cookie", "gpc", "consentMode",
                  "languages", "texts", "ui", "log", "regions"},
                 {{"policy", "e.g. {\"version\": \"1.0.0\", \"url\": \"/privacy\"}"},
                  {"categories", "e.g. [{\"id\": \"analytics\", \"title\": \"Analytics\"}]"}}))
    return *v.failure;
  cfg.languages = {"en"};
  if (j.contains("languages")) {
    cfg.languages.clear();
    parse_languages(v, j["languages"], cfg.languages);
  }
  if (v.ok()) parse_policy(v, j["policy"], cfg.policy, cfg.languages);
  if (v.ok()) parse_categories(v, j["categories"], cfg);
  if (v.ok() && j.contains("expiry")) parse_expiry(v, j["expiry"], cfg.expiry);
  if (v.ok() && j.contains("cookie")) parse_cookie(v, j["cookie"], cfg.cookie);
  if (v.ok()) {
    for (const auto& c : cfg.categories)
      if (!c.required) cfg.gpc.categories.push_back(c.id);
    if (j.contains("gpc")) parse_gpc(v, j["gpc"], cfg);
  }
  if (v.ok() && j.contains("consentMode")) parse_consent_mode(v, j["consentMode"], cfg.consent_mode);
  if (v.ok() && j.contains("texts")) parse_texts(v, j["texts"], cfg);
  if (v.ok() && j.contains("log")) parse_log(v, j["log"], cfg.log);
  if (v.ok()) check_texts_complete(v, cfg);
  if (v.ok() && j.contains("ui")) parse_ui(v, j["ui"], cfg);
  if (v.ok() && j.contains("regions")) parse_regions(v, j["regions"], cfg);
  if (!v.ok()) return *v.failure;
  return cfg;
}

}  // namespace cookiegate
