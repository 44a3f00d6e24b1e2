// Policy versions: MAJOR.MINOR.PATCH, and what a change between two of them demands.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cookiegate {

struct version {
  std::uint32_t major = 0;
  std::uint32_t minor = 0;
  std::uint32_t patch = 0;

  friend bool operator==(const version& a, const version& b) {
    return a.major == b.major && a.minor == b.minor && a.patch == b.patch;
  }
  friend bool operator!=(const version& a, const version& b) { return !(a == b); }
  friend bool operator<(const version& a, const version& b) {
    if (a.major != b.major) return a.major < b.major;
    if (a.minor != b.minor) return a.minor < b.minor;
    return a.patch < b.patch;
  }
  friend bool operator>(const version& a, const version& b) { return b < a; }
  friend bool operator<=(const version& a, const version& b) { return !(b < a); }
  friend bool operator>=(const version& a, const version& b) { return !(a < b); }

  std::string to_string() const;
};

/// Largest value of one component; keeps the cookie encoding bounded.
inline constexpr std::uint32_t max_version_component = 999999;

/// Strict "MAJOR.MINOR.PATCH": decimal digits, no sign, no leading zeros, no suffix,
/// each component at most max_version_component. Anything else is nullopt.
std::optional<version> parse_version(std::string_view text) noexcept;

/// What moving a visitor's consented version `from` to the current `to` requires.
enum class version_change {
  none,       ///< same version, or only PATCH raised: nothing to do
  notice,     ///< MINOR raised: consent stays valid, tell the visitor once
  reconsent,  ///< MAJOR raised: ask again before the change takes effect
  from_future ///< `from` is newer than `to`: never trust it, ask again
};

version_change classify_change(const version& from, const version& to) noexcept;

/// A calendar date "YYYY-MM-DD" as seconds since the Unix epoch at 00:00 UTC;
/// nullopt for anything malformed or out of 1970..9999.
std::optional<std::int64_t> parse_date(std::string_view text) noexcept;

}  // namespace cookiegate
