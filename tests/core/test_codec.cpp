// Cookie format 1: exact layout, strict decoding, round trips, tampering.
#include <catch2/catch.hpp>

#include <random>
#include <string>

#include "core/codec.hpp"
#include "record_forge.hpp"

namespace test_codec {

using namespace cookiegate;

namespace {

constexpr std::int64_t now = 1748779200;  // 2025-06-01T12:00:00Z

consent_record sample_record() {
  consent_record r;
  for (std::size_t i = 0; i < r.id.size(); ++i) r.id[i] = static_cast<std::uint8_t>(i * 17 + 3);
  r.created = 1735689600;  // 2025-01-01
  r.updated = 1740000000;
  r.policy = {1, 2, 0};
  r.acknowledged = {1, 2, 0};
  r.method = consent_method::custom;
  r.gpc_applied = false;
  r.language = "en";
  r.categories = {{short_key("necessary"), 1, true},
                  {short_key("analytics"), 2, true},
                  {short_key("marketing"), 1, false}};
  std::sort(r.categories.begin(), r.categories.end(),
            [](const auto& a, const auto& b) { return a.key < b.key; });
  r.services = {{short_key("google-analytics"), false}, {short_key("matomo"), true}};
  std::sort(r.services.begin(), r.services.end(),
            [](const auto& a, const auto& b) { return a.key < b.key; });
  return r;
}

std::string code_of(const result<consent_record>& r) {
  return r.ok() ? std::string("ok") : std::string(error_name(r.err().code));
}

// True when `got` grants nothing that `original` did not grant.
bool grants_no_more(const consent_record& original, const consent_record& got) {
  auto cat_granted = [&](std::uint32_t key) {
    for (const auto& c : original.categories)
      if (c.key == key) return c.granted;
    return false;
  };
  auto svc_granted = [&](std::uint32_t key) {
    for (const auto& s : original.services)
      if (s.key == key) return s.granted;
    return true;  // no override: the category decides
  };
  for (const auto& c : got.categories)
    if (c.granted && !cat_granted(c.key)) return false;
  for (const auto& s : got.services)
    if (s.granted && !svc_granted(s.key)) return false;
  return true;
}

}  // namespace

TEST_CASE("short_key is FNV-1a folded to 23 bits", "[codec]") {
  // Published FNV-1a 32-bit vectors, masked to the 23 bits the cookie stores.
  CHECK(short_key("") == (0x811C9DC5u & 0x7FFFFFu));
  CHECK(short_key("a") == (0xE40C292Cu & 0x7FFFFFu));
  CHECK(short_key("foobar") == (0xBF9CF968u & 0x7FFFFFu));
  SECTION("ids differing in one character get different keys") {
    CHECK(short_key("analytics") != short_key("analytic"));
    CHECK(short_key("analytics") != short_key("Analytics"));
    CHECK(short_key("marketing") != short_key("necessary"));
  }
  SECTION("every key fits in 23 bits") {
    std::mt19937 rng(7);
    for (int i = 0; i < 1000; ++i) {
      std::string id(static_cast<std::size_t>(rng() % 40), 'x');
      for (auto& ch : id) ch = static_cast<char>('a' + rng() % 26);
      CHECK(short_key(id) < (1u << 23));
    }
  }
}

TEST_CASE("encode writes exactly the documented format 1 layout", "[codec]") {
  const auto r = sample_record();
  const auto value = encode(r);
  CHECK(value.rfind("1.", 0) == 0);
  CHECK(value == forge::of(r).value());
  SECTION("only cookie-octet characters, no padding") {
    for (char c : value.substr(2)) {
      INFO("char " << int(c));
      CHECK(((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
             c == '-' || c == '_'));
    }
  }
  SECTION("the granted bit and gpc flag land where the format says") {
    auto g = r;
    g.gpc_applied = true;
    g.method = consent_method::gpc_default;
    CHECK(encode(g) == forge::of(g).value());
    CHECK(encode(g) != value);
  }
}

TEST_CASE("decode inverts encode for a known record", "[codec]") {
  const auto r = sample_record();
  auto d = decode(encode(r), now);
  REQUIRE(d.ok());
  CHECK(d.value() == r);
  CHECK(d.value().language == "en");
  CHECK(d.value().categories.size() == 3);
  CHECK(d.value().services.size() == 2);
}

TEST_CASE("decode(encode(r)) == r over 2000 generated records", "[codec][property]") {
  std::mt19937 rng(20250601);
  std::size_t longest = 0;
  for (int i = 0; i < 2000; ++i) {
    const auto r = forge::random_record(rng, now);
    const auto value = encode(r);
    longest = std::max(longest, value.size());
    INFO("record #" << i << " value " << value);
    REQUIRE(value.size() <= max_cookie_value);
    CHECK(value == forge::of(r).value());
    auto d = decode(value, now);
    REQUIRE(d.ok());
    CHECK(d.value() == r);
    // Encoding is canonical: the second trip yields the same text.
    CHECK(encode(d.value()) == value);
  }
  INFO("longest generated value: " << longest);
  CHECK(longest > 100);  // the generator really produced large records
}

TEST_CASE("the largest record a valid config allows fits the cookie cap", "[codec]") {
  consent_record r;
  r.id.fill(0xFF);
  r.created = now;
  r.updated = now;
  r.policy = r.acknowledged = {max_version_component, max_version_component,
                               max_version_component};
  r.method = consent_method::custom;
  r.gpc_applied = true;
  r.language = "xxxxxxxx-xxxxxxxx-xxxxxxxx-xxxx-xxx";  // max_language_tag characters
  REQUIRE(r.language.size() == max_language_tag);
  for (std::uint32_t i = 0; i < max_categories; ++i)
    r.categories.push_back({0x7FFFFFu - static_cast<std::uint32_t>(max_categories) + i,
                            max_version_component, true});
  for (std::uint32_t i = 0; i < max_services; ++i) r.services.push_back({0x700000u + i, true});
  const auto value = encode(r);
  INFO("encoded length " << value.size());
  CHECK(value.size() <= max_cookie_value);
  auto d = decode(value, now);
  REQUIRE(d.ok());
  CHECK(d.value() == r);
}

TEST_CASE("decoding rejects a truncated record", "[codec][adversarial]") {
  SECTION("every proper prefix of a valid value fails") {
    std::mt19937 rng(99);
    for (int n = 0; n < 60; ++n) {
      const auto r = n == 0 ? sample_record() : forge::random_record(rng, now);
      const auto value = encode(r);
      for (std::size_t len = 0; len < value.size(); ++len) {
        INFO("prefix of length " << len << " of " << value);
        CHECK_FALSE(decode(value.substr(0, len), now).ok());
      }
    }
  }
  SECTION("a checksummed payload that ends before its fields") {
    auto base = forge::payload{}.id().varint(1740000000).varint(1740000000);
    CHECK(code_of(decode(base.value(), now)) == "record_truncated");
    CHECK(code_of(decode(forge::payload{}.id().value(), now)) == "record_truncated");
    CHECK(code_of(decode(forge::payload{}.value(), now)) == "record_truncated");
    // A varint whose continuation bit promises another byte.
    CHECK(code_of(decode(forge::payload{}.id().byte(0x80).value(), now)) == "record_truncated");
  }
  SECTION("fewer category entries than the count says") {
    auto p = forge::payload{}.id().varint(1740000000).varint(1740000000)
                 .ver({1, 0, 0}).ver({1, 0, 0}).byte(0).lang("en")
                 .varint(3).key(1, true).varint(1).key(2, true).varint(1);
    CHECK(code_of(decode(p.value(), now)) == "record_truncated");
  }
  SECTION("less than a checksum") {
    CHECK(code_of(decode("1.", now)) == "record_truncated");
    CHECK(code_of(decode("1.AA", now)) == "record_truncated");
    CHECK(code_of(decode("1.AAAA", now)) == "record_truncated");
  }
}

TEST_CASE("decoding rejects every single-character change", "[codec][adversarial]") {
  // CRC-32 detects every burst of up to 32 bits, and one base64 character is 6 bits:
  // no single substitution may decode, and above all none may grant more.
  static const std::string alphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ %\"";
  std::mt19937 rng(4242);
  std::size_t tried = 0;
  for (int n = 0; n < 12; ++n) {
    const auto r = n == 0 ? sample_record() : forge::random_record(rng, now);
    const auto value = encode(r);
    for (std::size_t pos = 0; pos < value.size(); ++pos) {
      for (char c : alphabet) {
        if (c == value[pos]) continue;
        auto changed = value;
        changed[pos] = c;
        ++tried;
        auto d = decode(changed, now);
        INFO("position " << pos << " -> '" << c << "' in " << value);
        CHECK_FALSE(d.ok());
        if (d.ok()) CHECK(grants_no_more(r, d.value()));
      }
    }
  }
  CHECK(tried > 10000);
}

TEST_CASE("decoding rejects every single-bit flip", "[codec][adversarial]") {
  std::mt19937 rng(777);
  for (int n = 0; n < 12; ++n) {
    const auto r = n == 0 ? sample_record() : forge::random_record(rng, now);
    const auto value = encode(r);
    SECTION("in the text") {
      for (std::size_t pos = 0; pos < value.size(); ++pos)
        for (int bit = 0; bit < 8; ++bit) {
          auto changed = value;
          changed[pos] = static_cast<char>(changed[pos] ^ (1 << bit));
          auto d = decode(changed, now);
          INFO("text position " << pos << " bit " << bit);
          CHECK_FALSE(d.ok());
          if (d.ok()) CHECK(grants_no_more(r, d.value()));
        }
    }
    SECTION("in the decoded bytes, re-encoded canonically") {
      const auto bytes = forge::of(r).with_crc();
      for (std::size_t pos = 0; pos < bytes.size(); ++pos)
        for (int bit = 0; bit < 8; ++bit) {
          auto changed = bytes;
          changed[pos] = static_cast<char>(changed[pos] ^ (1 << bit));
          auto d = decode("1." + forge::base64url(changed), now);
          INFO("byte " << pos << " bit " << bit);
          CHECK(code_of(d) == "record_checksum");
        }
    }
  }
}

TEST_CASE("decoding rejects values of the wrong shape", "[codec][adversarial]") {
  const auto value = encode(sample_record());
  SECTION("empty") { CHECK(code_of(decode("", now)) == "record_empty"); }
  SECTION("over the length cap") {
    std::string longv = "1." + std::string(max_cookie_value - 1, 'A');
    REQUIRE(longv.size() == max_cookie_value + 1);
    CHECK(code_of(decode(longv, now)) == "record_too_long");
    // At the cap the length is fine and the other checks speak.
    CHECK(code_of(decode(longv.substr(0, max_cookie_value), now)) != "record_too_long");
  }
  SECTION("wrong format prefix") {
    // "2." is format 2 (regions): a format 1 payload under it fails as out of range.
    const char* bad = GENERATE(as<const char*>{}, "1", "3.", "0.", "1:", "1-", "01.", "x.",
                               " 1.", "1 .", ".1");
    CHECK(code_of(decode(std::string(bad) + value.substr(2), now)) == "record_format");
    CHECK(code_of(decode(value.substr(2), now)) == "record_format");
    CHECK(code_of(decode("{\"analytics\":true}", now)) == "record_format");
  }
  SECTION("padding") {
    CHECK(code_of(decode(value + "=", now)) == "record_encoding");
    CHECK(code_of(decode(value + "==", now)) == "record_encoding");
  }
  SECTION("characters outside base64url") {
    for (char c : std::string("+/ .=%!\"\\,;\t")) {
      auto changed = value;
      changed[value.size() / 2] = c;
      INFO("char '" << c << "'");
      CHECK(code_of(decode(changed, now)) == "record_encoding");
    }
    CHECK(code_of(decode(value.substr(0, 10) + std::string("\0", 1) + value.substr(11), now)) ==
          "record_encoding");
    CHECK(code_of(decode(value.substr(0, 10) + "\xc3\xa9" + value.substr(12), now)) ==
          "record_encoding");
  }
  SECTION("a length no base64 text can have") {
    CHECK(code_of(decode("1.AAAAA", now)) == "record_encoding");
  }
  SECTION("non-zero unused bits in the last character") {
    // Find a payload whose last base64 character carries unused bits.
    auto r = sample_record();
    for (int i = 0; forge::of(r).with_crc().size() % 3 == 0; ++i) r.language += 'x';
    auto v = encode(r);
    REQUIRE(decode(v, now).ok());
    v.back() = static_cast<char>(v.back() == 'A' ? 'B' : v.back() + 1);
    CHECK(code_of(decode(v, now)) == "record_encoding");
  }
  SECTION("a corrupted payload with its old checksum") {
    auto bytes = forge::of(sample_record()).with_crc();
    bytes[20] = static_cast<char>(bytes[20] ^ 0x40);
    CHECK(code_of(decode("1." + forge::base64url(bytes), now)) == "record_checksum");
  }
}

TEST_CASE("decoding rejects checksummed records whose fields are out of range", "[codec][adversarial]") {
  const std::int64_t t = 1740000000;
  // A well-formed record, varied one field at a time.
  auto build = [&](std::int64_t created, std::int64_t updated, cookiegate::version pol,
                   unsigned flags, const std::string& lang, std::uint64_t ncat,
                   std::uint64_t revision) {
    forge::payload p;
    p.id().varint(static_cast<std::uint64_t>(created)).varint(static_cast<std::uint64_t>(updated));
    p.ver(pol).ver({1, 0, 0}).byte(flags).lang(lang).varint(ncat);
    for (std::uint64_t i = 0; i < ncat; ++i) p.key(static_cast<std::uint32_t>(i + 1), true).varint(revision);
    p.varint(0);
    return p.value();
  };
  SECTION("the baseline decodes") {
    auto d = decode(build(t, t, {1, 0, 0}, 2, "en", 2, 1), now);
    REQUIRE(d.ok());
    CHECK(d.value().method == consent_method::custom);
    CHECK(d.value().created == t);
  }
  SECTION("timestamps before min_timestamp") {
    CHECK(code_of(decode(build(min_timestamp - 1, t, {1, 0, 0}, 0, "en", 1, 1), now)) == "record_range");
    CHECK(code_of(decode(build(0, 0, {1, 0, 0}, 0, "en", 1, 1), now)) == "record_range");
    CHECK(code_of(decode(build(min_timestamp, min_timestamp, {1, 0, 0}, 0, "en", 1, 1), now)) == "ok");
  }
  SECTION("created after updated") {
    CHECK(code_of(decode(build(t + 1, t, {1, 0, 0}, 0, "en", 1, 1), now)) == "record_range");
  }
  SECTION("absurd timestamps") {
    CHECK(code_of(decode(build(t, std::int64_t{1} << 50, {1, 0, 0}, 0, "en", 1, 1), now)) == "record_range");
  }
  SECTION("version components over the cap") {
    CHECK(code_of(decode(build(t, t, {1000000, 0, 0}, 0, "en", 1, 1), now)) == "record_range");
    CHECK(code_of(decode(build(t, t, {1, 0, 1000000}, 0, "en", 1, 1), now)) == "record_range");
  }
  SECTION("unknown flag bits") {
    CHECK(code_of(decode(build(t, t, {1, 0, 0}, 16, "en", 1, 1), now)) == "record_range");
    CHECK(code_of(decode(build(t, t, {1, 0, 0}, 0x80, "en", 1, 1), now)) == "record_range");
    CHECK(code_of(decode(build(t, t, {1, 0, 0}, 7, "en", 1, 1), now)) == "ok");
    // Bit 3 is the record's source (ui); see test_consent_log.cpp.
    CHECK(code_of(decode(build(t, t, {1, 0, 0}, 15, "en", 1, 1), now)) == "ok");
  }
  SECTION("language tags") {
    CHECK(code_of(decode(build(t, t, {1, 0, 0}, 0, "aaaaaaaa-aaaaaaaa-aaaaaaaa-aaaa-aaa", 1, 1), now)) == "ok");
    CHECK(code_of(decode(build(t, t, {1, 0, 0}, 0, "aaaaaaaa-aaaaaaaa-aaaaaaaa-aaaa-aaaa", 1, 1), now)) == "record_range");
    // The same rule as the config's languages and a choice's (is_language_tag).
    CHECK(code_of(decode(build(t, t, {1, 0, 0}, 0, "aaaaaaaaa", 1, 1), now)) == "record_range");
    CHECK(code_of(decode(build(t, t, {1, 0, 0}, 0, "e", 1, 1), now)) == "record_range");
    CHECK(code_of(decode(build(t, t, {1, 0, 0}, 0, "en--US", 1, 1), now)) == "record_range");
    CHECK(code_of(decode(build(t, t, {1, 0, 0}, 0, "", 1, 1), now)) == "ok");
    CHECK(code_of(decode(build(t, t, {1, 0, 0}, 0, "en_US", 1, 1), now)) == "record_range");
    CHECK(code_of(decode(build(t, t, {1, 0, 0}, 0, "e n", 1, 1), now)) == "record_range");
    CHECK(code_of(decode(build(t, t, {1, 0, 0}, 0, std::string("e\0", 2), 1, 1), now)) == "record_range");
    CHECK(code_of(decode(build(t, t, {1, 0, 0}, 0, "<script>", 1, 1), now)) == "record_range");
    CHECK(code_of(decode(build(t, t, {1, 0, 0}, 0, "zh-Hans-CN", 1, 1), now)) == "ok");
  }
  SECTION("too many categories or services") {
    CHECK(code_of(decode(build(t, t, {1, 0, 0}, 0, "en", max_record_categories, 1), now)) == "ok");
    CHECK(code_of(decode(build(t, t, {1, 0, 0}, 0, "en", max_record_categories + 1, 1), now)) == "record_range");
    auto p = forge::payload{}.id().varint(t).varint(t).ver({1, 0, 0}).ver({1, 0, 0}).byte(0)
                 .lang("en").varint(0).varint(max_record_services + 1);
    // The count alone must be refused: 256 entries would not even fit the length cap.
    p.key(1, true);
    CHECK(code_of(decode(p.value(), now)) == "record_range");
  }
  SECTION("category revision over the cap") {
    CHECK(code_of(decode(build(t, t, {1, 0, 0}, 0, "en", 1, 1000000), now)) == "record_range");
  }
}

TEST_CASE("decoding rejects future-dated records beyond the clock skew", "[codec][adversarial]") {
  auto at = [&](std::int64_t created, std::int64_t updated) {
    consent_record r = sample_record();
    r.created = created;
    r.updated = updated;
    return forge::of(r).value();
  };
  CHECK(code_of(decode(at(now, now), now)) == "ok");
  CHECK(code_of(decode(at(now, now + max_clock_skew), now)) == "ok");
  CHECK(code_of(decode(at(now, now + max_clock_skew + 1), now)) == "record_future");
  CHECK(code_of(decode(at(now + 10 * max_clock_skew, now + 10 * max_clock_skew), now)) == "record_future");
  SECTION("the same value becomes valid once its time has come") {
    const auto v = at(now + 3 * max_clock_skew, now + 3 * max_clock_skew);
    CHECK(code_of(decode(v, now)) == "record_future");
    CHECK(code_of(decode(v, now + 2 * max_clock_skew)) == "ok");
  }
}

TEST_CASE("decoding rejects non-canonical payloads", "[codec][adversarial]") {
  const std::int64_t t = 1740000000;
  auto head = [&] {
    return forge::payload{}.id().varint(t).varint(t).ver({1, 0, 0}).ver({1, 0, 0}).byte(0).lang("en");
  };
  SECTION("the canonical form decodes") {
    CHECK(code_of(decode(head().varint(2).key(5, true).varint(1).key(9, false).varint(1)
                             .varint(2).key(3, true).key(4, false).value(), now)) == "ok");
  }
  SECTION("unsorted categories") {
    CHECK(code_of(decode(head().varint(2).key(9, true).varint(1).key(5, false).varint(1)
                             .varint(0).value(), now)) == "record_noncanonical");
  }
  SECTION("duplicate category keys, even with different decisions") {
    CHECK(code_of(decode(head().varint(2).key(5, false).varint(1).key(5, true).varint(1)
                             .varint(0).value(), now)) == "record_noncanonical");
  }
  SECTION("unsorted or duplicate services") {
    CHECK(code_of(decode(head().varint(0).varint(2).key(4, true).key(3, true).value(), now)) ==
          "record_noncanonical");
    CHECK(code_of(decode(head().varint(0).varint(2).key(3, false).key(3, true).value(), now)) ==
          "record_noncanonical");
  }
  SECTION("trailing bytes") {
    CHECK(code_of(decode(head().varint(0).varint(0).byte(0).value(), now)) == "record_noncanonical");
    auto full = forge::of(sample_record());
    CHECK(code_of(decode(full.value(), now)) == "ok");
    full.byte(0x55);
    CHECK(code_of(decode(full.value(), now)) == "record_noncanonical");
  }
  SECTION("a varint not in its shortest form") {
    auto p = forge::payload{}.id().varint(t).varint(t).varint(1).byte(0x80).byte(0x00)  // minor 0 in two bytes
                 .varint(0).ver({1, 0, 0}).byte(0).lang("en").varint(0).varint(0);
    CHECK(code_of(decode(p.value(), now)) == "record_noncanonical");
  }
}

}  // namespace test_codec
