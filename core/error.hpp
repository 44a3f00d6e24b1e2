// Errors are values: every fallible core function returns result<T>, never throws.
// Codes are stable (they cross the wasm boundary and appear in logs): never renumber.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace cookiegate {

enum class errc : std::uint16_t {
  // Configuration (the site owner's JSON).
  config_not_json = 100,     ///< the text is not JSON (or is not an object, or has a BOM)
  config_wrong_type = 101,   ///< a field has the wrong JSON type
  config_missing = 102,      ///< a required field is absent
  config_unknown_field = 103,///< a field the config does not define (usually a typo)
  config_invalid = 104,      ///< a value is malformed or out of range
  config_duplicate_id = 105, ///< two categories, services or languages share an id
  config_compliance = 106,   ///< the config would break consent law (pre-ticked, ...)
  config_expiry = 107,       ///< an expiry is over 13 months or below a day
  config_id_collision = 108, ///< two ids share a short key in the cookie format
  config_missing_text = 109, ///< a declared language lacks a text
  config_too_large = 110,    ///< the config text is over the size cap

  // Stored consent value (the cookie). Any of these means "no consent".
  record_empty = 200,        ///< the value is empty
  record_too_long = 201,     ///< over the length cap
  record_format = 202,       ///< unknown format prefix or version
  record_encoding = 203,     ///< not canonical base64url
  record_truncated = 204,    ///< the payload ends before its fields do
  record_checksum = 205,     ///< the integrity check failed (corruption)
  record_range = 206,        ///< a field is out of its valid range
  record_future = 207,       ///< timestamps lie in the future
  record_noncanonical = 208, ///< unsorted, duplicate or trailing data
  record_duplicate = 209,    ///< several cookies of the consent name are visible

  // A visitor's choice handed to the core.
  choice_invalid = 300,          ///< the choice is malformed
  choice_unknown_category = 301, ///< names a category the config does not have
  choice_unknown_service = 302,  ///< names a service the config does not have
  choice_required = 303,         ///< tries to refuse a strictly necessary category
  choice_random = 304,           ///< too few random bytes for a new consent id

  // The boundary (wasm / JSON facade).
  input_too_large = 400,  ///< an argument is over its size cap
  input_invalid = 401,    ///< an argument is malformed
};

/// A short stable name for the code, e.g. "config_duplicate_id".
std::string_view error_name(errc code) noexcept;

/// Where it went wrong (a field path like `categories[2].id`, or empty) and what to do.
struct error {
  errc code;
  std::string path;
  std::string message;

  /// `path: message`, or just the message when there is no path.
  std::string to_string() const;
};

/// A value or the error that prevented it. Ignoring one is a compile warning (an
/// unchecked error would be a silently dropped failure).
template <class T>
class [[nodiscard]] result {
 public:
  result(T value) : v_(std::move(value)) {}
  result(error e) : v_(std::move(e)) {}

  bool ok() const noexcept { return v_.index() == 0; }
  explicit operator bool() const noexcept { return ok(); }

  // Callers check ok() first. Reading the wrong side aborts (in the .wasm a trap, which
  // the runtime reports as wasm_trap and fails closed) rather than reading through a
  // null pointer; get_if keeps exception machinery out of the -fno-exceptions build.
  const T& value() const& { return *checked(std::get_if<0>(&v_)); }
  T& value() & { return *checked(std::get_if<0>(&v_)); }
  T&& value() && { return std::move(*checked(std::get_if<0>(&v_))); }
  const error& err() const { return *checked(std::get_if<1>(&v_)); }

 private:
  template <class P>
  static P* checked(P* p) noexcept {
    if (!p) std::abort();
    return p;
  }
  std::variant<T, error> v_;
};

}  // namespace cookiegate
