#include "codec.hpp"

#include <array>
#include <optional>

#include "json_writer.hpp"
#include "language.hpp"
#include "region.hpp"

namespace cookiegate {

namespace {

constexpr std::string_view format_prefix = "1.";
constexpr std::string_view format2_prefix = "2.";
constexpr std::size_t max_region = 6;  // "US-CA": ISO 3166-2 codes are at most 6
constexpr auto max_timestamp = static_cast<std::uint64_t>(max_decodable_timestamp);
constexpr std::uint32_t granted_bit = 1u << 23;
constexpr std::uint32_t key_mask = granted_bit - 1;

std::uint32_t crc32(const std::string& bytes) {
  static const auto table = [] {
    std::array<std::uint32_t, 256> t{};
    for (std::uint32_t i = 0; i < 256; ++i) {
      std::uint32_t c = i;
      for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      t[i] = c;
    }
    return t;
  }();
  std::uint32_t c = 0xFFFFFFFFu;
  for (unsigned char b : bytes) c = table[(c ^ b) & 0xFF] ^ (c >> 8);
  return c ^ 0xFFFFFFFFu;
}

constexpr char b64_alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

int b64_value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '-') return 62;
  if (c == '_') return 63;
  return -1;
}

std::string b64_encode(const std::string& in) {
  std::string out;
  out.reserve((in.size() * 4 + 2) / 3);
  std::size_t i = 0;
  for (; i + 3 <= in.size(); i += 3) {
    const std::uint32_t v = (std::uint32_t{static_cast<unsigned char>(in[i])} << 16) |
                            (std::uint32_t{static_cast<unsigned char>(in[i + 1])} << 8) |
                            static_cast<unsigned char>(in[i + 2]);
    out += b64_alphabet[(v >> 18) & 63];
    out += b64_alphabet[(v >> 12) & 63];
    out += b64_alphabet[(v >> 6) & 63];
    out += b64_alphabet[v & 63];
  }
  const std::size_t rest = in.size() - i;
  if (rest == 1) {
    const std::uint32_t v = std::uint32_t{static_cast<unsigned char>(in[i])} << 16;
    out += b64_alphabet[(v >> 18) & 63];
    out += b64_alphabet[(v >> 12) & 63];
  } else if (rest == 2) {
    const std::uint32_t v = (std::uint32_t{static_cast<unsigned char>(in[i])} << 16) |
                            (std::uint32_t{static_cast<unsigned char>(in[i + 1])} << 8);
    out += b64_alphabet[(v >> 18) & 63];
    out += b64_alphabet[(v >> 12) & 63];
    out += b64_alphabet[(v >> 6) & 63];
  }
  return out;
}

// Canonical only: no padding, and the unused low bits of the last character are zero,
// so that one record has exactly one text.
bool b64_decode(std::string_view in, std::string& out) {
  if (in.size() % 4 == 1) return false;
  out.clear();
  out.reserve(in.size() * 3 / 4);
  std::uint32_t acc = 0;
  int bits = 0;
  for (char c : in) {
    const int v = b64_value(c);
    if (v < 0) return false;
    acc = (acc << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((acc >> bits) & 0xFF);
    }
  }
  return (acc & ((1u << bits) - 1)) == 0;
}

void put_varint(std::string& out, std::uint64_t v) {
  while (v >= 0x80) {
    out += static_cast<char>((v & 0x7F) | 0x80);
    v >>= 7;
  }
  out += static_cast<char>(v);
}

void put_key(std::string& out, std::uint32_t key, bool granted) {
  const std::uint32_t v = (key & key_mask) | (granted ? granted_bit : 0);
  out += static_cast<char>(v & 0xFF);
  out += static_cast<char>((v >> 8) & 0xFF);
  out += static_cast<char>((v >> 16) & 0xFF);
}

// Reads the payload; every failure is a distinct, stable code.
class reader {
 public:
  explicit reader(std::string_view bytes) : bytes_(bytes) {}

  bool at_end() const { return pos_ == bytes_.size(); }
  std::optional<errc> failure() const { return failure_; }

  std::uint8_t byte() {
    if (failure_) return 0;
    if (pos_ >= bytes_.size()) {
      failure_ = errc::record_truncated;
      return 0;
    }
    return static_cast<std::uint8_t>(bytes_[pos_++]);
  }

