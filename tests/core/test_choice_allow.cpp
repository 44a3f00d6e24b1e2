// The `allow` choice: click-to-load ("Load video") allows one service and its category
// on top of what the visitor chose, and leaves everything else as it was — undecided
// categories stay undecided (still asked), instead of being refused as a custom choice
// would refuse them.
#include <catch2/catch.hpp>

#include <string>

#include "core/boundary.hpp"
#include "core/choice.hpp"
#include "core/evaluate.hpp"
#include "gate_oracle.hpp"
#include "fixtures.hpp"

namespace test_choice_allow {

using namespace cookiegate;
using oracle::is_allowed;
using fx::day;
using fx::json;
using fx::now;

namespace {

const version current{1, 2, 0};

std::string granted(const config& cfg, const consent_record& r, std::string_view id) {
  const auto key = cfg.find_category(id)->key;
  for (const auto& d : r.categories)
    if (d.key == key) return d.granted ? "granted" : "refused";
  return "absent";
}

choice allow(fx::decisions cats, fx::decisions svcs = {}) {
  return choice{choice_kind::allow, std::move(cats), std::move(svcs)};
}

consent_record must_choose(const config& cfg, const consent_record* prior, const choice& c) {
  auto r = apply_choice(cfg, prior, c, now, fx::random_bytes(), "en", false);
  if (!r.ok()) FAIL("choice refused: " << r.err().to_string());
  return r.value();
}

}  // namespace

TEST_CASE("allow on a first visit grants one service and leaves the rest to be asked", "[choice][allow]") {
  const auto cfg = fx::small();
  const auto r = must_choose(cfg, nullptr, allow({{"marketing", true}}, {{"meta-pixel", true}}));
  CHECK(r.method == consent_method::custom);
  CHECK(granted(cfg, r, "marketing") == "granted");
  CHECK(granted(cfg, r, "analytics") == "absent");  // not refused: still to be asked
  const auto st = evaluate(cfg, &r, now, signals{});
  CHECK(is_allowed(st, "marketing", "meta-pixel"));
  CHECK_FALSE(is_allowed(st, "marketing", "google-ads"));  // only the one service
  CHECK_FALSE(is_allowed(st, "analytics"));
  CHECK(st.categories[1].ask);
  CHECK(st.prompt != prompt_kind::none);  // the banner keeps asking about the others
}

TEST_CASE("allow adds to earlier decisions without touching them", "[choice][allow]") {
  const auto cfg = fx::small();
  SECTION("other categories keep their decision, refused or granted") {
    const auto prior = fx::make_record(cfg, {{"analytics", true}, {"marketing", false}}, current,
                                       now - day, {{"hotjar", false}});
    const auto r = must_choose(cfg, &prior, allow({{"marketing", true}}, {{"meta-pixel", true}}));
    const auto st = evaluate(cfg, &r, now, signals{});
    CHECK(is_allowed(st, "analytics", "matomo"));
    CHECK_FALSE(is_allowed(st, "analytics", "hotjar"));  // its override is kept
    CHECK(is_allowed(st, "marketing", "meta-pixel"));
    CHECK_FALSE(is_allowed(st, "marketing", "google-ads"));
    CHECK(st.prompt == prompt_kind::none);
    CHECK(r.id == prior.id);
  }
  SECTION("in a category already granted, the service's siblings keep their state") {
    const auto prior = fx::make_record(cfg, {{"analytics", true}, {"marketing", true}}, current,
                                       now - day, {{"meta-pixel", false}});
    const auto r = must_choose(cfg, &prior, allow({{"marketing", true}}, {{"meta-pixel", true}}));
    const auto st = evaluate(cfg, &r, now, signals{});
    CHECK(is_allowed(st, "marketing", "meta-pixel"));
    CHECK(is_allowed(st, "marketing", "google-ads"));
    CHECK(is_allowed(st, "analytics", "hotjar"));
  }
  SECTION("a category without a service named allows all of its services") {
    const auto r = must_choose(cfg, nullptr, allow({{"analytics", true}}));
    const auto st = evaluate(cfg, &r, now, signals{});
    CHECK(is_allowed(st, "analytics", "matomo"));
    CHECK(is_allowed(st, "analytics", "hotjar"));
    CHECK(granted(cfg, r, "marketing") == "absent");
  }
}

TEST_CASE("allow only grants, and only what it names consistently", "[choice][allow][adversarial]") {
  const auto cfg = fx::small();
  auto code = [&](const choice& c) {
    auto r = apply_choice(cfg, nullptr, c, now, fx::random_bytes(), "en", false);
    return r.ok() ? std::string("ok") : std::string(error_name(r.err().code));
  };
  CHECK(code(allow({{"analytics", false}})) == "choice_invalid");
  CHECK(code(allow({{"marketing", true}}, {{"meta-pixel", false}})) == "choice_invalid");
  // A service of another category than the one named: a mistake, not a wider grant.
  CHECK(code(allow({{"analytics", true}}, {{"meta-pixel", true}})) == "choice_invalid");
  CHECK(code(allow({}, {{"meta-pixel", true}})) == "choice_invalid");
  CHECK(code(allow({})) == "choice_invalid");
  CHECK(code(allow({{"video", true}})) == "choice_unknown_category");
  CHECK(code(allow({{"marketing", true}}, {{"youtube", true}})) == "choice_unknown_service");
  auto r = apply_choice(cfg, nullptr, allow({{"analytics", true}}, {{"meta-pixel", true}}), now,
                        fx::random_bytes(), "en", false);
  REQUIRE_FALSE(r.ok());
  CHECK(r.err().path == "services.meta-pixel");
  CHECK_THAT(r.err().message, Catch::Contains("\"marketing\""));
}

TEST_CASE("the boundary takes kind allow", "[boundary][choice][allow]") {
  const std::string hex32 = "0123456789abcdef0123456789abcdef";
  const auto out = json::parse(boundary::choose(
      fx::small_config, "", static_cast<double>(now), false,
      R"({"kind":"allow","categories":{"marketing":true},"services":{"meta-pixel":true}})", hex32, "en"));
  INFO(out.dump());
  REQUIRE(out["ok"] == true);
  // A placeholder's Load on a first visit: the other categories were never asked, so the
  // banner asks the first question (it said "We have changed how we use …": false).
  CHECK(out["state"]["prompt"] == "consent");
  CHECK(out["state"]["categories"][2]["services"][1]["allowed"] == true);
  CHECK(out["state"]["categories"][2]["services"][0]["allowed"] == false);
  CHECK(out["state"]["categories"][1]["allowed"] == false);
  CHECK(out["state"]["categories"][1]["ask"] == true);
}

}  // namespace test_choice_allow
