// Reading JSON text strictly, for everything the core accepts as JSON (the config, a
// visitor's choice, language preferences). nlohmann alone would accept a leading BOM,
// stop at a NUL byte and ignore what follows, follow any nesting depth, and keep the
// last of duplicate keys: each of those lets a text mean something other than what it
// says, so each is an error here.
//
// nlohmann's lexer reads the text; its tokens become SAX events (nlohmann's json_sax
// interface) that build `json_value`, a tree of only what the validators ask: kinds,
// strings, booleans and whole numbers. nlohmann's own DOM (`basic_json` values, their
// serializer and floating-point formatting) and its DOM-typed parser are never built,
// which keeps them, printf and long double out of the wasm module. A number with a
// fraction or exponent keeps only its kind: the core reads whole numbers only and
// refuses any other, whatever its value.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "error.hpp"

namespace cookiegate::detail {

inline constexpr std::size_t max_json_depth = 32;

/// One JSON value. Objects list their members sorted by key (bytewise), so walking
/// them visits keys in the same order whatever order the text wrote them in.
class json_value {
 public:
  /// `integer` is a whole number written with a minus sign, `unsigned_integer` one
  /// without (both fit 64 bits, as nlohmann's lexer reads them); `floating` any other
  /// number (a fraction, an exponent, or too large for 64 bits).
  enum class kind : std::uint8_t { null, boolean, integer, unsigned_integer, floating, string, array, object };

  kind type() const noexcept { return kind_; }
  bool is_null() const noexcept { return kind_ == kind::null; }
  bool is_boolean() const noexcept { return kind_ == kind::boolean; }
  bool is_string() const noexcept { return kind_ == kind::string; }
  bool is_array() const noexcept { return kind_ == kind::array; }
  bool is_object() const noexcept { return kind_ == kind::object; }
  /// A whole number (negative or not) that fits 64 bits.
  bool is_whole_number() const noexcept {
    return kind_ == kind::integer || kind_ == kind::unsigned_integer;
  }

  /// The boolean (false unless `is_boolean()`).
  bool boolean() const noexcept { return boolean_; }
  /// The number when `type() == kind::integer` (at most 0), else 0.
  std::int64_t signed_number() const noexcept { return integer_; }
  /// The number when `type() == kind::unsigned_integer`, else 0.
  std::uint64_t unsigned_number() const noexcept { return unsigned_; }
  /// The string (empty unless `is_string()`).
  const std::string& string() const noexcept { return text_; }

  /// Array items, or object member values in key order; empty for any other kind.
  const std::vector<json_value>& items() const noexcept { return children_; }
  /// Object member names, sorted; `keys()[i]` names `items()[i]`.
  const std::vector<std::string>& keys() const noexcept { return keys_; }
  std::size_t size() const noexcept { return children_.size(); }

  bool contains(std::string_view key) const noexcept;
  /// The member `key`, or a null value when there is none (or this is no object).
  const json_value& operator[](std::string_view key) const noexcept;

 private:
  friend class json_tree_builder;

  kind kind_ = kind::null;
  bool boolean_ = false;
  std::int64_t integer_ = 0;
  std::uint64_t unsigned_ = 0;
  std::string text_;
  std::vector<std::string> keys_;
  std::vector<json_value> children_;
};

/// The parsed value, or an error whose message names `what` ("the config", "the
/// choice") and what is wrong with it: `malformed` for text that is not plain JSON
/// (a byte order mark, a NUL byte, nesting deeper than `max_json_depth`, a syntax
/// error, a lone surrogate or invalid UTF-8 in a string, a number too large for a
/// double), `duplicate` for a key repeated within one object.
result<json_value> parse_strict_json(std::string_view text, errc malformed,
                                     errc duplicate, std::string_view what);

}  // namespace cookiegate::detail
