// The consent record's small helpers: method names and the id's display form.
#include <catch2/catch.hpp>

#include "core/record.hpp"

namespace test_record {

using namespace cookiegate;

TEST_CASE("consent methods have stable names", "[record]") {
  CHECK(method_name(consent_method::accept_all) == "accept_all");
  CHECK(method_name(consent_method::reject_all) == "reject_all");
  CHECK(method_name(consent_method::custom) == "custom");
  CHECK(method_name(consent_method::gpc_default) == "gpc_default");
  SECTION("a value outside the enum gets a name, not a crash") {
    const auto name = method_name(static_cast<consent_method>(9));
    CHECK_FALSE(name.empty());
    CHECK(name != "accept_all");
  }
}

TEST_CASE("id_hex writes the consent id as 32 lower-case hex digits", "[record]") {
  consent_id id{};
  CHECK(id_hex(id) == "00000000000000000000000000000000");
  id = {0x01, 0xAB, 0x00, 0x10, 0x7F, 0x80, 0xC3, 0x3C, 0x09, 0x90, 0xDE, 0xAD, 0xBE, 0xEF, 0x0F, 0xFF};
  const auto hex = id_hex(id);
  CHECK(hex == "01ab00107f80c33c0990deadbeef0fff");
  CHECK(hex.find_first_not_of("0123456789abcdef") == std::string::npos);
}

TEST_CASE("records compare field by field", "[record]") {
  consent_record a;
  a.categories = {{5, 1, true}};
  consent_record b = a;
  CHECK(a == b);
  b.categories[0].granted = false;
  CHECK(a != b);
  b = a;
  b.categories[0].revision = 2;
  CHECK(a != b);
  b = a;
  b.acknowledged = {1, 0, 0};
  CHECK(a != b);
  b = a;
  b.gpc_applied = true;
  CHECK(a != b);
  b = a;
  b.services = {{7, false}};
  CHECK(a != b);
}

}  // namespace test_record
