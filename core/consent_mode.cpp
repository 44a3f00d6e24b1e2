#include "consent_mode.hpp"

namespace cookiegate {

namespace {
constexpr std::array<std::string_view, consent_signal_count> names = {
    "ad_storage",         "ad_user_data",          "ad_personalization",
    "analytics_storage",  "functionality_storage", "personalization_storage",
    "security_storage",
};
}  // namespace

std::string_view signal_name(consent_signal s) noexcept {
  return names[static_cast<std::size_t>(s)];
}

std::optional<consent_signal> parse_signal(std::string_view name) noexcept {
  for (std::size_t i = 0; i < names.size(); ++i)
    if (names[i] == name) return static_cast<consent_signal>(i);
  return std::nullopt;
}

bool is_tracking_signal(consent_signal s) noexcept {
  return s != consent_signal::functionality_storage && s != consent_signal::security_storage;
}

}  // namespace cookiegate
