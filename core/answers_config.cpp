#include "answers.hpp"

#include "config.hpp"
#include "language.hpp"
#include "profile.hpp"

namespace cookiegate::boundary {

using detail::json_writer;

namespace {

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

}  // namespace

void write_config(json_writer& w, const config& cfg) {
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

}  // namespace cookiegate::boundary
