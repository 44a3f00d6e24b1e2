#include "config_validator.hpp"

#include <algorithm>

#include "json_writer.hpp"
#include "lexical.hpp"

namespace cookiegate::detail {

std::string dq(std::string_view s) { return "\"" + std::string(s) + "\""; }

std::string_view type_name(const json_value& j) {
  switch (j.type()) {
    case json_value::kind::null: return "null";
    case json_value::kind::object: return "an object";
    case json_value::kind::array: return "an array";
    case json_value::kind::string: return "a string";
    case json_value::kind::boolean: return "a boolean";
    default: return "a number";
  }
}

bool validator::fail(errc code, const std::string& path, std::string message) {
  if (!failure) failure = error{code, path, std::move(message)};
  return false;
}

bool validator::expect(const json_value& j, json_value::kind t, const std::string& path, std::string_view what) {
  if (j.type() == t) return true;
  return fail(errc::config_wrong_type, path,
              "must be " + std::string(what) + ", not " + std::string(type_name(j)));
}

bool validator::members(const json_value& j, const std::string& path,
             std::initializer_list<std::string_view> allowed,
             std::initializer_list<required_member> required) {
  if (!expect(j, json_value::kind::object, path, "an object")) return false;
  for (const auto& key : j.keys()) {
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      std::string known;
      for (auto a : allowed) known += (known.empty() ? "" : ", ") + std::string(a);
      return fail(errc::config_unknown_field, join(path, key),
                  "unknown field; the fields here are: " + known);
    }
  }
  for (auto r : required)
    if (!j.contains(r.key))
      return fail(errc::config_missing, join(path, r.key), "is required (" + std::string(r.fix) + ")");
  return true;
}

std::string validator::join(const std::string& path, std::string_view key) {
  return path.empty() ? std::string(key) : path + "." + std::string(key);
}
std::string validator::index(const std::string& path, std::size_t i) {
  return path + "[" + detail::to_decimal(i) + "]";
}

bool validator::string(const json_value& j, const std::string& path, std::string& out,
            std::size_t max_len) {
  if (!expect(j, json_value::kind::string, path, "a string")) return false;
  const auto& s = j.string();
  if (s.empty()) return fail(errc::config_invalid, path, "must not be empty");
  if (s.size() > max_len)
    return fail(errc::config_invalid, path, "is longer than " + detail::to_decimal(max_len) + " bytes");
  if (!is_clean_text(s))
    return fail(errc::config_invalid, path, "contains control characters; remove them");
  out = s;
  return true;
}

bool validator::boolean(const json_value& j, const std::string& path, bool& out) {
  if (!expect(j, json_value::kind::boolean, path, "true or false")) return false;
  out = j.boolean();
  return true;
}

bool validator::integer(const json_value& j, const std::string& path, std::uint64_t lo, std::uint64_t hi,
             std::uint32_t& out, errc range_code,
             const std::string& hint) {
  if (!j.is_whole_number())
    return fail(errc::config_wrong_type, path,
                "must be a whole number, not " + std::string(type_name(j)));
  if (j.signed_number() < 0 || j.unsigned_number() < lo || j.unsigned_number() > hi)
    return fail(range_code, path, "must be between " + detail::to_decimal(lo) + " and " +
                                      detail::to_decimal(hi) + hint);
  out = static_cast<std::uint32_t>(j.unsigned_number());
  return true;
}

bool validator::string_list(const json_value& j, const std::string& path, std::vector<std::string>& out,
                 std::size_t max_len) {
  if (!expect(j, json_value::kind::array, path, "an array of strings")) return false;
  if (j.size() > max_list)
    return fail(errc::config_invalid, path, "has more than " + detail::to_decimal(max_list) + " entries");
  for (std::size_t i = 0; i < j.size(); ++i) {
    std::string s;
    if (!string(j.items()[i], index(path, i), s, max_len)) return false;
    out.push_back(std::move(s));
  }
  return true;
}

bool validator::signal_list(const json_value& j, const std::string& path, std::vector<consent_signal>& out) {
  std::vector<std::string> names;
  if (!string_list(j, path, names, 64)) return false;
  for (std::size_t i = 0; i < names.size(); ++i) {
    auto s = parse_signal(names[i]);
    if (!s)
      return fail(errc::config_invalid, index(path, i),
                  dq(names[i]) + " is not a Consent Mode v2 signal; use ad_storage, "
                  "ad_user_data, ad_personalization, analytics_storage, "
                  "functionality_storage, personalization_storage or security_storage");
    if (std::find(out.begin(), out.end(), *s) != out.end())
      return fail(errc::config_duplicate_id, index(path, i), "duplicate signal " + dq(names[i]));
    out.push_back(*s);
  }
  return true;
}

bool validator::localized_text(const json_value& j, const std::string& path,
                    const std::vector<std::string>& languages, localized& out) {
  if (j.is_string()) {
    std::string s;
    if (!string(j, path, s)) return false;
    for (const auto& l : languages) out[l] = s;
    return true;
  }
  if (!j.is_object())
    return fail(errc::config_wrong_type, path,
                "must be a string or an object of texts by language, not " +
                    std::string(type_name(j)));
  for (std::size_t i = 0; i < j.size(); ++i) {
    const std::string& key = j.keys()[i];
    if (std::find(languages.begin(), languages.end(), key) == languages.end())
      return fail(errc::config_invalid, join(path, key),
                  dq(key) + " is not in languages; add it to languages or remove this text");
    std::string s;
    if (!string(j.items()[i], join(path, key), s)) return false;
    out[key] = std::move(s);
  }
  for (const auto& l : languages)
    if (!out.count(l))
      return fail(errc::config_missing_text, path,
                  "has no " + dq(l) + " text; add one for every language in languages");
  return true;
}

bool validator::slug(const json_value& j, const std::string& path, std::string& out) {
  if (!string(j, path, out, 40)) return false;
  if (!is_slug(out))
    return fail(errc::config_invalid, path,
                dq(out) + " is not a valid id; use 1-40 lower-case letters, digits, "
                "'-' or '_', starting with a letter or digit");
  return true;
}

}  // namespace cookiegate::detail
