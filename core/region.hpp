// Regions as the site's server names them (ISO 3166-1 alpha-2 country or ISO 3166-2
// subdivision, e.g. from a CDN's CF-IPCountry header) and the selectors of the config's
// `regions` that match them. CookieGate never geolocates: the region is an input.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "profile.hpp"

namespace cookiegate {

/// The profile selector every unrecognised region falls to (fail closed: opt-in).
inline constexpr std::string_view unknown_selector = "unknown";

/// A region in canonical upper case ("US-CA", "DE"), or nullopt when it is missing,
/// malformed ("usa", "T1", "") or an ISO placeholder for "no country" (user-assigned
/// codes AA, QM-QZ, XA-XZ, ZZ: CDNs send XX for unknown).
std::optional<std::string> canonical_region(std::string_view region);

/// Whether `country` (alpha-2) is in the EEA: the EU's 27 members plus Iceland,
/// Liechtenstein and Norway (EEA Agreement, Art. 2 and Protocol 1).
bool in_eea(std::string_view country) noexcept;

/// Whether a selector of `regions` is well formed: a canonical region, "EEA", "*" or
/// "unknown".
bool is_region_selector(std::string_view selector);

/// Regions where the Global Privacy Control signal is a binding opt-out of sale and
/// sharing: California (11 CCR 7025) and Colorado (C.R.S. 6-1-1306(1)(a)(IV);
/// 4 CCR 904-3 Part 5).
bool gpc_binding(std::string_view canonical) noexcept;

/// The profile for `region`: subdivision, then its country, then "EEA", then "*";
/// anything else (and any region canonical_region() refuses) gets "unknown".
/// `profiles` always holds an "unknown" entry once the config is validated.
const profile& resolve_profile(const std::vector<profile>& profiles, std::string_view region);

}  // namespace cookiegate
