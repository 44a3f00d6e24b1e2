#include "cookie_header.hpp"

#include "json_writer.hpp"

namespace cookiegate {

namespace {
std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}
}  // namespace

result<std::optional<std::string>> find_cookie(std::string_view header,
                                               std::string_view name) {
  if (header.size() > max_cookie_header)
    return error{errc::input_too_large, "cookie",
                 "the cookie header is over " + detail::to_decimal(max_cookie_header) + " bytes"};
  std::optional<std::string> found;
  while (!header.empty()) {
    const auto semi = header.find(';');
    std::string_view pair = header.substr(0, semi);
    header = semi == std::string_view::npos ? std::string_view{} : header.substr(semi + 1);
    pair = trim(pair);
    const auto eq = pair.find('=');
    if (eq == std::string_view::npos) continue;
    if (trim(pair.substr(0, eq)) != name) continue;
    if (found)
      return error{errc::record_duplicate, "cookie",
                   "more than one cookie named \"" + std::string(name) +
                       "\" is visible (one may have been set by another subdomain); "
                       "none of them is trusted"};
    std::string_view value = trim(pair.substr(eq + 1));
    // Browsers and servers may quote a value; a quoted value is unwrapped once.
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
      value = value.substr(1, value.size() - 2);
    found = std::string(value);
  }
  return found;
}

}  // namespace cookiegate
