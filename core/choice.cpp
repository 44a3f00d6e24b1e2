#include "choice.hpp"

#include <algorithm>

#include "evaluate.hpp"
#include "json_writer.hpp"
#include "language.hpp"
#include "notice.hpp"
#include "region.hpp"

namespace cookiegate {

namespace {

// Keys are unique within a config (parse_config refuses collisions), so any sort gives
// the same order. An insertion sort over at most 32 categories or 128 services costs
// nothing, and its two instantiations are a few dozen bytes of wasm where std::sort's
// (introsort, heap sort, insertion sorts) were 2.4 KB.
template <class Decision>
void sort_by_key(std::vector<Decision>& list) {
  for (std::size_t i = 1; i < list.size(); ++i)
    for (std::size_t j = i; j > 0 && list[j].key < list[j - 1].key; --j)
      std::swap(list[j], list[j - 1]);
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

// A service named in a choice together with a category that cannot hold it: a caller's
// mistake, said rather than dropped or widened. One builder for both mismatches keeps
// the .wasm's string code once.
error service_mismatch(const std::string& id, const std::string& owner, const char* fix) {
  return error{errc::choice_invalid, "services." + id, "\"" + id + "\" is a service of \"" + owner + "\"" + fix};
}

// An id the config does not have, with the ids there are as its fix. Appended in
// place: each std::string temporary of a chain of `+` costs the .wasm bytes.
error unknown_id(const config& cfg, const std::string& id, bool as_service) {
  std::string m = as_service ? "the config has no service \"" : "the config has no category \"";
  m += id;
  m += as_service ? "\"; its services:" : "\"; its categories:";
  const auto head = m.size();
  for (const auto& c : cfg.categories) {
    if (!as_service) ((m += ' ') += c.id) += ',';
    else
      for (const auto& v : c.services) ((m += ' ') += v.id) += ',';
  }
  if (m.size() == head) m += " none";
  else m.pop_back();
  return error{as_service ? errc::choice_unknown_service : errc::choice_unknown_category,
               (as_service ? "services." : "categories.") + id, std::move(m)};
}

}  // namespace

result<consent_record> apply_choice(const config& cfg, const consent_record* prior,
                                    const choice& c, std::int64_t now,
                                    std::string_view random, std::string language, bool gpc,
                                    std::string_view region) {
  for (const auto& [id, granted] : c.categories) {
    const auto* cat = cfg.find_category(id);
    if (!cat) return unknown_id(cfg, id, false);
    if (cat->required && !granted)
      return error{errc::choice_required, "categories." + id,
                   "\"" + id + "\" is strictly necessary and cannot be refused"};
  }
  for (const auto& [id, granted] : c.services)
    if (!cfg.find_service(id)) return unknown_id(cfg, id, true);
  if (c.kind == choice_kind::allow) {
    // Only grants, and a service only together with the category that holds it: a
    // mismatch is a caller's mistake, never a wider grant.
    if (c.categories.empty())
      return error{errc::choice_invalid, "categories", "allow needs the category to allow"};
    for (const auto& [id, granted] : c.categories)
      if (!granted)
        return error{errc::choice_invalid, "categories." + id,
                     "allow only grants; refuse with a custom choice"};
    for (const auto& [id, granted] : c.services) {
      const category* owner = nullptr;
      cfg.find_service(id, &owner);
      if (!granted)
        return error{errc::choice_invalid, "services." + id,
                     "allow only grants; refuse with a custom choice"};
      if (!listed(c.categories, owner->id)) return service_mismatch(id, owner->id, "; allow that category with it");
    }
  }
  if (!is_language_tag(language))
    return error{errc::choice_invalid, "language", "must be a language tag like \"en\""};
  if (!prior && random.size() < consent_id_bytes)
    return error{errc::choice_random, "random",
                 "a new consent id needs " + detail::to_decimal(consent_id_bytes) + " random bytes"};

  const version current = effective_policy(cfg, now);
  // Earlier decisions carry over only while they are still valid for this policy.
  const version_change change =
      prior ? classify_change(prior->policy, current) : version_change::none;
  const bool prior_usable =
      prior && change != version_change::reconsent && change != version_change::from_future;
  const bool honour_gpc = gpc && cfg.gpc.honour;
  // A visitor may switch to stricter rules, never to laxer ones: only where the
  // region's own model runs optional processing by default.
  if (c.kind == choice_kind::stricter) {
    const profile* own = profile_for(cfg, region);
    if (!own || (own->model != consent_model::opt_out && own->model != consent_model::notice))
      return error{errc::choice_invalid, "kind",
                   "stricter is offered only where the region's profile is opt-out or notice "
                   "(state.regional.stricterOffered); here nothing in the config is stricter"};
  }
  const bool stricter = c.kind == choice_kind::stricter || (prior && prior->stricter);
  const profile* pr = profile_for(cfg, region, stricter);
  const consent_model model = pr ? pr->model : consent_model::opt_in;
  const bool runs_by_default = model == consent_model::opt_out || model == consent_model::notice;
  const bool pipl = model == consent_model::pipl;
  // Where GPC is binding (opt-out in US-CA, US-CO) it beats a stored grant.
  const std::string canonical = canonical_region(region).value_or("");
  const bool gpc_binding_here = model == consent_model::opt_out && gpc_binding(canonical);
  // An opt-out outlives a MAJOR policy change (evaluate's rule).
  const bool refusals_carry = runs_by_default && prior && change == version_change::reconsent;

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
    case choice_kind::custom:
    case choice_kind::allow: r.method = consent_method::custom; break;
    case choice_kind::gpc_default: r.method = consent_method::gpc_default; break;
    case choice_kind::dismiss:
      // Under opt-in and pipl a refusal of what was not decided; the earlier decisions
      // that stand are kept (below), and a grant among them makes it custom there.
      r.method = runs_by_default ? consent_method::custom : consent_method::reject_all;
      break;
    case choice_kind::stricter: r.method = prior ? prior->method : consent_method::custom; break;
  }
  if (pr) {
    r.profile = pr->selector;
    r.region = canonical;
    r.model = model;
    r.gpc_consented = prior_usable && prior->gpc_consented;
    r.stricter = stricter;
  }
  r.gpc_applied = c.kind == choice_kind::gpc_default && gpc && (cfg.gpc.honour || gpc_binding_here);
  // A GPC default is written by the runtime, never by a click.
  r.source = c.kind == choice_kind::gpc_default ? consent_source::api : c.source;
  r.language = std::move(language);

