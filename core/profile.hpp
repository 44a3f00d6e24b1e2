// Regional profiles: which consent model applies to a visitor, and its expiry rules.
// A config without `regions` has no profiles and keeps the single opt-in model.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace cookiegate {

/// The consent model a profile applies. Sources:
///   opt_in  - GDPR Art. 6(1)(a), 7 and ePrivacy Directive Art. 5(3): nothing optional
///             before a clear affirmative act.
///   opt_out - US state privacy laws (CCPA/CPRA Cal. Civ. Code 1798.120, .135; Colorado
///             CPA C.R.S. 6-1-1306): optional processing runs until the visitor opts
///             out; sensitive data stays opt-in (CPA 6-1-1308(7)).
///   notice  - inform-only regimes: the visitor is told and may refuse.
///   pipl    - China's PIPL: consent (Art. 14), separate consent for providing data to
///             another handler (Art. 23), abroad (Art. 39) or sensitive data (Art. 29).
enum class consent_model : std::uint8_t { opt_in = 0, opt_out = 1, notice = 2, pipl = 3 };

/// "opt-in", "opt-out", "notice" or "pipl".
std::string_view model_name(consent_model m) noexcept;

/// An opt-out must hold at least 12 months before it is asked about again
/// (CCPA regulations, 11 CCR 7026(k)): refusals under opt-out are kept this long.
inline constexpr std::uint32_t min_opt_out_days = 365;
/// PIPL practice (MIIT notice [2020] No. 164 on apps): after a refusal, do not ask
/// again within 48 hours.
inline constexpr std::int64_t pipl_reprompt_seconds = 48 * 60 * 60;

struct profile {
  std::string selector;  ///< as written in `regions`: "US-CA", "DE", "EEA", "*", "unknown"
  consent_model model = consent_model::opt_in;
  std::uint32_t accept_days = 0;  ///< how long grants are kept (days)
  std::uint32_t reject_days = 0;  ///< how long refusals are kept (days)
};

}  // namespace cookiegate
