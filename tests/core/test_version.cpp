// Policy versions: strict parsing, what a change between two versions demands, dates.
#include <catch2/catch.hpp>

#include <string>

#include "core/version.hpp"

namespace test_version {

using namespace cookiegate;

namespace {
version v(std::uint32_t a, std::uint32_t b, std::uint32_t c) { return version{a, b, c}; }
}  // namespace

TEST_CASE("parse_version accepts strict MAJOR.MINOR.PATCH", "[version]") {
  SECTION("ordinary versions") {
    auto p = parse_version("1.2.3");
    REQUIRE(p);
    CHECK(*p == v(1, 2, 3));
    CHECK(parse_version("0.0.0") == v(0, 0, 0));
    CHECK(parse_version("10.20.30") == v(10, 20, 30));
  }
  SECTION("each component may reach max_version_component") {
    CHECK(parse_version("999999.999999.999999") == v(999999, 999999, 999999));
  }
}

TEST_CASE("parse_version rejects anything that is not strict semver core", "[version][adversarial]") {
  const char* bad = GENERATE(as<const char*>{}, "", "1", "1.2", "1.2.", ".1.2", "1..2",
                             "01.2.3", "1.02.3", "1.2.03", "00.0.0", "1.2.3-beta",
                             "1.2.3+build", "v1.2.3", "V1.2.3", "+1.2.3", "-1.2.3",
                             "1.-2.3", " 1.2.3", "1.2.3 ", "1.2.3.4", "1,2,3", "a.b.c",
                             "1.2.x", "1000000.0.0", "0.1000000.0", "0.0.1000000",
                             "4294967296.0.0", "99999999999999999999.0.0", "1.2.3\n",
                             "\xef\xbc\x91.2.3" /* fullwidth digit one */, "1 .2.3");
  INFO("input: \"" << bad << "\"");
  CHECK_FALSE(parse_version(bad).has_value());
}

TEST_CASE("parse_version does not read past an embedded NUL", "[version][adversarial]") {
  CHECK_FALSE(parse_version(std::string("1.2.3\0", 6)).has_value());
  CHECK_FALSE(parse_version(std::string("1.\0.3", 5)).has_value());
}

TEST_CASE("version ordering is by major, then minor, then patch", "[version]") {
  CHECK(v(1, 0, 0) < v(2, 0, 0));
  CHECK(v(1, 9, 9) < v(2, 0, 0));
  CHECK(v(1, 2, 9) < v(1, 3, 0));
  CHECK(v(1, 2, 3) < v(1, 2, 4));
  CHECK_FALSE(v(1, 2, 3) < v(1, 2, 3));
  CHECK(v(1, 2, 3) <= v(1, 2, 3));
  CHECK(v(3, 0, 0) > v(2, 99, 99));
  CHECK(v(1, 2, 3) != v(1, 2, 4));
}

TEST_CASE("version to_string writes the canonical text that parses back", "[version]") {
  CHECK(v(1, 2, 3).to_string() == "1.2.3");
  CHECK(v(0, 0, 0).to_string() == "0.0.0");
  CHECK(v(999999, 0, 12).to_string() == "999999.0.12");
  for (auto x : {v(0, 0, 1), v(7, 0, 0), v(12, 34, 56)}) {
    auto back = parse_version(x.to_string());
    REQUIRE(back);
    CHECK(*back == x);
  }
}

TEST_CASE("classify_change says what moving between versions demands", "[version]") {
  SECTION("same version or PATCH raised: nothing") {
    CHECK(classify_change(v(1, 2, 3), v(1, 2, 3)) == version_change::none);
    CHECK(classify_change(v(1, 2, 3), v(1, 2, 4)) == version_change::none);
    CHECK(classify_change(v(1, 2, 0), v(1, 2, 99)) == version_change::none);
  }
  SECTION("MINOR raised: a notice") {
    CHECK(classify_change(v(1, 2, 3), v(1, 3, 0)) == version_change::notice);
    CHECK(classify_change(v(1, 2, 9), v(1, 3, 0)) == version_change::notice);
  }
  SECTION("MAJOR raised: reconsent, whatever minor and patch do") {
    CHECK(classify_change(v(1, 2, 3), v(2, 0, 0)) == version_change::reconsent);
    CHECK(classify_change(v(1, 9, 9), v(2, 0, 0)) == version_change::reconsent);
    CHECK(classify_change(v(0, 0, 1), v(5, 1, 0)) == version_change::reconsent);
  }
  SECTION("a consented version newer than the current one is never trusted") {
    CHECK(classify_change(v(2, 0, 0), v(1, 9, 9)) == version_change::from_future);
    CHECK(classify_change(v(1, 3, 0), v(1, 2, 9)) == version_change::from_future);
    CHECK(classify_change(v(1, 2, 4), v(1, 2, 3)) == version_change::from_future);
  }
}

TEST_CASE("parse_date reads YYYY-MM-DD as midnight UTC", "[version][date]") {
  SECTION("valid dates") {
    CHECK(parse_date("1970-01-01") == 0);
    CHECK(parse_date("1970-01-02") == 86400);
    CHECK(parse_date("2025-06-01") == 1748736000);
    CHECK(parse_date("2020-01-01") == 1577836800);
    CHECK(parse_date("2024-02-29") == 1709164800);  // leap year
    CHECK(parse_date("2000-02-29") == 951782400);   // divisible by 400: leap
    CHECK(parse_date("9999-12-31") == 253402214400);
  }
  SECTION("invalid dates") {
    const char* bad = GENERATE(as<const char*>{}, "", "2025-6-01", "2025-06-1", "25-06-01",
                               "2025/06/01", "2025-06-01T00:00:00Z", "2025-06-01 ",
                               " 2025-06-01", "2025-13-01", "2025-00-10", "2025-01-00",
                               "2025-01-32", "2025-04-31", "2023-02-29", "2100-02-29",
                               "1969-12-31", "10000-01-01", "+2025-06-01", "2025-06-0a",
                               "2025--6-01", "２025-06-01");
    INFO("input: \"" << bad << "\"");
    CHECK_FALSE(parse_date(bad).has_value());
  }
}

}  // namespace test_version
