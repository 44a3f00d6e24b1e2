// A minimal JSON text writer for the boundary's answers. Building answers as nlohmann
// DOM trees cost the wasm module about a fifth of its size and most of a call's time;
// the answers are flat and known in advance, so they are written straight out.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace cookiegate::detail {

class json_writer {
 public:
  json_writer& begin_object();
  json_writer& end_object();
  json_writer& begin_array();
  json_writer& end_array();
  /// The member name of the next value inside an object.
  json_writer& key(std::string_view k);

  json_writer& value(std::string_view s);
  json_writer& value(const char* s) { return value(std::string_view(s)); }
  json_writer& value(bool b);
  json_writer& value(std::int64_t n);
  json_writer& value(std::uint32_t n) { return value(static_cast<std::int64_t>(n)); }
  json_writer& null();
  /// Inserts already-valid JSON text as the next value.
  json_writer& raw(std::string_view json_text);

  json_writer& string_array(const std::vector<std::string>& items);

  std::string take() { return std::move(out_); }

 private:
  void separate();
  // An object and an array open and close alike; only their brackets differ.
  json_writer& open(char bracket);
  json_writer& close(char bracket);
  std::string out_;
  // Per open container, 1 while no member is written yet. A string, not a
  // vector<bool>, whose bit-packed push_back alone cost the wasm module 1.8 KB.
  std::string first_;
  bool after_key_ = false;
};

/// Decimal text of an integer (no locale, no printf: keeps the wasm module small).
std::string to_decimal(std::int64_t n);

}  // namespace cookiegate::detail
