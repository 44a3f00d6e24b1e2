// is_allowed(): the one question a gated tag asks, answered from the state by the
// oracle the JS isAllowed() must agree with.
#include <catch2/catch.hpp>

#include "core/evaluate.hpp"
#include "gate_oracle.hpp"
#include "fixtures.hpp"

namespace test_gate {

using namespace cookiegate;
using oracle::is_allowed;
using fx::day;
using fx::now;

TEST_CASE("required categories are always allowed", "[gate]") {
  const auto cfg = fx::small();
  const auto st = evaluate(cfg, nullptr, now, signals{});
  CHECK(is_allowed(st, "necessary"));
  CHECK(is_allowed(st, "necessary", "session"));
  SECTION("even after everything optional was refused, with GPC on") {
    const auto r = fx::make_record(cfg, {{"analytics", false}, {"marketing", false}}, {1, 2, 0}, now - day);
    const auto st2 = evaluate(cfg, &r, now, signals{true});
    CHECK(is_allowed(st2, "necessary"));
    CHECK(is_allowed(st2, "necessary", "session"));
  }
}

TEST_CASE("unknown categories and services are denied", "[gate][adversarial]") {
  const auto cfg = fx::small();
  const auto r = fx::make_record(cfg, {{"analytics", true}, {"marketing", true}}, {1, 2, 0}, now - day);
  const auto st = evaluate(cfg, &r, now, signals{});
  REQUIRE(is_allowed(st, "analytics"));
  REQUIRE(is_allowed(st, "analytics", "matomo"));
  CHECK_FALSE(is_allowed(st, "video"));
  CHECK_FALSE(is_allowed(st, ""));
  CHECK_FALSE(is_allowed(st, "Analytics"));
  CHECK_FALSE(is_allowed(st, "analytics ", ""));
  CHECK_FALSE(is_allowed(st, std::string_view("analytics\0", 10)));
  CHECK_FALSE(is_allowed(st, "analytics", "youtube"));
  CHECK_FALSE(is_allowed(st, "analytics", "MATOMO"));
  SECTION("a service is only known inside its own category") {
    CHECK(is_allowed(st, "marketing", "google-ads"));
    CHECK_FALSE(is_allowed(st, "analytics", "google-ads"));
    CHECK_FALSE(is_allowed(st, "necessary", "matomo"));
  }
  SECTION("an empty state denies everything") {
    state empty;
    CHECK_FALSE(is_allowed(empty, "analytics"));
    CHECK_FALSE(is_allowed(empty, "necessary"));
  }
}

TEST_CASE("a service of a denied category is denied", "[gate]") {
  const auto cfg = fx::small();
  const auto r = fx::make_record(cfg, {{"analytics", false}, {"marketing", true}}, {1, 2, 0}, now - day,
                                 {{"meta-pixel", false}});
  const auto st = evaluate(cfg, &r, now, signals{});
  CHECK_FALSE(is_allowed(st, "analytics"));
  CHECK_FALSE(is_allowed(st, "analytics", "matomo"));
  CHECK_FALSE(is_allowed(st, "analytics", "hotjar"));
  CHECK(is_allowed(st, "marketing"));
  CHECK(is_allowed(st, "marketing", "google-ads"));
  CHECK_FALSE(is_allowed(st, "marketing", "meta-pixel"));
  SECTION("even when a tampered state marks the service itself allowed") {
    state forged;
    category_state c;
    c.id = "analytics";
    c.allowed = false;
    c.services.push_back({"matomo", true});
    forged.categories.push_back(c);
    CHECK_FALSE(is_allowed(forged, "analytics", "matomo"));
    forged.categories[0].allowed = true;
    CHECK(is_allowed(forged, "analytics", "matomo"));
  }
}

TEST_CASE("without a record nothing optional runs", "[gate]") {
  const auto cfg = fx::realistic();
  const auto st = evaluate(cfg, nullptr, now, signals{});
  for (const auto& c : cfg.categories) {
    INFO(c.id);
    CHECK(is_allowed(st, c.id) == c.required);
    for (const auto& s : c.services) CHECK(is_allowed(st, c.id, s.id) == c.required);
  }
}

}  // namespace test_gate
