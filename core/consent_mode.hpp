// Google Consent Mode v2 signal names, the only ones a config may declare.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace cookiegate {

enum class consent_signal : std::uint8_t {
  ad_storage,
  ad_user_data,
  ad_personalization,
  analytics_storage,
  functionality_storage,
  personalization_storage,
  security_storage,
};

inline constexpr std::size_t consent_signal_count = 7;

/// Granted/denied for each signal, indexed by consent_signal.
using consent_signals = std::array<bool, consent_signal_count>;

std::string_view signal_name(consent_signal s) noexcept;
std::optional<consent_signal> parse_signal(std::string_view name) noexcept;

/// Signals that mean tracking (advertising, analytics, personalisation): a strictly
/// necessary category may not declare them, because it cannot be refused.
bool is_tracking_signal(consent_signal s) noexcept;

}  // namespace cookiegate
