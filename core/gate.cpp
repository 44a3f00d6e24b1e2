#include "gate.hpp"

namespace cookiegate {

bool is_allowed(const state& st, std::string_view category, std::string_view service) noexcept {
  for (const auto& c : st.categories) {
    if (c.id != category) continue;
    if (!c.allowed) return false;
    if (service.empty()) return true;
    for (const auto& s : c.services)
      if (s.id == service) return s.allowed;
    return false;
  }
  return false;
}

}  // namespace cookiegate
