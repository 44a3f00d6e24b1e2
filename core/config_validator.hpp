// The machinery every part of the config schema is checked with: typed reads of JSON
// values that fill a field or record the first error, with its path (`categories[2].id`)
// and a message that says what to write instead. The schema itself (which fields
// exist, their defaults and the rules between them) is in config.cpp.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config.hpp"
#include "consent_mode.hpp"
#include "error.hpp"
#include "strict_json.hpp"

namespace cookiegate::detail {

/// Most entries in any list of strings (scripts, cookies, languages, regions, ...).
inline constexpr std::size_t max_list = 64;
/// Longest text, in bytes, unless a field sets its own limit.
inline constexpr std::size_t max_text = 4096;

/// `s` in double quotes, as messages quote the values they refuse.
std::string dq(std::string_view s);

/// "an object", "a string", ...: the kind of `j` as a message names it.
std::string_view type_name(const json_value& j);

/// Keeps the first error; every check returns false once something is wrong, so that
/// parsing stops early without exceptions.
class validator {
 public:
  std::optional<error> failure;

  /// Records the error unless one is recorded already; always false.
  bool fail(errc code, const std::string& path, std::string message);
  bool ok() const { return !failure; }

  /// `j` is of kind `t`; `what` names it in the error ("an array of strings").
  bool expect(const json_value& j, json_value::kind t, const std::string& path,
              std::string_view what);

  /// A member the object must have, and what to write there, said in parentheses when it
  /// is missing: `is required (the link to the site's privacy policy, e.g. "/privacy")`.
  struct required_member {
    std::string_view key;
    std::string_view fix;
  };

  /// An object with only the `allowed` members, and every `required` one.
  bool members(const json_value& j, const std::string& path,
               std::initializer_list<std::string_view> allowed,
               std::initializer_list<required_member> required);

  /// `path.key`, or `key` at the top.
  static std::string join(const std::string& path, std::string_view key);
  /// `path[i]`.
  static std::string index(const std::string& path, std::size_t i);

  /// A non-empty clean text of at most `max_len` bytes.
  bool string(const json_value& j, const std::string& path, std::string& out,
              std::size_t max_len = max_text);
  bool boolean(const json_value& j, const std::string& path, bool& out);
  /// A whole number in [lo, hi]; out of range is `range_code`, its message ends with `hint`.
  bool integer(const json_value& j, const std::string& path, std::uint64_t lo, std::uint64_t hi,
               std::uint32_t& out, errc range_code = errc::config_invalid,
               const std::string& hint = {});
  /// At most max_list strings of at most `max_len` bytes each.
  bool string_list(const json_value& j, const std::string& path, std::vector<std::string>& out,
                   std::size_t max_len);
  /// Distinct Consent Mode v2 signal names.
  bool signal_list(const json_value& j, const std::string& path, std::vector<consent_signal>& out);
  /// A string (the same in every language) or {language: text} covering every
  /// declared language.
  bool localized_text(const json_value& j, const std::string& path,
                      const std::vector<std::string>& languages, localized& out);
  /// A category or service id (lexical.hpp, is_slug).
  bool slug(const json_value& j, const std::string& path, std::string& out);
};

}  // namespace cookiegate::detail
