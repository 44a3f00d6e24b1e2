#include "region.hpp"

#include <algorithm>
#include <array>
#include <cstdint>

namespace cookiegate {

std::string_view model_name(consent_model m) noexcept {
  switch (m) {
    case consent_model::opt_in: return "opt-in";
    case consent_model::opt_out: return "opt-out";
    case consent_model::notice: return "notice";
    case consent_model::pipl: return "pipl";
  }
  return "opt-in";
}

namespace {

bool upper(char c) { return c >= 'A' && c <= 'Z'; }
bool upper_or_digit(char c) { return upper(c) || (c >= '0' && c <= '9'); }

// The 249 officially assigned ISO 3166-1 alpha-2 codes (ISO 3166 Maintenance Agency,
// as in Debian's iso-codes iso_3166-1.json): bit (second letter - 'A') of row (first
// letter - 'A'). Everything else names no country and is a placeholder: user-assigned
// codes (AA, QM-QZ, XA-XZ, ZZ; CDNs use XX, and some XK), exceptionally reserved ones
// (EU, UN, EZ, UK), old MaxMind continent codes (EU, AP) and unassigned pairs (OO).
constexpr std::uint32_t assigned_iso3166[26] = {
    0x2df5978, 0x36f7bfb, 0x3f27ded, 0x2005610, 0x00e00d4, 0x0025700, 0x15fb9fb,
    0x01a3400, 0x00f7818, 0x000d010, 0x342b1d0, 0x13e0507, 0x3fffcfd, 0x212c975,
    0x0001000, 0x14e3cf1, 0x0000001, 0x0544010, 0x3ae7fdf, 0x26a7eec, 0x3041041,
    0x0102155, 0x0040020, 0x0000000, 0x0080010, 0x0401001};

// `cc`: two upper-case letters.
bool placeholder(std::string_view cc) {
  return !((assigned_iso3166[cc[0] - 'A'] >> (cc[1] - 'A')) & 1u);
}

}  // namespace

std::optional<std::string> canonical_region(std::string_view region) {
  if (region.size() != 2 && (region.size() < 4 || region.size() > 6)) return std::nullopt;
  std::string out(region);
  for (auto& c : out)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  if (!upper(out[0]) || !upper(out[1]) || placeholder(out.substr(0, 2))) return std::nullopt;
  if (out.size() == 2) return out;
  if (out[2] != '-') return std::nullopt;
  for (std::size_t i = 3; i < out.size(); ++i)
    if (!upper_or_digit(out[i])) return std::nullopt;
  return out;
}

bool in_eea(std::string_view cc) noexcept {
  static constexpr std::array<std::string_view, 30> eea = {
      "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE",
      "IS", "IT", "LI", "LT", "LU", "LV", "MT", "NL", "NO", "PL", "PT", "RO", "SE", "SI", "SK"};
  return std::find(eea.begin(), eea.end(), cc) != eea.end();
}

bool is_region_selector(std::string_view s) {
  if (s == "EEA" || s == "*" || s == unknown_selector) return true;
  const auto c = canonical_region(s);
  return c && *c == s;
}

bool gpc_binding(std::string_view canonical) noexcept {
  return canonical == "US-CA" || canonical == "US-CO";
}

const profile& resolve_profile(const std::vector<profile>& profiles, std::string_view region) {
  auto find = [&](std::string_view sel) -> const profile* {
    for (const auto& p : profiles)
      if (p.selector == sel) return &p;
    return nullptr;
  };
  if (const auto c = canonical_region(region)) {
    const std::string_view cc = std::string_view(*c).substr(0, 2);
    if (c->size() > 2)
      if (const auto* p = find(*c)) return *p;
    if (const auto* p = find(cc)) return *p;
    if (in_eea(cc))
      if (const auto* p = find("EEA")) return *p;
    if (const auto* p = find("*")) return *p;
  }
  if (const auto* p = find(unknown_selector)) return *p;
  // Unreachable for a validated config (it always has "unknown"); opt-in regardless.
  static const profile fallback{std::string(unknown_selector), consent_model::opt_in, 0, 0};
  return fallback;
}

}  // namespace cookiegate
