#include "withdrawal.hpp"

#include "codec.hpp"

namespace cookiegate {

namespace {

const category_state* find(const state& st, const std::string& id) {
  for (const auto& c : st.categories)
    if (c.id == id) return &c;
  return nullptr;
}

bool service_allowed(const category_state* c, const std::string& id) {
  if (!c || !c->allowed) return false;
  for (const auto& s : c->services)
    if (s.id == id) return s.allowed;
  return false;
}

// A record's explicit refusal of a service of a category (a missing decision is none);
// as find_service_decision(record, service), also under the key of older records.
bool refuses(const consent_record& r, const std::string& category, const std::string& id) {
  const auto* d = find_service_decision(r, service_key(category, id));
  if (!d) d = find_service_decision(r, short_key(id));
  return d && !d->granted;
}

}  // namespace

withdrawal withdrawn(const state& before, const state& after) {
  return cleanup(before, after, nullptr, nullptr);
}

withdrawal cleanup(const state& before, const state& after, const consent_record* stored,
                   const consent_record* written) {
  withdrawal out;
  for (const auto& b : before.categories) {
    const category_state* a = find(after, b.id);
    const bool allowed = a && a->allowed;
    const category_decision* was = stored ? find_decision(*stored, short_key(b.id)) : nullptr;
    const category_decision* now = written ? find_decision(*written, short_key(b.id)) : nullptr;
    // `stored` granted the category and `written` decided it again: refused, or granted
    // with some of its services refused.
    const bool revisited = was && was->granted && now;
    if ((b.allowed || (revisited && !now->granted)) && !allowed) out.categories.push_back(b.id);
    for (const auto& s : b.services)
      if ((s.allowed || (revisited && !refuses(*stored, b.id, s.id) && (!now->granted || refuses(*written, b.id, s.id)))) &&
          !service_allowed(a, s.id))
        out.services.push_back({b.id, s.id});
  }
  return out;
}

}  // namespace cookiegate
