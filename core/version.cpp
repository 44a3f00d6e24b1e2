#include "version.hpp"

#include "json_writer.hpp"

namespace cookiegate {

std::string version::to_string() const {
  return detail::to_decimal(major) + "." + detail::to_decimal(minor) + "." + detail::to_decimal(patch);
}

namespace {

// One decimal component without sign or leading zero; advances `pos`.
bool parse_component(std::string_view text, std::size_t& pos, std::uint32_t& out) {
  const std::size_t start = pos;
  std::uint64_t value = 0;
  while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
    value = value * 10 + static_cast<std::uint64_t>(text[pos] - '0');
    if (value > max_version_component) return false;
    ++pos;
  }
  if (pos == start) return false;
  if (text[start] == '0' && pos - start > 1) return false;
  out = static_cast<std::uint32_t>(value);
  return true;
}

}  // namespace

std::optional<version> parse_version(std::string_view text) noexcept {
  version v;
  std::size_t pos = 0;
  if (!parse_component(text, pos, v.major)) return std::nullopt;
  if (pos >= text.size() || text[pos++] != '.') return std::nullopt;
  if (!parse_component(text, pos, v.minor)) return std::nullopt;
  if (pos >= text.size() || text[pos++] != '.') return std::nullopt;
  if (!parse_component(text, pos, v.patch)) return std::nullopt;
  if (pos != text.size()) return std::nullopt;
  return v;
}

version_change classify_change(const version& from, const version& to) noexcept {
  if (from > to) return version_change::from_future;
  if (from.major < to.major) return version_change::reconsent;
  if (from.minor < to.minor) return version_change::notice;
  return version_change::none;
}

namespace {

// Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar (H. Hinnant).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

}  // namespace

std::optional<std::int64_t> parse_date(std::string_view text) noexcept {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  auto digits = [&](std::size_t from, std::size_t n, unsigned& out) {
    out = 0;
    for (std::size_t i = from; i < from + n; ++i) {
      if (text[i] < '0' || text[i] > '9') return false;
      out = out * 10 + static_cast<unsigned>(text[i] - '0');
    }
    return true;
  };
  unsigned y = 0, m = 0, d = 0;
  if (!digits(0, 4, y) || !digits(5, 2, m) || !digits(8, 2, d)) return std::nullopt;
  if (y < 1970 || m < 1 || m > 12 || d < 1) return std::nullopt;
  static constexpr unsigned month_days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  const unsigned limit = month_days[m - 1] + (m == 2 && leap ? 1 : 0);
  if (d > limit) return std::nullopt;
  return days_from_civil(y, m, d) * 86400;
}

}  // namespace cookiegate
