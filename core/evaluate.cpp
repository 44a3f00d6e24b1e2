#include "evaluate.hpp"

#include <algorithm>

#include "codec.hpp"
#include "cookie_header.hpp"
#include "notice.hpp"

namespace cookiegate {

version effective_policy(const config& cfg, std::int64_t now) noexcept {
  const auto& up = cfg.policy.upcoming;
  return up && now >= up->effective ? up->ver : cfg.policy.ver;
}

std::int64_t record_expiry(const config& cfg, const consent_record& record) noexcept {
  bool granted = false, refused = false;
  for (const auto& c : cfg.categories) {
    if (c.required) continue;
    for (const auto& d : record.categories)
      if (d.key == c.key) (d.granted ? granted : refused) = true;
  }
  std::uint32_t days = std::min(cfg.expiry.accept_days, cfg.expiry.reject_days);
  if (granted && !refused) days = cfg.expiry.accept_days;
  if (refused && !granted) days = cfg.expiry.reject_days;
  return record.updated + std::int64_t{days} * 86400;
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

decision_status category_decision_status(const category& c, const consent_record& r) noexcept {
  const auto* d = find_decision(r, c.key);
  if (!d) return decision_status::missing;
  if (d->revision != c.revision) return decision_status::revised;
  if (d->granted)
    for (const auto& s : c.services)
      if (!find_service_decision(r, s.key)) return decision_status::service_added;
  return decision_status::current;
}

namespace {

// Narrows the validity window to `at` when that instant lies after `now`: every time
// comparison in evaluate/decode reports its switching instant through here.
void valid_before(state& st, std::int64_t now, std::int64_t at) {
  if (at > now && (!st.valid_until || at < *st.valid_until)) st.valid_until = at;
}

// A signal is granted only when something declares it and everything that declares
// it is allowed: a refused service must not ride on a granted sibling's signal.
void derive_consent_mode(const config& cfg, state& st) {
  std::array<int, consent_signal_count> declared{}, allowed{};
  for (std::size_t i = 0; i < cfg.categories.size(); ++i) {
    const auto& c = cfg.categories[i];
    const auto& cs = st.categories[i];
    for (auto s : c.consent_mode) {
      ++declared[static_cast<std::size_t>(s)];
      if (cs.allowed) ++allowed[static_cast<std::size_t>(s)];
    }
    for (std::size_t k = 0; k < c.services.size(); ++k)
      for (auto s : c.services[k].consent_mode) {
        ++declared[static_cast<std::size_t>(s)];
        if (cs.services[k].allowed) ++allowed[static_cast<std::size_t>(s)];
      }
  }
  for (std::size_t s = 0; s < consent_signal_count; ++s)
    st.consent_mode[s] = declared[s] > 0 && declared[s] == allowed[s];
}

state evaluate_impl(const config& cfg, const consent_record* record, std::int64_t now,
                    const signals& sig, ask_reason no_record_reason) {
  state st;
  st.policy = effective_policy(cfg, now);
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

  // Which stored record, if any, still stands.
  bool record_valid = false;
  st.reason = no_record_reason;
  if (record) {
    // Expiry ends a valid record, and turns a future-version refusal into "expired".
    valid_before(st, now, record_expiry(cfg, *record));
    const auto change = classify_change(record->policy, st.policy);
    if (now >= record_expiry(cfg, *record)) {
      st.reason = ask_reason::expired;
    } else if (change == version_change::from_future) {
      st.reason = ask_reason::future_version;
    } else {
      record_valid = true;
      st.record = *record;
      st.expires_at = record_expiry(cfg, *record);
      if (change == version_change::reconsent) {
        st.reason = ask_reason::major_update;
      } else {
        st.reason = ask_reason::none;
        for (std::size_t i = 0; i < cfg.categories.size(); ++i) {
          const auto& c = cfg.categories[i];
          auto& cs = st.categories[i];
          if (c.required) continue;
          const auto status = category_decision_status(c, *record);
          if (status != decision_status::current) {
            // Asked again like a raised revision; a revision or a new category is the
            // larger change, so it names the reason when both happen.
            cs.changed = true;
            if (status != decision_status::service_added) st.reason = ask_reason::category_changed;
            else if (st.reason == ask_reason::none) st.reason = ask_reason::service_added;
            continue;
          }
          const auto* d = find_decision(*record, c.key);
          cs.ask = false;
          cs.allowed = d->granted;
          // A granted category has a decision for every service (status current).
          for (std::size_t k = 0; k < c.services.size(); ++k) {
            const auto* o = find_service_decision(*record, c.services[k].key);
            cs.services[k].allowed = d->granted && o && o->granted;
          }
        }
      }
    }
  }

  // Global Privacy Control is a standing refusal for every honoured category that
  // has no current explicit decision; an explicit choice stored later wins.
  if (sig.gpc && cfg.gpc.honour) {
    for (auto& cs : st.categories) {
      if (!cs.ask) continue;
      if (std::find(cfg.gpc.categories.begin(), cfg.gpc.categories.end(), cs.id) ==
          cfg.gpc.categories.end())
        continue;
      cs.ask = false;
      cs.gpc = true;
      st.gpc_applied = true;
    }
  }
  if (record_valid && record->gpc_applied) st.gpc_applied = true;

  const bool any_ask = std::any_of(st.categories.begin(), st.categories.end(),
                                   [](const category_state& c) { return c.ask; });
  if (any_ask)
    st.prompt = record_valid ? prompt_kind::reconsent : prompt_kind::consent;
  else
    st.prompt = prompt_kind::none;

  const auto pending = pending_notice(cfg, record_valid ? record : nullptr, now);
  st.notice = pending.kind;
  st.notice_version = pending.ver;
  if (pending.kind == notice_kind::upcoming) st.notice_effective = cfg.policy.upcoming->effective_date;
  if (st.prompt == prompt_kind::none && st.notice != notice_kind::none && record_valid)
    st.prompt = prompt_kind::notice;

  derive_consent_mode(cfg, st);
  return st;
}

}  // namespace

state evaluate(const config& cfg, const consent_record* record, std::int64_t now,
               const signals& sig) {
  return evaluate_impl(cfg, record, now, sig, ask_reason::no_record);
}

state evaluate_cookie(const config& cfg, std::string_view cookie_header, std::int64_t now,
                      const signals& sig) {
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
  return evaluate(cfg, &decoded.value(), now, sig);
}

}  // namespace cookiegate
