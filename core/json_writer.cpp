#include "json_writer.hpp"

namespace cookiegate::detail {

std::string to_decimal(std::int64_t n) {
  char buf[24];
  char* p = buf + sizeof buf;
  const bool negative = n < 0;
  std::uint64_t u = negative ? 0 - static_cast<std::uint64_t>(n) : static_cast<std::uint64_t>(n);
  do {
    *--p = static_cast<char>('0' + u % 10);
    u /= 10;
  } while (u);
  if (negative) *--p = '-';
  return std::string(p, buf + sizeof buf);
}

void json_writer::separate() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (!first_.empty()) {
    if (!first_.back()) out_ += ',';
    first_.back() = 0;
  }
}

json_writer& json_writer::open(char bracket) {
  separate();
  out_ += bracket;
  first_.push_back(1);
  return *this;
}

json_writer& json_writer::close(char bracket) {
  out_ += bracket;
  first_.pop_back();
  return *this;
}

// Out of line, not inline calls of open/close: the answers call these at some two
// hundred places, each of which would carry the bracket as an argument.
json_writer& json_writer::begin_object() { return open('{'); }
json_writer& json_writer::end_object() { return close('}'); }
json_writer& json_writer::begin_array() { return open('['); }
json_writer& json_writer::end_array() { return close(']'); }

json_writer& json_writer::key(std::string_view k) {
  value(k);
  out_ += ':';
  after_key_ = true;
  return *this;
}

namespace {

// Length of the valid UTF-8 sequence at s[i], or 0 when it is not valid.
std::size_t utf8_length(std::string_view s, std::size_t i) {
  const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = b(i);
  auto cont = [&](std::size_t k) { return k < s.size() && (b(k) & 0xC0) == 0x80; };
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) return cont(i + 1) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    if (!cont(i + 1) || !cont(i + 2)) return 0;
    if (c == 0xE0 && b(i + 1) < 0xA0) return 0;   // overlong
    if (c == 0xED && b(i + 1) >= 0xA0) return 0;  // surrogate
    return 3;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (!cont(i + 1) || !cont(i + 2) || !cont(i + 3)) return 0;
    if (c == 0xF0 && b(i + 1) < 0x90) return 0;
    if (c == 0xF4 && b(i + 1) >= 0x90) return 0;
    return 4;
  }
  return 0;
}

}  // namespace

json_writer& json_writer::value(std::string_view s) {
  separate();
  static constexpr char hex[] = "0123456789abcdef";
  out_ += '"';
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == '"' || c == '\\') {
      out_ += '\\';
      out_ += static_cast<char>(c);
    } else if (c < 0x20) {
      out_ += "\\u00";
      out_ += hex[c >> 4];
      out_ += hex[c & 0xF];
    } else if (c >= 0x80) {
      // Invalid UTF-8 becomes U+FFFD so that the answer stays valid JSON.
      const std::size_t n = utf8_length(s, i);
      if (n == 0) {
        out_ += "\xEF\xBF\xBD";
        ++i;
        continue;
      }
      out_.append(s.substr(i, n));
      i += n;
      continue;
    } else {
      out_ += static_cast<char>(c);
    }
    ++i;
  }
  out_ += '"';
  return *this;
}

json_writer& json_writer::value(bool b) {
  separate();
  out_ += b ? "true" : "false";
  return *this;
}

json_writer& json_writer::value(std::int64_t n) {
  separate();
  out_ += to_decimal(n);
  return *this;
}

json_writer& json_writer::null() {
  separate();
  out_ += "null";
  return *this;
}

json_writer& json_writer::raw(std::string_view json_text) {
  separate();
  out_.append(json_text);
  return *this;
}

json_writer& json_writer::string_array(const std::vector<std::string>& items) {
  begin_array();
  for (const auto& s : items) value(s);
  return end_array();
}

}  // namespace cookiegate::detail
