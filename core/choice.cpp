#include "choice.hpp"

#include <algorithm>

#include "evaluate.hpp"
#include "notice.hpp"

namespace cookiegate {

namespace {

bool valid_language(std::string_view s) {
  if (s.empty() || s.size() > 35) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
  });
}

template <class T>
const T* find_by_key(const std::vector<T>& list, std::uint32_t key) {
  for (const auto& d : list)
    if (d.key == key) return &d;
  return nullptr;
}

const bool* listed(const std::vector<std::pair<std::string, bool>>& list, std::string_view id) {
  for (const auto& [k, v] : list)
    if (k == id) return &v;
  return nullptr;
}

}  // namespace

result<consent_record> apply_choice(const config& cfg, const consent_record* prior,
                                    const choice& c, std::int64_t now,
                                    std::string_view random, std::string language, bool gpc) {
  for (const auto& [id, granted] : c.categories) {
    const auto* cat = cfg.find_category(id);
    if (!cat)
      return error{errc::choice_unknown_category, "categories." + id,
                   "the config has no category \"" + id + "\""};
    if (cat->required && !granted)
      return error{errc::choice_required, "categories." + id,
                   "\"" + id + "\" is strictly necessary and cannot be refused"};
  }
  for (const auto& [id, granted] : c.services)
    if (!cfg.find_service(id))
      return error{errc::choice_unknown_service, "services." + id,
                   "the config has no service \"" + id + "\""};
  if (!valid_language(language))
    return error{errc::choice_invalid, "language", "must be a language tag like \"en\""};
  if (!prior && random.size() < consent_id_bytes)
    return error{errc::choice_random, "random",
                 "a new consent id needs " + std::to_string(consent_id_bytes) + " random bytes"};

  const version current = effective_policy(cfg, now);
  // Earlier decisions carry over only while they are still valid for this policy.
  const bool prior_usable =
      prior && classify_change(prior->policy, current) != version_change::reconsent &&
      classify_change(prior->policy, current) != version_change::from_future;
  const bool honour_gpc = gpc && cfg.gpc.honour;

  consent_record r;
  if (prior) {
    r.id = prior->id;
    r.created = std::min(prior->created, now);
  } else {
    std::copy_n(reinterpret_cast<const std::uint8_t*>(random.data()), consent_id_bytes, r.id.begin());
    r.created = now;
  }
  r.updated = now;
  r.policy = current;
  switch (c.kind) {
    case choice_kind::accept_all: r.method = consent_method::accept_all; break;
    case choice_kind::reject_all: r.method = consent_method::reject_all; break;
    case choice_kind::custom: r.method = consent_method::custom; break;
    case choice_kind::gpc_default: r.method = consent_method::gpc_default; break;
  }
  r.gpc_applied = c.kind == choice_kind::gpc_default && honour_gpc;
  // A GPC default is written by the runtime, never by a click.
  r.source = c.kind == choice_kind::gpc_default ? consent_source::api : c.source;
  r.language = std::move(language);

  for (const auto& cat : cfg.categories) {
    const category_decision* before = prior_usable ? find_by_key(prior->categories, cat.key) : nullptr;
    if (before && before->revision != cat.revision) before = nullptr;
    bool granted = false;
    bool decided = true;
    if (cat.required) {
      granted = true;
    } else {
      switch (c.kind) {
        case choice_kind::accept_all: granted = true; break;
        case choice_kind::reject_all: granted = false; break;
        case choice_kind::custom:
          if (const bool* v = listed(c.categories, cat.id)) granted = *v;
          else if (before) granted = before->granted;
          break;
        case choice_kind::gpc_default: {
          const bool refused_by_gpc =
              honour_gpc && std::find(cfg.gpc.categories.begin(), cfg.gpc.categories.end(),
                                      cat.id) != cfg.gpc.categories.end();
          // Categories the signal does not cover stay undecided, so they are still asked.
          if (refused_by_gpc) granted = false;
          else if (before) granted = before->granted;
          else decided = false;
          break;
        }
      }
    }
    if (!decided) continue;

    std::vector<service_decision> overrides;
    if (granted && !cat.required && c.kind == choice_kind::custom) {
      for (const auto& s : cat.services) {
        bool on = true;
        if (const bool* v = listed(c.services, s.id)) on = *v;
        else if (before && before->granted)
          if (const auto* o = find_by_key(prior->services, s.key)) on = o->granted;
        if (!on) overrides.push_back({s.key, false});
      }
      // Every service switched off is a refusal of the category, stored as such.
      if (!cat.services.empty() && overrides.size() == cat.services.size()) {
        granted = false;
        overrides.clear();
      }
    }
    r.categories.push_back({cat.key, cat.revision, granted});
    r.services.insert(r.services.end(), overrides.begin(), overrides.end());
  }
  auto by_key = [](const auto& a, const auto& b) { return a.key < b.key; };
  std::sort(r.categories.begin(), r.categories.end(), by_key);
  std::sort(r.services.begin(), r.services.end(), by_key);

  // Choosing in a banner that showed the current policy (and any announced change)
  // acknowledges it.
  r.acknowledged = std::max(prior ? prior->acknowledged : version{}, current);
  if (cfg.policy.upcoming && now < cfg.policy.upcoming->effective && c.kind != choice_kind::gpc_default)
    r.acknowledged = std::max(r.acknowledged, cfg.policy.upcoming->ver);
  return r;
}

consent_record acknowledge(const config& cfg, consent_record record, std::int64_t now,
                           consent_source source) {
  record.source = source;
  const auto pending = pending_notice(cfg, &record, now);
  if (pending.kind != notice_kind::none) record.acknowledged = std::max(record.acknowledged, pending.ver);
  return record;
}

}  // namespace cookiegate
