// Language negotiation: which of the config's languages to show a visitor, from the
// visitor's preferences (BCP 47 tags, best first). Tags compare case-insensitively, as
// BCP 47 requires, and a tag's script is taken into account: Chinese written in
// Traditional characters (Hant) and in Simplified ones (Hans) are different texts to a
// reader, whatever regions the tags happen to name.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "config.hpp"

namespace cookiegate {

/// The parts of a tag negotiation compares, lower-cased. `script` is the explicit
/// script subtag, else the usual default for the language and region (zh: TW, HK and
/// MO -> hant; CN, SG, MY and no region -> hans), else empty.
struct language_parts {
  std::string language;  ///< primary subtag: "zh"
  std::string script;    ///< "hant", "hans", "latn", or "" when unknown
  std::string region;    ///< "tw", "419", or ""
};

language_parts split_language_tag(std::string_view tag);

/// Whether `s` is a language tag as CookieGate accepts one, in the config, in a choice
/// and in a stored record alike: BCP 47 syntax (RFC 5646 §2.1), subtags of 1 to 8
/// letters or digits joined by '-', the first of 2 to 8 letters, at most
/// max_language_tag (35) characters. Well-formedness only; no registry lookup.
bool is_language_tag(std::string_view s) noexcept;

/// Picks the language to show from the visitor's preferences, best first (e.g.
/// `<html lang>` then `navigator.languages`). For each preference in turn: an exact
/// tag, then a language with the same primary subtag and script (the same region
/// first), then one with the same primary subtag (`zh-Hans-CN` -> `zh`); when no
/// preference matches anything, the config's first language.
std::string negotiate_language(const config& cfg,
                               const std::vector<std::string>& preferences);

/// The base direction of text in a language (W3C "base direction"), what `dir`
/// says on the elements that show it.
enum class text_direction { ltr, rtl };

/// A tag's script subtag decides when it has one (Unicode script direction: Arab,
/// Hebr, Thaa, Syrc, Nkoo, Adlm, Rohg, Mand, Samr, ... are right-to-left; `az-Arab`
/// is RTL, `ku-Latn` LTR); otherwise the language's usual script does (CLDR likely
/// subtags: ar, he/iw, fa, ur, ps, yi/ji, dv, ckb, sd, ug, syr, ... are written
/// right-to-left). Anything unknown is left-to-right.
text_direction direction_of(std::string_view tag);

/// "ltr" or "rtl".
std::string_view direction_name(text_direction d) noexcept;

}  // namespace cookiegate
