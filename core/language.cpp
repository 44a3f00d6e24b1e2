#include "language.hpp"

#include <algorithm>
#include <cctype>

#include "codec.hpp"
#include "lexical.hpp"

namespace cookiegate {

namespace {

using detail::ascii_lower;

bool letters(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

bool digits(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// CLDR's likely scripts for Chinese: the regions that write Traditional characters;
// every other region, and none, defaults to Simplified.
std::string default_script(std::string_view language, std::string_view region) {
  if (language != "zh") return {};
  return region == "tw" || region == "hk" || region == "mo" ? "hant" : "hans";
}

}  // namespace

bool is_language_tag(std::string_view s) noexcept {
  if (s.empty() || s.size() > max_language_tag) return false;
  std::size_t part = 0, len = 0;
  for (std::size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == '-') {
      if (len == 0 || len > 8) return false;
      ++part;
      len = 0;
      continue;
    }
    const auto c = static_cast<unsigned char>(s[i]);
    if (part == 0 ? !std::isalpha(c) : !std::isalnum(c)) return false;
    ++len;
  }
  const auto first = s.find('-');
  return (first == std::string_view::npos ? s.size() : first) >= 2;
}

language_parts split_language_tag(std::string_view tag) {
  language_parts p;
  const std::string t = ascii_lower(tag);
  std::size_t pos = 0, index = 0;
  while (pos <= t.size()) {
    const std::size_t end = std::min(t.find('-', pos), t.size());
    const std::string_view sub = std::string_view(t).substr(pos, end - pos);
    pos = end + 1;
    if (index++ == 0) {
      p.language = std::string(sub);
      continue;
    }
    // language-extlang-script-region-...: extlangs (three letters) are skipped; a
    // singleton ("x", "u", ...) starts extensions, which say nothing we compare.
    if (sub.size() == 3 && letters(sub) && p.script.empty() && p.region.empty())
      continue;
    if (sub.size() == 4 && letters(sub) && p.script.empty() && p.region.empty())
      p.script = std::string(sub);
    else if (p.region.empty() && ((sub.size() == 2 && letters(sub)) ||
                                  (sub.size() == 3 && digits(sub))))
      p.region = std::string(sub);
    else
      break;
  }
  if (p.script.empty()) p.script = default_script(p.language, p.region);
  return p;
}

std::string negotiate_language(const config& cfg, const std::vector<std::string>& preferences) {
  if (cfg.languages.empty()) return "en";
  std::vector<language_parts> offered;
  for (const auto& l : cfg.languages) offered.push_back(split_language_tag(l));
  for (const auto& pref : preferences) {
    const std::string p = ascii_lower(pref);
    if (p.empty()) continue;
    for (const auto& l : cfg.languages)
      if (ascii_lower(l) == p) return l;
    const language_parts want = split_language_tag(p);
    if (want.language.empty()) continue;
    // Same language and script: the same region first, else the first offered.
    const std::string* same_script = nullptr;
    for (std::size_t i = 0; i < offered.size(); ++i) {
      const auto& o = offered[i];
      if (o.language != want.language || want.script.empty() || o.script != want.script) continue;
      if (o.region == want.region) return cfg.languages[i];
      if (!same_script) same_script = &cfg.languages[i];
    }
    if (same_script) return *same_script;
    for (std::size_t i = 0; i < offered.size(); ++i)
      if (offered[i].language == want.language) return cfg.languages[i];
  }
  return cfg.languages.front();
}

text_direction direction_of(std::string_view tag) {
  // ISO 15924 codes of the right-to-left scripts (Unicode bidi class R/AL) that are
  // in use today; historic ones (Phoenician, Kharoshthi, ...) have no cookie banners.
  static constexpr std::string_view rtl_scripts[] = {"adlm", "arab", "aran", "hebr", "mand", "nkoo",
                                                     "rohg", "samr", "syrc", "thaa", "yezi"};
  // Languages whose likely script (CLDR likelySubtags) is one of those.
  static constexpr std::string_view rtl_languages[] = {
      "ar",  "arc", "ckb", "dv",  "fa",  "he",  "iw",  "ji",  "khw", "ks",  "lrc",
      "mzn", "nqo", "pnb", "ps",  "sd",  "sdh", "syr", "ug",  "ur",  "yi"};
  const language_parts p = split_language_tag(tag);
  const auto in = [](const auto& list, std::string_view x) {
    return std::find(std::begin(list), std::end(list), x) != std::end(list);
  };
  // An explicit script decides (az-Arab, ku-Latn); the only inferred ones, Chinese
  // Hans/Hant, are left-to-right.
  if (!p.script.empty()) return in(rtl_scripts, p.script) ? text_direction::rtl : text_direction::ltr;
  return in(rtl_languages, p.language) ? text_direction::rtl : text_direction::ltr;
}

std::string_view direction_name(text_direction d) noexcept {
  return d == text_direction::rtl ? "rtl" : "ltr";
}

}  // namespace cookiegate
