#include "withdrawal.hpp"

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

}  // namespace

withdrawal withdrawn(const state& before, const state& after) {
  withdrawal out;
  for (const auto& b : before.categories) {
    if (!b.allowed) continue;
    const category_state* a = find(after, b.id);
    if (!a || !a->allowed) out.categories.push_back(b.id);
    for (const auto& s : b.services)
      if (s.allowed && !service_allowed(a, s.id)) out.services.push_back({b.id, s.id});
  }
  return out;
}

}  // namespace cookiegate