  // Shortest-form LEB128 no larger than `limit`.
  std::uint64_t varint(std::uint64_t limit) {
    std::uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      const std::uint8_t b = byte();
      if (failure_) return 0;
      if (shift > 0 && b == 0) return fail(errc::record_noncanonical);
      v |= std::uint64_t{b & 0x7Fu} << shift;
      if (v > limit) return fail(errc::record_range);
      if (!(b & 0x80)) return v;
    }
    return fail(errc::record_range);
  }

  std::uint32_t key24() {
    std::uint32_t v = byte();
    v |= std::uint32_t{byte()} << 8;
    v |= std::uint32_t{byte()} << 16;
    return v;
  }

  std::uint64_t fail(errc code) {
    if (!failure_) failure_ = code;
    return 0;
  }

 private:
  std::string_view bytes_;
  std::size_t pos_ = 0;
  std::optional<errc> failure_;
};

error record_error(errc code, std::string message) {
  return error{code, "cookie", std::move(message)};
}

}  // namespace

std::uint32_t short_key(std::string_view id) noexcept {
  std::uint32_t h = 2166136261u;
  for (unsigned char c : id) {
    h ^= c;
    h *= 16777619u;
  }
  return h & key_mask;
}

std::uint32_t service_key(std::string_view category_id, std::string_view service_id) noexcept {
  std::uint32_t h = 2166136261u;
  for (std::string_view part : {category_id, std::string_view("/"), service_id})
    for (unsigned char c : part) {
      h ^= c;
      h *= 16777619u;
    }
  return h & key_mask;
}

std::string encode(const consent_record& r) {
  std::string p;
  p.reserve(96);
  p.append(reinterpret_cast<const char*>(r.id.data()), r.id.size());
  put_varint(p, static_cast<std::uint64_t>(r.created));
  put_varint(p, static_cast<std::uint64_t>(r.updated));
  for (const version* v : {&r.policy, &r.acknowledged}) {
    put_varint(p, v->major);
    put_varint(p, v->minor);
    put_varint(p, v->patch);
  }
  const bool v2 = !r.profile.empty();
  p += static_cast<char>(static_cast<unsigned>(r.method) | (r.gpc_applied ? 4u : 0u) |
                         (r.source == consent_source::ui ? 8u : 0u) |
                         (v2 ? (r.gpc_consented ? 16u : 0u) | static_cast<unsigned>(r.model) << 5 |
                                   (r.stricter ? 128u : 0u)
                             : 0u));
  p += static_cast<char>(r.language.size());
  p += r.language;
  if (v2)
    for (const std::string* s : {&r.profile, &r.region}) {
      p += static_cast<char>(s->size());
      p += *s;
    }
  put_varint(p, r.categories.size());
  for (const auto& c : r.categories) {
    put_key(p, c.key, c.granted);
    put_varint(p, v2 ? std::uint64_t{c.revision} * 2 + (c.chosen ? 1 : 0) : c.revision);
  }
  put_varint(p, r.services.size());
  for (const auto& s : r.services) put_key(p, s.key, s.granted);
  const std::uint32_t crc = crc32(p);
  for (int i = 0; i < 4; ++i) p += static_cast<char>((crc >> (8 * i)) & 0xFF);
  return std::string(v2 ? format2_prefix : format_prefix) + b64_encode(p);
}

