// pending_notice(): which policy notice a visitor has not yet acknowledged.
#include <catch2/catch.hpp>

#include "core/notice.hpp"
#include "fixtures.hpp"

namespace test_notice {

using namespace cookiegate;
using fx::day;
using fx::json;
using fx::now;

namespace {
config with_upcoming(const char* ver) {
  return fx::must_parse(fx::edited(fx::small_config, [&](json& j) {
    j["policy"]["upcoming"] = {{"version", ver}, {"effective", "2025-07-01"}};
  }));
}
constexpr std::int64_t effective = 1751328000;  // 2025-07-01
}  // namespace

TEST_CASE("pending_notice: a MINOR update until acknowledged", "[notice]") {
  const auto cfg = fx::small();  // 1.2.0
  auto r = fx::make_record(cfg, {{"analytics", true}}, {1, 1, 0}, now - day);
  auto p = pending_notice(cfg, &r, now);
  CHECK(p.kind == notice_kind::update);
  CHECK(p.ver == version{1, 2, 0});
  r.acknowledged = {1, 2, 0};
  CHECK(pending_notice(cfg, &r, now).kind == notice_kind::none);
  SECTION("a PATCH or no change has nothing to tell") {
    auto same = fx::make_record(cfg, {{"analytics", true}}, {1, 2, 0}, now - day);
    CHECK(pending_notice(cfg, &same, now).kind == notice_kind::none);
  }
  SECTION("a MAJOR change is not a notice (it asks again)") {
    auto old = fx::make_record(cfg, {{"analytics", true}}, {0, 9, 0}, now - day);
    CHECK(pending_notice(cfg, &old, now).kind == notice_kind::none);
  }
}

TEST_CASE("pending_notice: an announced change before its date", "[notice]") {
  const auto cfg = with_upcoming("2.0.0");
  SECTION("with no record, the banner mentions it") {
    const auto p = pending_notice(cfg, nullptr, now);
    CHECK(p.kind == notice_kind::upcoming);
    CHECK(p.ver == version{2, 0, 0});
  }
  SECTION("with a record, until acknowledged") {
    auto r = fx::make_record(cfg, {{"analytics", true}}, {1, 2, 0}, now - day);
    CHECK(pending_notice(cfg, &r, now).kind == notice_kind::upcoming);
    r.acknowledged = {2, 0, 0};
    CHECK(pending_notice(cfg, &r, now).kind == notice_kind::none);
  }
  SECTION("not from its date on") {
    CHECK(pending_notice(cfg, nullptr, effective).kind == notice_kind::none);
    CHECK(pending_notice(cfg, nullptr, effective - 1).kind == notice_kind::upcoming);
  }
  SECTION("a MINOR update in force comes before the announcement") {
    auto r = fx::make_record(cfg, {{"analytics", true}}, {1, 1, 0}, now - day);
    const auto p = pending_notice(cfg, &r, now);
    CHECK(p.kind == notice_kind::update);
    CHECK(p.ver == version{1, 2, 0});
  }
}

}  // namespace test_notice
