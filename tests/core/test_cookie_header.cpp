// Finding the consent cookie in a raw Cookie header / document.cookie string.
#include <catch2/catch.hpp>

#include <string>

#include "core/cookie_header.hpp"

namespace test_cookie_header {

using namespace cookiegate;

namespace {
// The value found, "<none>" when absent, "<error:N>" on an error: one comparable string.
std::string lookup(std::string_view header, std::string_view name = "cookiegate") {
  auto r = find_cookie(header, name);
  if (!r.ok()) return "<error:" + std::to_string(static_cast<int>(r.err().code)) + ">";
  if (!r.value()) return "<none>";
  return *r.value();
}
const std::string duplicate =
    "<error:" + std::to_string(static_cast<int>(errc::record_duplicate)) + ">";
}  // namespace

TEST_CASE("find_cookie finds the consent cookie among others", "[cookie_header]") {
  SECTION("alone") { CHECK(lookup("cookiegate=1.AAAA") == "1.AAAA"); }
  SECTION("first, middle, last") {
    CHECK(lookup("cookiegate=X; a=1; b=2") == "X");
    CHECK(lookup("a=1; cookiegate=X; b=2") == "X");
    CHECK(lookup("a=1; b=2; cookiegate=X") == "X");
  }
  SECTION("document.cookie and Cookie header spacing") {
    CHECK(lookup("a=1;cookiegate=X;b=2") == "X");
    CHECK(lookup("a=1;   cookiegate=X  ;b=2") == "X");
  }
  SECTION("other names") {
    CHECK(lookup("__Host-cookiegate=H; a=1", "__Host-cookiegate") == "H");
    CHECK(lookup("cookiegate=X; mine=Y", "mine") == "Y");
  }
  SECTION("a value containing '=' is kept whole") {
    CHECK(lookup("a=b=c; cookiegate=1.x=y") == "1.x=y");
  }
}

TEST_CASE("find_cookie reports no cookie when the name is absent", "[cookie_header]") {
  CHECK(lookup("") == "<none>");
  CHECK(lookup("a=1; b=2") == "<none>");
  SECTION("names that merely contain the consent name are other cookies") {
    CHECK(lookup("xcookiegate=1") == "<none>");
    CHECK(lookup("cookiegatex=1") == "<none>");
    CHECK(lookup("__Host-cookiegate=1") == "<none>");
    CHECK(lookup("Cookiegate=1") == "<none>");
    CHECK(lookup("a=cookiegate=1") == "<none>");
  }
  SECTION("a name without '=' is not our cookie") { CHECK(lookup("cookiegate") == "<none>"); }
}

TEST_CASE("find_cookie refuses to choose between several consent cookies", "[cookie_header][adversarial]") {
  // A sibling subdomain can "toss" a cookie of the same name onto this host: the
  // browser then sends both, in an order the page cannot trust.
  CHECK(lookup("cookiegate=A; cookiegate=B") == duplicate);
  CHECK(lookup("cookiegate=A; x=1; cookiegate=A") == duplicate);
  CHECK(lookup("cookiegate=; cookiegate=B") == duplicate);
  // A different name is a different cookie: no conflict.
  CHECK(lookup("cookiegate=A; cookiegatex=B") == "A");
}

TEST_CASE("find_cookie rejects a header over the cap", "[cookie_header][adversarial]") {
  SECTION("at the cap it still works") {
    std::string h = "cookiegate=X; p=";
    h.append(max_cookie_header - h.size(), 'a');
    REQUIRE(h.size() == max_cookie_header);
    CHECK(lookup(h) == "X");
  }
  SECTION("one byte over is an error, even with the cookie present") {
    std::string h = "cookiegate=X; p=";
    h.append(max_cookie_header + 1 - h.size(), 'a');
    auto r = find_cookie(h, "cookiegate");
    CHECK_FALSE(r.ok());
  }
}

TEST_CASE("find_cookie survives hostile headers", "[cookie_header][adversarial]") {
  const std::string hostile[] = {
      std::string(";;;;;;"), std::string("=;=;="), std::string("\0\0\0", 3),
      std::string("cookiegate\0=X", 13), std::string("\xff\xfe\xfd=\x80"),
      std::string(5000, ';'), std::string(5000, '='),
  };
  for (const auto& h : hostile) {
    auto r = find_cookie(h, "cookiegate");
    // No crash; and no value conjured from nothing.
    if (r.ok()) CHECK_FALSE(r.value().has_value());
  }
}

}  // namespace test_cookie_header
