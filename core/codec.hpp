// The consent record <-> cookie value. Format 1:
//
//   "1." base64url( payload || crc32(payload) )         (no padding; cookie-octets only)
//   payload = id[16] created updated policy(3) acknowledged(3) flags lang
//   flags   = method (bits 0-1) | gpc_applied (bit 2) | source ui (bit 3)
//             ncat { key:3 bytes LE (bit 23 = granted) revision } 
//             nsvc { key:3 bytes LE (bit 23 = granted) }
//
// Format 2 (written when the config has `regions`): "2." and the same layout, with
//   flags   |= gpc_consented (bit 4) | model (bits 5-6) | stricter (bit 7; profile "unknown")
//   after lang: profile (length byte + selector) region (length byte + region)
//   each category's revision varint holds revision * 2 + chosen.
// A format 1 record decodes as an opt-in record whose decisions were all chosen.
//
// Integers are unsigned LEB128 in their shortest form. `key` is the 23-bit FNV-1a of
// the category id (short_key), or of "category id/service id" (service_key); records
// written before service_key keyed a service by its id alone, and are still read. Config
// validation rejects keys that collide. Lists are sorted by
// key with no duplicates, so every record has exactly one encoding and decoding is a
// strict inverse: any other input is an error, never a partial record.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "error.hpp"
#include "record.hpp"

namespace cookiegate {

inline constexpr std::size_t max_cookie_value = 1024;
inline constexpr std::size_t max_language_tag = 35;
// The largest record (every category and service of the largest config) must still
// fit max_cookie_value: 32 * 6 + 128 * 3 bytes plus the header is under 700 bytes,
// about 930 characters of base64url. config.cpp checks its caps against these.
inline constexpr std::size_t max_record_categories = 32;
inline constexpr std::size_t max_record_services = 128;
/// Nothing was consented to before this product existed (2020-01-01T00:00:00Z).
inline constexpr std::int64_t min_timestamp = 1577836800;
/// Tolerated clock skew between the machine that wrote a record and the one reading it.
inline constexpr std::int64_t max_clock_skew = 24 * 60 * 60;
/// The latest timestamp a record can hold (2^40 s, year 36812): bounds its varints.
inline constexpr std::int64_t max_decodable_timestamp = std::int64_t{1} << 40;

/// 23-bit FNV-1a of an id: what the cookie stores instead of a category id.
std::uint32_t short_key(std::string_view id) noexcept;
/// 23-bit FNV-1a of "<category id>/<service id>": what the cookie stores for a service's
/// decision. A decision holds for the purpose it was given for (GDPR Art. 6(1)(a), "for
/// one or more specific purposes"; a category is one), so a service moved to another
/// category has no decision there and the visitor is asked (reason service_added).
std::uint32_t service_key(std::string_view category_id, std::string_view service_id) noexcept;

/// Encodes a well-formed record (sorted unique lists, fields in range). Records built
/// by apply_choice() always are; encode() of anything else is unspecified.
std::string encode(const consent_record& record);

/// Strict and total. `now` (seconds since the epoch) rejects future-dated records.
result<consent_record> decode(std::string_view value, std::int64_t now);

}  // namespace cookiegate