result<consent_record> decode(std::string_view value, std::int64_t now) {
  if (value.empty()) return record_error(errc::record_empty, "the stored value is empty");
  if (value.size() > max_cookie_value)
    return record_error(errc::record_too_long, "the stored value is over " +
                                                   detail::to_decimal(max_cookie_value) + " bytes");
  const bool v2 = value.substr(0, format2_prefix.size()) == format2_prefix;
  if (!v2 && value.substr(0, format_prefix.size()) != format_prefix)
    return record_error(errc::record_format,
                        "the stored value is not in format 1 or 2 (it must start with "
                        "\"1.\" or \"2.\")");
  std::string bytes;
  if (!b64_decode(value.substr(format_prefix.size()), bytes))
    return record_error(errc::record_encoding, "the stored value is not canonical base64url");
  if (bytes.size() < 4) return record_error(errc::record_truncated, "the stored value is cut short");
  const std::string payload = bytes.substr(0, bytes.size() - 4);
  std::uint32_t stored_crc = 0;
  for (int i = 0; i < 4; ++i)
    stored_crc |= std::uint32_t{static_cast<unsigned char>(bytes[payload.size() + i])} << (8 * i);
  if (crc32(payload) != stored_crc)
    return record_error(errc::record_checksum,
                        "the stored value is corrupted (integrity check failed)");

  reader in(payload);
  consent_record r;
  for (auto& b : r.id) b = in.byte();
  const std::uint64_t created = in.varint(max_timestamp);
  const std::uint64_t updated = in.varint(max_timestamp);
  for (version* v : {&r.policy, &r.acknowledged}) {
    v->major = static_cast<std::uint32_t>(in.varint(max_version_component));
    v->minor = static_cast<std::uint32_t>(in.varint(max_version_component));
    v->patch = static_cast<std::uint32_t>(in.varint(max_version_component));
  }
  const std::uint8_t flags = in.byte();
  if ((flags & (v2 ? ~255u : ~15u)) != 0) in.fail(errc::record_range);
  r.gpc_consented = (flags & 16u) != 0;
  r.stricter = (flags & 128u) != 0;
  r.model = static_cast<consent_model>((flags >> 5) & 3u);
  r.method = static_cast<consent_method>(flags & 3u);
  r.gpc_applied = (flags & 4u) != 0;
  r.source = (flags & 8u) != 0 ? consent_source::ui : consent_source::api;
  const std::uint8_t lang_len = in.byte();
  if (lang_len > max_language_tag) in.fail(errc::record_range);
  for (std::uint8_t i = 0; i < lang_len && !in.failure(); ++i) r.language += static_cast<char>(in.byte());
  // Empty: format 1 let a record carry no language, and such records still decode.
  if (!in.failure() && !r.language.empty() && !is_language_tag(r.language)) in.fail(errc::record_range);
  for (std::string* s : {&r.profile, &r.region}) {
    if (!v2 || in.failure()) break;
    const std::uint8_t len = in.byte();
    if (len > max_region + 1) in.fail(errc::record_range);  // "unknown" is 7
    for (std::uint8_t i = 0; i < len && !in.failure(); ++i) *s += static_cast<char>(in.byte());
  }
  // Both must be what the writer could have written: a selector, and a canonical
  // region or none.
  if (v2 && !in.failure() &&
      (!is_region_selector(r.profile) || (r.stricter && r.profile != unknown_selector) ||
       (!r.region.empty() && canonical_region(r.region) != r.region)))
    in.fail(errc::record_range);
  const auto ncat = in.varint(max_record_categories);
  for (std::uint64_t i = 0; i < ncat && !in.failure(); ++i) {
    const std::uint32_t k = in.key24();
    category_decision d{k & key_mask, 0, (k & granted_bit) != 0};
    if (v2) {
      const auto rev = in.varint(std::uint64_t{max_version_component} * 2 + 1);
      d.revision = static_cast<std::uint32_t>(rev / 2);
      d.chosen = (rev & 1) != 0;
      // Only refusals are written without a click.
      if (d.granted && !d.chosen) in.fail(errc::record_range);
    } else {
      d.revision = static_cast<std::uint32_t>(in.varint(max_version_component));
      d.chosen = true;  // format 1 predates the distinction: read as opt-in choices
    }
    if (!r.categories.empty() && r.categories.back().key >= d.key)
      in.fail(errc::record_noncanonical);
    r.categories.push_back(d);
  }
  const auto nsvc = in.varint(max_record_services);
  for (std::uint64_t i = 0; i < nsvc && !in.failure(); ++i) {
    const std::uint32_t k = in.key24();
    service_decision d{k & key_mask, (k & granted_bit) != 0};
    if (!r.services.empty() && r.services.back().key >= d.key)
      in.fail(errc::record_noncanonical);
    r.services.push_back(d);
  }
  if (!in.failure() && !in.at_end()) in.fail(errc::record_noncanonical);
  if (auto f = in.failure()) {
    switch (*f) {
      case errc::record_truncated:
        return record_error(*f, "the stored value ends before its fields do");
      case errc::record_noncanonical:
        return record_error(*f, "the stored value is not in canonical form");
      default:
        return record_error(*f, "a field of the stored value is out of range");
    }
  }
  r.created = static_cast<std::int64_t>(created);
  r.updated = static_cast<std::int64_t>(updated);
  if (r.created < min_timestamp || r.updated < r.created)
    return record_error(errc::record_range, "the stored timestamps are out of range");
  if (r.updated > now + max_clock_skew)
    return record_error(errc::record_future, "the stored value is dated in the future");
  return r;
}

}  // namespace cookiegate
