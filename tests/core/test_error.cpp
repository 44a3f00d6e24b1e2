// Error values: stable codes, stable names, readable text.
#include <catch2/catch.hpp>

#include <set>
#include <string>
#include <utility>

#include "core/error.hpp"

namespace test_error {

using namespace cookiegate;

// The numbers are pinned where the compiler checks them: a renumbering breaks this
// build instead of waiting for a test run (each range's first and last code).
static_assert(static_cast<int>(errc::config_not_json) == 100);
static_assert(static_cast<int>(errc::config_too_large) == 110);
static_assert(static_cast<int>(errc::record_empty) == 200);
static_assert(static_cast<int>(errc::record_duplicate) == 209);
static_assert(static_cast<int>(errc::choice_invalid) == 300);
static_assert(static_cast<int>(errc::choice_random) == 304);
static_assert(static_cast<int>(errc::input_too_large) == 400);
static_assert(static_cast<int>(errc::input_invalid) == 401);

TEST_CASE("every error code has its stable short name", "[error]") {
  // The codes and names cross the wasm boundary and appear in site owners' logs:
  // a renumbering or renaming is a breaking change, so both are pinned here.
  const std::pair<errc, const char*> table[] = {
      {errc::config_not_json, "config_not_json"},
      {errc::config_wrong_type, "config_wrong_type"},
      {errc::config_missing, "config_missing"},
      {errc::config_unknown_field, "config_unknown_field"},
      {errc::config_invalid, "config_invalid"},
      {errc::config_duplicate_id, "config_duplicate_id"},
      {errc::config_compliance, "config_compliance"},
      {errc::config_expiry, "config_expiry"},
      {errc::config_id_collision, "config_id_collision"},
      {errc::config_missing_text, "config_missing_text"},
      {errc::config_too_large, "config_too_large"},
      {errc::record_empty, "record_empty"},
      {errc::record_too_long, "record_too_long"},
      {errc::record_format, "record_format"},
      {errc::record_encoding, "record_encoding"},
      {errc::record_truncated, "record_truncated"},
      {errc::record_checksum, "record_checksum"},
      {errc::record_range, "record_range"},
      {errc::record_future, "record_future"},
      {errc::record_noncanonical, "record_noncanonical"},
      {errc::record_duplicate, "record_duplicate"},
      {errc::choice_invalid, "choice_invalid"},
      {errc::choice_unknown_category, "choice_unknown_category"},
      {errc::choice_unknown_service, "choice_unknown_service"},
      {errc::choice_required, "choice_required"},
      {errc::choice_random, "choice_random"},
      {errc::input_too_large, "input_too_large"},
      {errc::input_invalid, "input_invalid"},
  };
  std::set<std::string> seen;
  for (const auto& [code, name] : table) {
    INFO("code " << static_cast<int>(code));
    CHECK(error_name(code) == name);
    seen.insert(std::string(error_name(code)));
  }
  CHECK(seen.size() == std::size(table));

  SECTION("a value outside the enum still gets a name, not a crash") {
    auto name = error_name(static_cast<errc>(9999));
    CHECK_FALSE(name.empty());
    CHECK(seen.count(std::string(name)) == 0);
  }
}

TEST_CASE("error to_string puts the path before the message", "[error]") {
  SECTION("with a path") {
    error e{errc::config_duplicate_id, "categories[2].id", "duplicate id \"analytics\""};
    CHECK(e.to_string() == "categories[2].id: duplicate id \"analytics\"");
  }
  SECTION("without a path") {
    error e{errc::record_empty, "", "the consent value is empty"};
    CHECK(e.to_string() == "the consent value is empty");
  }
}

TEST_CASE("result holds either a value or an error", "[error]") {
  SECTION("a value") {
    result<int> r(42);
    REQUIRE(r.ok());
    CHECK(static_cast<bool>(r));
    CHECK(r.value() == 42);
  }
  SECTION("an error") {
    result<int> r(error{errc::input_invalid, "x", "bad"});
    REQUIRE_FALSE(r.ok());
    CHECK_FALSE(static_cast<bool>(r));
    CHECK(r.err().code == errc::input_invalid);
    CHECK(r.err().path == "x");
  }
}

}  // namespace test_error
