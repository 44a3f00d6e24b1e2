// A second, independent writer of cookie format 1 (see core/codec.hpp), written from the
// format description rather than from codec.cpp. The tests use it to build values that
// encode() never produces (out-of-range fields, unsorted lists, trailing bytes, ...) with
// a correct checksum, so that each decoder rule is reached on its own; and to check that
// encode() follows the documented layout byte for byte.
#pragma once

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "core/codec.hpp"
#include "core/config.hpp"
#include "core/record.hpp"

namespace forge {

inline std::uint32_t crc32_ieee(const std::string& bytes) {
  std::uint32_t c = 0xFFFFFFFFu;
  for (unsigned char b : bytes) {
    c ^= b;
    for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
  }
  return c ^ 0xFFFFFFFFu;
}

inline std::string base64url(const std::string& in) {
  static const char* a = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  std::uint32_t acc = 0;
  int bits = 0;
  for (unsigned char c : in) {
    acc = (acc << 8) | c;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out += a[(acc >> bits) & 63];
    }
  }
  if (bits > 0) out += a[(acc << (6 - bits)) & 63];
  return out;
}

/// Builds a payload field by field; `value()` appends the CRC and wraps it.
struct payload {
  std::string bytes;

  payload& raw(const std::string& b) { bytes += b; return *this; }
  payload& byte(unsigned b) { bytes += static_cast<char>(b & 0xFF); return *this; }
  payload& varint(std::uint64_t v) {
    while (v >= 0x80) { byte(static_cast<unsigned>((v & 0x7F) | 0x80)); v >>= 7; }
    return byte(static_cast<unsigned>(v));
  }
  payload& key(std::uint32_t k, bool granted) {
    const std::uint32_t v = (k & 0x7FFFFFu) | (granted ? 0x800000u : 0u);
    return byte(v).byte(v >> 8).byte(v >> 16);
  }
  payload& id(std::uint8_t fill = 0xAB) { return raw(std::string(16, static_cast<char>(fill))); }
  payload& ver(const cookiegate::version& v) { return varint(v.major).varint(v.minor).varint(v.patch); }
  payload& lang(const std::string& tag) { byte(static_cast<unsigned>(tag.size())); return raw(tag); }

  std::string with_crc() const {
    std::string b = bytes;
    const std::uint32_t c = crc32_ieee(b);
    for (int i = 0; i < 4; ++i) b += static_cast<char>((c >> (8 * i)) & 0xFF);
    return b;
  }
  std::string value() const { return "1." + base64url(with_crc()); }
};

/// The documented layout of a whole record.
inline payload of(const cookiegate::consent_record& r) {
  payload p;
  p.raw(std::string(r.id.begin(), r.id.end()));
  p.varint(static_cast<std::uint64_t>(r.created)).varint(static_cast<std::uint64_t>(r.updated));
  p.ver(r.policy).ver(r.acknowledged);
  p.byte(static_cast<unsigned>(r.method) | (r.gpc_applied ? 4u : 0u));
  p.lang(r.language);
  p.varint(r.categories.size());
  for (const auto& c : r.categories) p.key(c.key, c.granted).varint(c.revision);
  p.varint(r.services.size());
  for (const auto& s : r.services) p.key(s.key, s.granted);
  return p;
}

/// A record that is valid by every rule of codec.hpp, drawn from `rng`, dated at or
/// before `now`.
inline cookiegate::consent_record random_record(std::mt19937& rng, std::int64_t now) {
  using namespace cookiegate;
  auto uniform = [&](std::int64_t lo, std::int64_t hi) {
    return std::uniform_int_distribution<std::int64_t>(lo, hi)(rng);
  };
  auto component = [&]() -> std::uint32_t {
    // Mostly small numbers, sometimes the extremes: both ends of every varint width.
    switch (uniform(0, 5)) {
      case 0: return 0;
      case 1: return static_cast<std::uint32_t>(max_version_component);
      case 2: return static_cast<std::uint32_t>(uniform(128, 20000));
      default: return static_cast<std::uint32_t>(uniform(0, 12));
    }
  };
  consent_record r;
  for (auto& b : r.id) b = static_cast<std::uint8_t>(uniform(0, 255));
  r.created = uniform(0, 3) == 0 ? min_timestamp : uniform(min_timestamp, now);
  r.updated = uniform(0, 3) == 0 ? r.created : uniform(r.created, now);
  r.policy = {component(), component(), component()};
  r.acknowledged = {component(), component(), component()};
  r.method = static_cast<consent_method>(uniform(0, 3));
  r.gpc_applied = uniform(0, 1) == 1;
  // None, or a well-formed tag (is_language_tag) of up to max_language_tag characters.
  static const char alnum[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  if (uniform(0, 9) != 0) {
    for (auto n = uniform(2, 8); n > 0; --n) r.language += alnum[uniform(0, 51)];
    while (uniform(0, 2) != 0) {
      const auto n = static_cast<std::size_t>(uniform(1, 8));
      if (r.language.size() + 1 + n > max_language_tag) break;
      r.language += '-';
      for (auto i = n; i > 0; --i) r.language += alnum[uniform(0, 61)];
    }
  }

  // Keys drawn from the whole 23-bit space, then sorted and made unique. At most as
  // many as a valid config can have (max_categories, max_services).
  auto keys = [&](std::size_t max_count) {
    std::vector<std::uint32_t> k;
    const auto n = uniform(0, 5) == 0 ? uniform(0, static_cast<std::int64_t>(max_count))
                                      : uniform(0, 12);
    for (std::int64_t i = 0; i < n; ++i) {
      switch (uniform(0, 9)) {
        case 0: k.push_back(0); break;
        case 1: k.push_back(0x7FFFFF); break;
        default: k.push_back(static_cast<std::uint32_t>(uniform(0, 0x7FFFFF)));
      }
    }
    std::sort(k.begin(), k.end());
    k.erase(std::unique(k.begin(), k.end()), k.end());
    return k;
  };
  for (auto k : keys(cookiegate::max_categories))
    r.categories.push_back({k, static_cast<std::uint32_t>(uniform(0, 2) == 0 ? component()
                                                                            : uniform(1, 3)),
                            uniform(0, 1) == 1});
  for (auto k : keys(cookiegate::max_services)) r.services.push_back({k, uniform(0, 1) == 1});
  return r;
}

}  // namespace forge
