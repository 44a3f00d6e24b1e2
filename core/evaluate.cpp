#include "evaluate.hpp"

#include <algorithm>

#include "codec.hpp"
#include "cookie_header.hpp"
#include "notice.hpp"
#include "region.hpp"

namespace cookiegate {

version effective_policy(const config& cfg, std::int64_t now) noexcept {
  const auto& up = cfg.policy.upcoming;
  return up && now >= up->effective ? up->ver : cfg.policy.ver;
}

const profile* profile_for(const config& cfg, std::string_view region, bool stricter) noexcept {
  if (cfg.regions.empty()) return nullptr;
  // No region resolves to `unknown`, the strictest profile.
  return &resolve_profile(cfg.regions, stricter ? std::string_view{} : region);
}

std::int64_t record_expiry(const config& cfg, const consent_record& record,
                           std::string_view region) noexcept {
  const profile* pr = profile_for(cfg, region, record.stricter);
  bool granted = false, refused = false;
  for (const auto& c : cfg.categories) {
    if (c.required) continue;
    for (const auto& d : record.categories)
      if (d.key == c.key) (d.granted ? granted : refused) = true;
  }
  const std::uint32_t accept = pr ? pr->accept_days : cfg.expiry.accept_days;
  const std::uint32_t reject = pr ? pr->reject_days : cfg.expiry.reject_days;
  std::uint32_t days = std::min(accept, reject);
  if (granted && !refused) days = accept;
  if (refused && !granted) days = reject;
  // Under opt-out and notice a refusal must hold 12 months (11 CCR 7026(k)): a record
  // holding one lives rejectDays (at least min_opt_out_days) even next to a grant,
  // whose acceptDays may be shorter. A grant in such a record lives as long (a grant of
  // a sensitive category too; rejectDays is at most 13 months).
  if (refused && pr && (pr->model == consent_model::opt_out || pr->model == consent_model::notice))
    days = reject;
  return record.updated + std::int64_t{days} * 86400;
}

namespace {

// stricter_in_force for a record whose expiry is known: a record holding the switch
// expires by the strictest profile whatever the region (record_expiry), so the expiry
// evaluate computes for the visitor's region serves here too.
bool stricter_stands(const config& cfg, const consent_record& record, std::int64_t now,
                     std::int64_t expiry) noexcept {
  return record.stricter && !cfg.regions.empty() && now < expiry &&
         classify_change(record.policy, effective_policy(cfg, now)) != version_change::from_future;
}

}  // namespace

bool stricter_in_force(const config& cfg, const consent_record* record, std::int64_t now) noexcept {
  return record && stricter_stands(cfg, *record, now, record_expiry(cfg, *record));
}

const category_decision* find_decision(const consent_record& r, std::uint32_t key) noexcept {
  auto it = std::lower_bound(r.categories.begin(), r.categories.end(), key,
                             [](const category_decision& d, std::uint32_t k) { return d.key < k; });
  return it != r.categories.end() && it->key == key ? &*it : nullptr;
}

const service_decision* find_service_decision(const consent_record& r, std::uint32_t key) noexcept {
  auto it = std::lower_bound(r.services.begin(), r.services.end(), key,
                             [](const service_decision& d, std::uint32_t k) { return d.key < k; });
  return it != r.services.end() && it->key == key ? &*it : nullptr;
}

const service_decision* find_service_decision(const consent_record& r, const service& s) noexcept {
  if (const auto* d = find_service_decision(r, s.key)) return d;
  // Records written before service_key: reading them so asks no one again on upgrade,
  // and config validation keeps these keys apart from every service_key.
  return find_service_decision(r, s.unscoped_key);
}

const service_decision* separate_decision(const consent_record& r, const service& s,
                                          bool pipl) noexcept {
  if (pipl && s.needs_separate_consent() && r.model != consent_model::pipl) return nullptr;
  return find_service_decision(r, s);
}

decision_status category_decision_status(const category& c, const consent_record& r,
                                         bool skip_separate) noexcept {
  const auto* d = find_decision(r, c.key);
  if (!d) return decision_status::missing;
  if (d->revision != c.revision) return decision_status::revised;
  if (d->granted)
    for (const auto& s : c.services)
      if (!(skip_separate && s.needs_separate_consent()) && !find_service_decision(r, s))
        return decision_status::service_added;
  return decision_status::current;
}

namespace {

// Narrows the validity window to `at` when that instant lies after `now`: every time
// comparison in evaluate/decode reports its switching instant through here.
void valid_before(state& st, std::int64_t now, std::int64_t at) {
  if (at > now && (!st.valid_until || at < *st.valid_until)) st.valid_until = at;
}

// A signal is granted only when something declares it and everything that declares
// it is allowed: a refused service must not ride on a granted sibling's signal. A
// category's signals cover all of it, its services included: with one of them refused
// (Google Analytics switched off, another analytics service on) they are denied, or
// Google's tags, told granted, would store what the visitor refused. A signal that
// should follow one service belongs on that service.
void derive_consent_mode(const config& cfg, state& st) {
  std::array<int, consent_signal_count> declared{}, allowed{};
  for (std::size_t i = 0; i < cfg.categories.size(); ++i) {
    const auto& c = cfg.categories[i];
    const auto& cs = st.categories[i];
    bool whole = cs.allowed;
    for (std::size_t k = 0; k < c.services.size(); ++k) {
      whole = whole && cs.services[k].allowed;
      for (auto s : c.services[k].consent_mode) {
        ++declared[static_cast<std::size_t>(s)];
        if (cs.services[k].allowed) ++allowed[static_cast<std::size_t>(s)];
      }
    }
    for (auto s : c.consent_mode) {
      ++declared[static_cast<std::size_t>(s)];
      if (whole) ++allowed[static_cast<std::size_t>(s)];
    }
  }
  for (std::size_t s = 0; s < consent_signal_count; ++s)
    st.consent_mode[s] = declared[s] > 0 && declared[s] == allowed[s];
}

// Under opt-out and notice, what runs before any decision: everything but sensitive
// categories and services (they stay opt-in under every model).
void apply_default(const category& c, category_state& cs) {
  cs.ask = false;
  cs.allowed = !c.sensitive;
  for (std::size_t k = 0; k < c.services.size(); ++k)
    cs.services[k].allowed = cs.allowed && !c.services[k].sensitive;
}

state evaluate_impl(const config& cfg, const consent_record* record, std::int64_t now,
                    const signals& sig, ask_reason no_record_reason) {
  state st;
  st.policy = effective_policy(cfg, now);
  const std::int64_t expiry = record ? record_expiry(cfg, *record, sig.region) : 0;
  const bool stricter = record && stricter_stands(cfg, *record, now, expiry);
  const profile* pr = profile_for(cfg, sig.region, stricter);
  // Only a config with `regions` reads the region.
  const std::string region = pr ? canonical_region(sig.region).value_or("") : std::string();
  const consent_model model = pr ? pr->model : consent_model::opt_in;
  // Opt-out and notice let optional processing run until the visitor refuses.
  const bool runs_by_default = model == consent_model::opt_out || model == consent_model::notice;
  const bool pipl = model == consent_model::pipl;
  // The policy in force and the upcoming notice both switch at the effective date.
  if (cfg.policy.upcoming) valid_before(st, now, cfg.policy.upcoming->effective);
  for (const auto& c : cfg.categories) {
    category_state cs;
    cs.id = c.id;
    cs.required = c.required;
    cs.allowed = c.required;
    cs.ask = !c.required;
    for (const auto& s : c.services) cs.services.push_back({s.id, c.required});
    st.categories.push_back(std::move(cs));
  }
  if (runs_by_default)
    for (std::size_t i = 0; i < cfg.categories.size(); ++i)
      if (!cfg.categories[i].required) apply_default(cfg.categories[i], st.categories[i]);

  // Which stored record, if any, still stands.
  bool record_valid = false;
  st.reason = no_record_reason;
  if (record) {
    // Expiry ends a valid record, and turns a future-version refusal into "expired".
    valid_before(st, now, expiry);
    const auto change = classify_change(record->policy, st.policy);
    if (now >= expiry) {
      st.reason = ask_reason::expired;
    } else if (change == version_change::from_future) {
      st.reason = ask_reason::future_version;
    } else {
      record_valid = true;
      st.record = *record;
      st.expires_at = expiry;
      if (change == version_change::reconsent) {
        st.reason = ask_reason::major_update;
        // The new policy changes how every category it asks about is used.
        for (auto& cs : st.categories) cs.changed = cs.ask;
        // A policy change never erases an opt-out: it is not asked again within its
        // 12 months (11 CCR 7026(k)).
        if (runs_by_default)
          for (std::size_t i = 0; i < cfg.categories.size(); ++i) {
            const auto* d = find_decision(*record, cfg.categories[i].key);
            if (!cfg.categories[i].required && d && !d->granted) {
              st.categories[i].allowed = false;
              for (auto& s : st.categories[i].services) s.allowed = false;
            }
          }
      } else {
        st.reason = ask_reason::none;
        bool refusal_reasked = false;
        for (std::size_t i = 0; i < cfg.categories.size(); ++i) {
          const auto& c = cfg.categories[i];
          auto& cs = st.categories[i];
          if (c.required) continue;
          const auto status = category_decision_status(c, *record, pipl);
          const auto* d = find_decision(*record, c.key);
          if (runs_by_default) {
            // Only a refusal, or a grant the visitor chose, changes the default; a
            // revision or a new service asks nothing here.
            if (!d || (d->revision != c.revision && d->granted)) continue;
            cs.allowed = d->granted;
            for (std::size_t k = 0; k < c.services.size(); ++k) {
              const auto* o = find_service_decision(*record, c.services[k]);
              cs.services[k].allowed = d->granted && (o ? o->granted : !c.services[k].sensitive);
            }
            continue;
          }
          if (status != decision_status::current) {
            // Asked again like a raised revision; a revision or a new category is the
            // larger change, so it names the reason when both happen.
            cs.changed = true;
            if (status != decision_status::service_added) st.reason = ask_reason::category_changed;
            else if (st.reason == ask_reason::none) st.reason = ask_reason::service_added;
            continue;
          }
          cs.ask = false;
          cs.allowed = d->granted;
          // pipl: a refusal holds for 48 hours, then the visitor may be asked again.
          // Nothing changed: asked, not `changed`, and the reason only if no change
          // (in any category, before or after this one) names it.
          if (pipl && !d->granted) {
            const std::int64_t reprompt = record->updated + pipl_reprompt_seconds;
            valid_before(st, now, reprompt);
            if (now >= reprompt) {
              cs.ask = true;
              refusal_reasked = true;
            }
          }
          // A granted category has a decision for every service (status current),
          // except pipl's separate ones, which need their own grant given under pipl:
          // a bundled grant from another model (or a format-1 record, opt-in) is none.
          for (std::size_t k = 0; k < c.services.size(); ++k) {
            const auto* o = separate_decision(*record, c.services[k], pipl);
            cs.services[k].allowed = d->granted && o && o->granted;
          }
        }
        if (refusal_reasked && st.reason == ask_reason::none) st.reason = ask_reason::reask_after_refusal;
      }
    }
  }

  regional_state rs;
  // Binding GPC is an opt-out rule; notice informs and lets the visitor refuse.
  const bool binding =
      model == consent_model::opt_out && gpc_binding(region);
  if (runs_by_default) {
    // GPC opts out of sale and sharing (11 CCR 7025, CPA 6-1-1306(1)(a)(IV)).
    // Where it is binding it also beats a stored grant, unless the visitor consented
    // again while the signal was on (told of the conflict).
    if (sig.gpc && (cfg.gpc.honour || binding)) {
      bool any_sale = false, sale_allowed = false;
      for (std::size_t i = 0; i < cfg.categories.size(); ++i) {
        const auto& c = cfg.categories[i];
        auto& cs = st.categories[i];
        if (!c.sale_or_sharing) continue;
        any_sale = true;
        const auto* d = record_valid ? find_decision(*record, c.key) : nullptr;
        if (!cs.allowed) {
          cs.gpc = d && !d->chosen;  // refused by an earlier GPC default, not a click
          continue;
        }
        const bool granted = d && d->granted && d->revision == c.revision;
        if (granted && (!binding || record->gpc_consented)) {
          sale_allowed = true;
          continue;
        }
        if (granted) rs.gpc_conflict = true;
        cs.allowed = false;
        for (auto& sv : cs.services) sv.allowed = false;
        cs.gpc = true;
      }
      // The confirmation stands while no sale or sharing happens despite the signal.
      rs.gpc_honoured = any_sale && !sale_allowed;
      if (rs.gpc_honoured) st.gpc_applied = true;
    }
  } else if (sig.gpc && cfg.gpc.honour) {
    // Global Privacy Control is a standing refusal for every honoured category that
    // has no current explicit decision; an explicit choice stored later wins.
    for (auto& cs : st.categories) {
      if (!cs.ask) continue;
      if (std::find(cfg.gpc.categories.begin(), cfg.gpc.categories.end(), cs.id) ==
          cfg.gpc.categories.end())
        continue;
      cs.ask = false;
      cs.changed = false;  // not asked, so not asked again (the re-ask banner names changed ones)
      cs.gpc = true;
      st.gpc_applied = true;
    }
  }
  if (record_valid && record->gpc_applied) st.gpc_applied = true;

  const bool any_ask = std::any_of(st.categories.begin(), st.categories.end(),
                                   [](const category_state& c) { return c.ask; });
  if (runs_by_default) {
    // The notice is shown once, at the first visit (unless the honoured signal's
    // confirmation replaces it) and after a MAJOR change.
    if (!record_valid) st.prompt = rs.gpc_honoured ? prompt_kind::none : prompt_kind::consent;
    else st.prompt = st.reason == ask_reason::major_update ? prompt_kind::reconsent : prompt_kind::none;
  } else if (any_ask) {
    st.prompt = record_valid ? prompt_kind::reconsent : prompt_kind::consent;
    // When nothing asked has a decision in the record, the visitor was never asked about
    // it: right after a switch to the strictest profile, after a placeholder's Load on a
    // first visit (the banner said "We have changed how we use …", which was false),
    // or for a category the site added. That is a first question, not a renewed one.
    if (record_valid && st.reason != ask_reason::major_update) {
      bool undecided = true;
      for (std::size_t i = 0; i < cfg.categories.size(); ++i)
        if (st.categories[i].ask && find_decision(*record, cfg.categories[i].key)) undecided = false;
      if (undecided) st.prompt = prompt_kind::consent;
    }
  } else {
    st.prompt = prompt_kind::none;
  }

  const auto pending = pending_notice(cfg, record_valid ? record : nullptr, now);
  st.notice = pending.kind;
  st.notice_version = pending.ver;
  if (pending.kind == notice_kind::upcoming) st.notice_effective = cfg.policy.upcoming->effective_date;
  if (st.prompt == prompt_kind::none && st.notice != notice_kind::none && record_valid)
    st.prompt = prompt_kind::notice;

  if (pr) {
    rs.profile = pr->selector;
    rs.region = region;
    rs.model = model;
    rs.first_layer = st.prompt == prompt_kind::consent || st.prompt == prompt_kind::reconsent;
    rs.stricter_chosen = stricter;
    rs.stricter_offered = runs_by_default;
    if (model == consent_model::opt_out)
      rs.opt_out_link = std::any_of(cfg.categories.begin(), cfg.categories.end(),
                                    [](const category& c) { return c.sale_or_sharing; });
    if (pipl)
      for (std::size_t i = 0; i < cfg.categories.size(); ++i)
        for (std::size_t k = 0; k < cfg.categories[i].services.size(); ++k) {
          const auto& svc = cfg.categories[i].services[k];
          if (st.categories[i].allowed && svc.needs_separate_consent() &&
              !(record_valid && separate_decision(*record, svc, true)))
            rs.separate.push_back(svc.id);
        }
    st.regional = std::move(rs);
  }

  // A verified crawler is never granted anything and never shown or given a record.
  if (sig.verified_crawler) {
    for (auto& cs : st.categories) {
      cs.allowed = cs.required;
      cs.ask = cs.changed = cs.gpc = false;
      for (auto& s : cs.services) s.allowed = cs.required;
    }
    st.prompt = prompt_kind::none;
    st.reason = ask_reason::none;
    st.notice = notice_kind::none;
    st.notice_version = {};
    st.notice_effective.clear();
    st.record.reset();
    st.record_error.reset();
    st.expires_at = 0;
    st.gpc_applied = false;
    st.valid_until.reset();
    if (st.regional) {
      st.regional->first_layer = st.regional->gpc_honoured = st.regional->gpc_conflict = false;
      st.regional->stricter_offered = st.regional->stricter_chosen = false;
      st.regional->separate.clear();
    }
  }

  // These reasons ask about some categories, not all (named, not compared by the enum's
  // order: a reason added later must choose).
  st.reject_asked_only = (st.reason == ask_reason::category_changed || st.reason == ask_reason::service_added ||
                          st.reason == ask_reason::reask_after_refusal) && any_ask &&
                         std::any_of(st.categories.begin(), st.categories.end(),
                                     [](const category_state& c) { return !c.required && !c.ask; });

  derive_consent_mode(cfg, st);
  return st;
}

}  // namespace

state evaluate(const config& cfg, const consent_record* record, std::int64_t now,
               const signals& sig) {
  return evaluate_impl(cfg, record, now, sig, ask_reason::no_record);
}

state evaluate_cookie(const config& cfg, std::string_view cookie_header, std::int64_t now,
                      const signals& sig, std::optional<consent_record>* stored) {
  if (sig.verified_crawler) return evaluate(cfg, nullptr, now, sig);
  auto found = find_cookie(cookie_header, cfg.cookie.stored_name());
  if (!found) {
    state st = evaluate_impl(cfg, nullptr, now, sig, ask_reason::invalid_record);
    st.record_error = found.err().code;
    return st;
  }
  if (!found.value()) return evaluate(cfg, nullptr, now, sig);
  auto decoded = decode(*found.value(), now);
  if (!decoded) {
    state st = evaluate_impl(cfg, nullptr, now, sig, ask_reason::invalid_record);
    st.record_error = decoded.err().code;
    // A record dated too far ahead is the only refusal that time alone lifts: it
    // decodes once `now + max_clock_skew` reaches its date.
    if (decoded.err().code == errc::record_future) {
      if (auto later = decode(*found.value(), max_decodable_timestamp))
        valid_before(st, now, later.value().updated - max_clock_skew);
    }
    return st;
  }
  if (stored) *stored = decoded.value();
  return evaluate(cfg, &decoded.value(), now, sig);
}

}  // namespace cookiegate