  for (const auto& cat : cfg.categories) {
    // A category decision carries over only while it still stands (evaluate's rule);
    // the decisions on the services it was granted with carry over as long as it was
    // granted at this revision, so a service added since does not reset the others.
    const category_decision* earlier = prior_usable ? find_by_key(prior->categories, cat.key) : nullptr;
    if (earlier && earlier->revision != cat.revision) earlier = nullptr;
    const category_decision* before =
        earlier && category_decision_status(cat, *prior, pipl) == decision_status::current ? earlier : nullptr;
    if (!before && refusals_carry)
      if (const auto* d = find_by_key(prior->categories, cat.key); d && !d->granted) before = d;
    bool granted = false;
    bool decided = true;
    bool chosen = true;
    if (cat.required) {
      granted = true;
    } else {
      switch (c.kind) {
        case choice_kind::accept_all: granted = true; break;
        case choice_kind::reject_all: granted = false; break;
        case choice_kind::custom:
          if (const bool* v = listed(c.categories, cat.id)) granted = *v;
          else if (before) granted = before->granted, chosen = before->chosen;
          else if (runs_by_default) decided = false;  // the default runs; nothing written
          break;
        case choice_kind::allow:
          if (listed(c.categories, cat.id)) granted = true;
          else if (before) granted = before->granted, chosen = before->chosen;
          else decided = false;  // still to be asked
          break;
        case choice_kind::dismiss:
          // Nothing is written as consent: earlier decisions stand, and under opt-in
          // and pipl the rest is refused without a click.
          if (before) granted = before->granted, chosen = before->chosen;
          else if (runs_by_default) decided = false;
          else chosen = false;
          break;
        case choice_kind::stricter:
          // Earlier decisions carry across profiles (a grant was always chosen); what
          // only ran by default is not one, and the opt-in rules now in force ask.
          if (before) granted = before->granted, chosen = before->chosen;
          else decided = false;
          break;
        case choice_kind::gpc_default: {
          // Under opt-out and notice the signal opts out of sale and sharing only
          // (evaluate's rule), and is binding where the law makes it so (opt-out only).
          const bool refused_by_gpc =
              runs_by_default
                  ? gpc && cat.sale_or_sharing && (cfg.gpc.honour || gpc_binding_here)
                  : honour_gpc && std::find(cfg.gpc.categories.begin(), cfg.gpc.categories.end(),
                                            cat.id) != cfg.gpc.categories.end();
          // Categories the signal does not cover stay undecided, so they are still asked.
          if (refused_by_gpc) chosen = false;
          else if (before) granted = before->granted, chosen = before->chosen;
          else decided = false;
          break;
        }
      }
    }
    // A service granted in a category that stays refused cannot run, and one decided in
    // a category left undecided (opt-out, notice: it runs by default) decides nothing:
    // dropping either would leave the caller believing it was saved (a refusal too).
    if (!granted && c.kind == choice_kind::custom)
      for (const auto& s : cat.services)
        if (const bool* v = listed(c.services, s.id); v && (*v || !decided))
          return service_mismatch(s.id, cat.id, ", which this choice does not grant: set that category to true in it too, or leave the service out");
    if (!decided) continue;

    // A granted optional category records a decision for every service it was granted
    // with: a service added later has none, and evaluate() asks for it instead of
    // letting it ride on this grant. Accept all grants every service. `allow` only
    // grants: the services it names are switched on, the others of a category granted
    // before keep their decisions (one never decided stays undecided, so it is asked),
    // and a category granted just now gets only the named ones (all, when none is named).
    std::vector<service_decision> services, separate;
    if (granted && !cat.required) {
      const bool kept = earlier && earlier->granted;
      const bool names_services =
          c.kind == choice_kind::allow &&
          std::any_of(cat.services.begin(), cat.services.end(),
                      [&](const service& s) { return listed(c.services, s.id) != nullptr; });
      for (const auto& s : cat.services) {
        // pipl: a separate consent stored under another model is not carried over.
        const service_decision* o = kept ? separate_decision(*prior, s, pipl) : nullptr;
        bool on = true;
        // pipl: a separate consent is given only by a choice naming the service.
        if (pipl && s.needs_separate_consent() && c.kind != choice_kind::reject_all) {
          const bool* v = listed(c.services, s.id);
          if (!v && !o) continue;
          separate.push_back({s.key, v ? *v : o->granted});
          continue;
        }
        if (c.kind == choice_kind::accept_all) {
          on = true;
        } else if (c.kind == choice_kind::allow) {
          if (listed(c.services, s.id)) on = true;
          else if (kept && !o) continue;
          else on = kept ? o->granted : !names_services;
        } else if (const bool* v = c.kind == choice_kind::custom ? listed(c.services, s.id) : nullptr) {
          on = *v;
        } else if (o) {
          on = o->granted;
        }
        services.push_back({s.key, on});
      }
      // Every service switched off is a refusal of the category, stored as such.
      if (!services.empty() &&
          std::none_of(services.begin(), services.end(), [](const service_decision& d) { return d.granted; })) {
        granted = false;
        services.clear();
        separate.clear();
      }
      services.insert(services.end(), separate.begin(), separate.end());
    }
    // A sale/sharing grant made by THIS choice while GPC is on, where the signal is
    // binding: the visitor was told of the conflict and consented anyway. A grant
    // carried forward from before the signal, or any other choice, does not lift it.
    if (granted && cat.sale_or_sharing && gpc && gpc_binding_here) {
      const bool* v = listed(c.categories, cat.id);
      const bool explicit_grant =
          c.kind == choice_kind::accept_all ||
          ((c.kind == choice_kind::custom || c.kind == choice_kind::allow) && v && *v);
      if (explicit_grant) r.gpc_consented = true;
    }
    // A dismiss that keeps an earlier grant is no "reject all" (see the method above).
    if (granted && !cat.required && c.kind == choice_kind::dismiss) r.method = consent_method::custom;
    // Without `regions` the record is format 1, which does not store `chosen`.
    r.categories.push_back({cat.key, cat.revision, granted, chosen || !pr});
    r.services.insert(r.services.end(), services.begin(), services.end());
  }
  sort_by_key(r.categories);
  sort_by_key(r.services);

  // `acknowledged` is the last policy version the visitor was shown and told about.
  // Consent must be specific and informed (GDPR Art. 4(11)): a record may claim only
  // what was on screen. Every banner links the policy in force, so a choice
  // acknowledges `current`. An announced upcoming change is shown only by its own
  // notice (prompt notice, kind upcoming; the first-visit and re-consent banners do
  // not mention it), so a choice acknowledges it only when made while that notice was
  // the prompt; otherwise the visitor still gets the notice later, before or after
  // the change takes effect. gpc_default shows nothing, so it adds nothing either.
  r.acknowledged = std::max(prior ? prior->acknowledged : version{}, current);
  const auto& up = cfg.policy.upcoming;
  if (up && now < up->effective && prior && c.kind != choice_kind::gpc_default) {
    const state shown = evaluate(cfg, prior, now, signals{gpc, std::string(region)});
    if (shown.prompt == prompt_kind::notice && shown.notice == notice_kind::upcoming)
      r.acknowledged = std::max(r.acknowledged, shown.notice_version);
  }
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
