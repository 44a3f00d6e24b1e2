#include "lexical.hpp"

#include <algorithm>
#include <cctype>

namespace cookiegate::detail {

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool is_slug(std::string_view s) {
  if (s.empty() || s.size() > 40) return false;
  if (!std::islower(static_cast<unsigned char>(s[0])) && !std::isdigit(static_cast<unsigned char>(s[0])))
    return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  });
}


bool is_clean_text(std::string_view s) {
  return std::none_of(s.begin(), s.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return (u < 0x20 && c != '\n' && c != '\t') || u == 0x7F;
  });
}

bool is_url(std::string_view s) {
  if (s.empty() || s.size() > 2048) return false;
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7F || c == '"' || c == '<' || c == '>') return false;
  }
  const std::string l = ascii_lower(s.substr(0, 8));
  return l.rfind("https://", 0) == 0 || l.rfind("http://", 0) == 0 ||
         (s[0] == '/' && (s.size() == 1 || s[1] != '/')) || s.rfind("./", 0) == 0;
}

bool has_url_path(std::string_view s) {
  if (!s.empty() && s.back() == '*') return true;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == ':' && i > 0) {
      s.remove_prefix(i + 1);
      break;
    }
    const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (!letter && (i == 0 || !((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.'))) break;
  }
  if (s.substr(0, 2) == "//") s.remove_prefix(2);
  // A host and "/" alone, as an address bar shows one, is its home page only.
  const auto at = s.find('/');
  return at != s.npos && at + 1 < s.size();
}

bool is_cookie_token(std::string_view s) {
  if (s.empty() || s.size() > 64) return false;
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7F) return false;
    if (std::string_view("()<>@,;:\\\"/[]?={}").find(c) != std::string_view::npos) return false;
  }
  return true;
}

bool is_domain(std::string_view s) {
  if (s.size() > 253) return false;
  if (!s.empty() && s[0] == '.') s.remove_prefix(1);
  if (s.empty()) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
  });
}

bool is_cookie_path(std::string_view s) {
  if (s.empty() || s[0] != '/' || s.size() > 512) return false;
  return std::none_of(s.begin(), s.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u < 0x20 || u == 0x7F || c == ';';
  });
}

}  // namespace cookiegate::detail
