// withdrawn(): what one state allows and the next does not. The page cleans up after
// exactly this list, so a category without services must be named as well.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "core/choice.hpp"
#include "core/evaluate.hpp"
#include "core/withdrawal.hpp"
#include "fixtures.hpp"

namespace test_withdrawal {

using namespace cookiegate;
using fx::day;
using fx::json;
using fx::now;

namespace {

const version current{1, 2, 0};

std::vector<std::string> service_names(const withdrawal& w) {
  std::vector<std::string> out;
  for (const auto& s : w.services) out.push_back(s.category + "/" + s.id);
  return out;
}

state after_choice(const config& cfg, const consent_record* prior, choice c) {
  auto r = apply_choice(cfg, prior, c, now, fx::random_bytes(), "en", false);
  if (!r.ok()) FAIL("choice refused: " << r.err().to_string());
  return evaluate(cfg, &r.value(), now, signals{});
}

}  // namespace

TEST_CASE("withdrawn names every category and service allowed before and not after", "[withdrawal]") {
  const auto cfg = fx::small();
  const auto all = fx::make_record(cfg, {{"analytics", true}, {"marketing", true}}, current, now - day);
  const state before = evaluate(cfg, &all, now, signals{});
  SECTION("reject all withdraws both optional categories and all their services") {
    const auto w = withdrawn(before, after_choice(cfg, &all, choice{choice_kind::reject_all, {}, {}}));
    CHECK(w.categories == std::vector<std::string>{"analytics", "marketing"});
    CHECK(service_names(w) == std::vector<std::string>{"analytics/matomo", "analytics/hotjar",
                                                        "marketing/google-ads", "marketing/meta-pixel"});
  }
  SECTION("switching one service off withdraws only that service") {
    const auto w = withdrawn(before, after_choice(cfg, &all, choice{choice_kind::custom, {}, {{"hotjar", false}}}));
    CHECK(w.categories.empty());
    CHECK(service_names(w) == std::vector<std::string>{"analytics/hotjar"});
  }
  SECTION("granting more withdraws nothing, nor does the same state") {
    const auto none = fx::make_record(cfg, {{"analytics", false}, {"marketing", false}}, current, now - day);
    CHECK(withdrawn(evaluate(cfg, &none, now, signals{}), before).empty());
    CHECK(withdrawn(before, before).empty());
  }
  SECTION("the required category is never withdrawn") {
    const auto w = withdrawn(before, evaluate(cfg, nullptr, now, signals{}));
    CHECK(w.categories == std::vector<std::string>{"analytics", "marketing"});
    CHECK(service_names(w).size() == 4);
  }
  SECTION("a category missing from the later state counts as withdrawn") {
    const auto fewer = fx::must_parse(fx::edited(fx::small_config, [](json& j) { j["categories"].erase(2); }));
    const auto w = withdrawn(before, evaluate(fewer, &all, now, signals{}));
    CHECK(w.categories == std::vector<std::string>{"marketing"});
    CHECK(service_names(w) == std::vector<std::string>{"marketing/google-ads", "marketing/meta-pixel"});
  }
}

TEST_CASE("withdrawing a category that has no services is named (it used to go unnoticed)", "[withdrawal][regression]") {
  const auto cfg = fx::must_parse(fx::edited(fx::small_config, [](json& j) { j["categories"][2].erase("services"); }));
  const auto all = fx::make_record(cfg, {{"analytics", true}, {"marketing", true}}, current, now - day);
  const state before = evaluate(cfg, &all, now, signals{});
  REQUIRE(before.categories[2].allowed);
  const auto w = withdrawn(before, after_choice(cfg, &all, choice{choice_kind::custom, {{"marketing", false}}, {}}));
  CHECK(w.categories == std::vector<std::string>{"marketing"});
  CHECK(w.services.empty());
}

}  // namespace test_withdrawal
