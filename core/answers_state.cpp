#include "answers.hpp"

#include <algorithm>

#include "codec.hpp"
#include "config.hpp"
#include "evaluate.hpp"
#include "profile.hpp"
#include "record.hpp"
#include "withdrawal.hpp"

namespace cookiegate::boundary {

using detail::json_writer;

void write_error(json_writer& w, const error& e) {
  w.begin_object().key("ok").value(false).key("error").begin_object();
  w.key("code").value(static_cast<std::int64_t>(e.code));
  w.key("name").value(error_name(e.code));
  w.key("path").value(e.path);
  w.key("message").value(e.to_string());
  w.end_object().end_object();
}

namespace {

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
    case ask_reason::reask_after_refusal: return "reask_after_refusal";
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
        if (s.key == key || s.unscoped_key == key) {
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

}  // namespace

void write_state(json_writer& w, const config& cfg, const state& st) {
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
  w.key("firstLayerReject").value(st.reject_asked_only ? "asked" : "reject_all");
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

void write_cookie(json_writer& w, const config& cfg, const consent_record& r, std::int64_t now,
                std::string_view region) {
  const std::int64_t max_age = std::max<std::int64_t>(0, record_expiry(cfg, r, region) - now);
  w.begin_object();
  w.key("name").value(cfg.cookie.stored_name()).key("value").value(encode(r));
  w.key("maxAge").value(max_age);
  w.key("domain").value(cfg.cookie.domain).key("path").value(cfg.cookie.path);
  w.key("sameSite").value(same_site_name(cfg.cookie.site)).key("secure").value(cfg.cookie.secure);
  w.end_object();
}

void write_withdrawal(json_writer& w, const withdrawal& wd) {
  w.begin_object().key("categories").string_array(wd.categories).key("services").begin_array();
  for (const auto& s : wd.services)
    w.begin_object().key("category").value(s.category).key("id").value(s.id).end_object();
  w.end_array().end_object();
}

}  // namespace cookiegate::boundary
