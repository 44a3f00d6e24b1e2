// The validity window of an answer (state.validUntil): the same inputs give the same
// state at every instant in [now, validUntil) and a different one at validUntil. A
// runtime replays a stored answer only inside that window, so a window one second too
// long would replay a stale decision: the checks below prove they can see that.
#include <catch2/catch.hpp>

#include <map>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "core/boundary.hpp"
#include "core/codec.hpp"
#include "fixtures.hpp"
#include "record_forge.hpp"

namespace test_valid_until {

using namespace cookiegate;
using fx::json;
namespace b = cookiegate::boundary;

namespace {

struct input {
  std::string config;
  std::string cookie;  // the whole Cookie header
  bool gpc = false;
  // The answers already asked for, by instant. evaluate() is a pure function of these
  // inputs, and the window checks ask for the same instants again and again (each an
  // evaluation, its state written as JSON and parsed back: under the sanitizers these
  // checks took most of the test time). Each instant is still asked of the core once,
  // and the table moves from config to config, so the core's one-entry config cache
  // (core/config_cache.cpp) still changes text between them.
  mutable std::map<std::int64_t, json> answers{};
};

// The state the boundary answers at `t`, whole (validUntil included: it is part of
// the answer a runtime stores).
json state_at(const input& in, std::int64_t t) {
  if (const auto it = in.answers.find(t); it != in.answers.end()) return it->second;
  const json out = fx::answer(b::evaluate(in.config, in.cookie, static_cast<double>(t), in.gpc));
  REQUIRE(out["ok"] == true);
  return in.answers.emplace(t, out["state"]).first->second;
}

std::optional<std::int64_t> valid_until(const json& st) {
  REQUIRE(st.contains("validUntil"));
  if (st["validUntil"].is_null()) return std::nullopt;
  REQUIRE(st["validUntil"].is_number_integer());
  return st["validUntil"].get<std::int64_t>();
}

// Whether `window` is exactly the validity window of the answer at `t`: the same state
// at t, at a few instants inside and at window - 1; a different one at window. An
// empty window must hold at instants far ahead. Returns the reason it does not.
std::string window_mismatch(const input& in, std::int64_t t, std::optional<std::int64_t> window) {
  const json first = state_at(in, t);
  if (!window) {
    for (std::int64_t later : {t + 1, t + fx::day, t + 400 * fx::day, t + 20 * 365 * fx::day})
      if (state_at(in, later) != first) return "changed at " + std::to_string(later) + " with no window";
    return {};
  }
  if (*window <= t) return "window does not lie after now";
  const std::int64_t len = *window - t;
  for (std::int64_t inside : {t + 1, t + len / 3, t + len / 2, *window - 1})
    if (inside >= t && inside < *window && state_at(in, inside) != first)
      return "changed at " + std::to_string(inside) + " inside the window";
  if (state_at(in, *window) == first) return "unchanged at the window's end";
  return {};
}

std::string cookie_of(const config& cfg, const consent_record& r) {
  return cfg.cookie.stored_name() + "=" + encode(r);
}

// Built on first use: Catch2 must be running when a fixture parses.
std::string upcoming_minor_text() {
  return fx::edited(fx::small_config, [](json& j) {
    j["policy"]["upcoming"] = {{"version", "1.3.0"}, {"effective", "2025-06-10"},
                               {"summary", "We add a chat service."}};
  });
}
std::string upcoming_major_text() {
  return fx::edited(fx::small_config, [](json& j) {
    j["policy"]["upcoming"] = {{"version", "2.0.0"}, {"effective", "2025-07-01"},
                               {"summary", "We change our purposes."}};
  });
}
std::string upcoming_past_text() {
  return fx::edited(fx::small_config, [](json& j) {
    j["policy"]["upcoming"] = {{"version", "1.3.0"}, {"effective", "2025-05-01"},
                               {"summary", "We added a chat service."}};
  });
}
std::string short_expiry_text() {
  return fx::edited(fx::small_config, [](json& j) {
    j["expiry"] = {{"acceptDays", 30}, {"rejectDays", 7}};
  });
}

// Every config above with a handful of records that exercise each time comparison.
std::vector<input> table() {
  std::vector<input> out;
  for (const std::string& text : {std::string(fx::small_config), upcoming_minor_text(), upcoming_major_text(),
                                  upcoming_past_text(), short_expiry_text(), std::string(fx::realistic_config)}) {
    const config cfg = fx::must_parse(text);
    std::vector<std::string> cookies = {"", "cookiegate=garbage", "other=1"};
    std::vector<std::string> optional;
    for (const auto& c : cfg.categories)
      if (!c.required) optional.push_back(c.id);
    auto record = [&](bool grant_all, bool mixed, version v, std::int64_t updated) {
      fx::decisions d;
      for (std::size_t i = 0; i < optional.size(); ++i)
        d.emplace_back(optional[i], mixed ? i % 2 == 0 : grant_all);
      return cookie_of(cfg, fx::make_record(cfg, d, v, updated));
    };
    const version current = cfg.policy.ver;
    for (std::int64_t age : {std::int64_t{0}, 3 * fx::day, 29 * fx::day, 181 * fx::day, 364 * fx::day}) {
      cookies.push_back(record(true, false, current, fx::now - age));
      cookies.push_back(record(false, false, current, fx::now - age));
      cookies.push_back(record(false, true, current, fx::now - age));
    }
    cookies.push_back(record(true, false, {current.major, current.minor > 0 ? current.minor - 1 : 0, 0}, fx::now - fx::day));
    cookies.push_back(record(true, false, {9, 0, 0}, fx::now - fx::day));          // future version
    cookies.push_back(record(true, false, current, fx::now + 3 * fx::day));        // dated ahead
    cookies.push_back(record(false, false, current, fx::now + fx::day / 2));       // within skew
    for (const auto& c : cookies)
      for (bool gpc : {false, true}) out.push_back({text, c, gpc});
  }
  return out;
}

}  // namespace

// The table's two halves (without GPC, with GPC) are two test cases, so that ctest runs
// them side by side: together they take most of a sanitizer run's test time.
static void check_windows_hold(bool gpc) {
  std::vector<input> cases;
  for (auto& in : table())
    if (in.gpc == gpc) cases.push_back(std::move(in));
  REQUIRE(cases.size() > 100);
  std::size_t finite = 0;
  for (const auto& in : cases) {
    for (std::int64_t t : {fx::now, fx::now + 5 * fx::day, fx::now + 40 * fx::day, fx::now + 370 * fx::day}) {
      INFO("config " << in.config.substr(0, 120) << "\ncookie " << in.cookie << "\ngpc " << in.gpc
                     << "\nnow " << t);
      const auto window = valid_until(state_at(in, t));
      CHECK(window_mismatch(in, t, window).empty());
      if (window) {
        ++finite;
        // The check sees a window one second too long or too short.
        CHECK_FALSE(window_mismatch(in, t, *window + 1).empty());
        CHECK_FALSE(window_mismatch(in, t, *window - 1).empty());
      } else {
        // And it sees a missing window where the answer does change.
        CHECK_FALSE(window_mismatch(in, t, t + fx::day).empty());
      }
    }
  }
  // Every kind of boundary is in the table: the check is not vacuous.
  CHECK(finite > cases.size());
}

TEST_CASE("an answer holds for the same inputs exactly until its validUntil (no GPC)", "[evaluate][valid_until]") {
  check_windows_hold(false);
}

TEST_CASE("an answer holds for the same inputs exactly until its validUntil (GPC)", "[evaluate][valid_until]") {
  check_windows_hold(true);
}

TEST_CASE("validUntil is the nearest of expiry, an effective date and a future record's date",
          "[evaluate][valid_until]") {
  const config cfg = fx::small();
  const auto accepted = fx::make_record(cfg, {{"analytics", true}, {"marketing", true}}, cfg.policy.ver,
                                        fx::now - 10 * fx::day);
  SECTION("no record, no upcoming change: nothing changes with time") {
    CHECK_FALSE(valid_until(state_at({fx::small_config, "", false}, fx::now)));
  }
  SECTION("a valid record: its expiry") {
    CHECK(valid_until(state_at({fx::small_config, cookie_of(cfg, accepted), false}, fx::now)) ==
          accepted.updated + 365 * fx::day);
  }
  SECTION("an upcoming change before the expiry: its effective date") {
    const auto effective = parse_date("2025-06-10");
    REQUIRE(effective);
    CHECK(valid_until(state_at({upcoming_minor_text(), cookie_of(cfg, accepted), false}, fx::now)) == *effective);
    CHECK(valid_until(state_at({upcoming_minor_text(), "", true}, fx::now)) == *effective);
  }
  SECTION("a record dated ahead: when it comes within the tolerated skew") {
    auto ahead = accepted;
    ahead.created = ahead.updated = fx::now + 3 * fx::day;
    const auto st = state_at({fx::small_config, cookie_of(cfg, ahead), false}, fx::now);
    CHECK(st["recordError"]["name"] == "record_future");
    CHECK(valid_until(st) == ahead.updated - max_clock_skew);
  }
  SECTION("an expired record: nothing more") {
    CHECK_FALSE(valid_until(state_at({fx::small_config, cookie_of(cfg, accepted), false},
                                     fx::now + 400 * fx::day)));
  }
}

TEST_CASE("choose and acknowledge answer with the window of the new record", "[boundary][valid_until]") {
  const json out = fx::answer(b::choose(upcoming_major_text(), "", static_cast<double>(fx::now), false,
                                        R"({"kind":"reject_all"})", "00112233445566778899aabbccddeeff", "en"));
  REQUIRE(out["ok"] == true);
  // The upcoming MAJOR change (2025-07-01) comes before the refusal's 182 days.
  const auto effective = parse_date("2025-07-01");
  REQUIRE(effective);
  CHECK(out["state"]["validUntil"] == *effective);
  const std::string cookie = "cookiegate=" + out["cookie"]["value"].get<std::string>();
  CHECK(window_mismatch({upcoming_major_text(), cookie, false}, fx::now, *effective).empty());
}

TEST_CASE("random records: the window holds and ends where the state changes",
          "[evaluate][valid_until][property]") {
  std::mt19937 rng(20251130);
  const std::vector<std::string> configs = {fx::small_config, upcoming_minor_text(), upcoming_major_text(), short_expiry_text()};
  for (int i = 0; i < 300; ++i) {
    const std::string& text = configs[static_cast<std::size_t>(i) % configs.size()];
    const config cfg = fx::must_parse(text);
    const std::int64_t t = fx::now + std::uniform_int_distribution<std::int64_t>(-30, 400)(rng) * fx::day / 3;
    auto r = forge::random_record(rng, t + 2 * fx::day);
    // Half of them decide on this config's categories, so they can be valid.
    if (i % 2 == 0) {
      fx::decisions d;
      for (const auto& c : cfg.categories)
        if (!c.required) d.emplace_back(c.id, std::uniform_int_distribution<int>(0, 1)(rng) == 1);
      const auto updated = std::uniform_int_distribution<std::int64_t>(t - 400 * fx::day, t + 2 * fx::day)(rng);
      r = fx::make_record(cfg, d, i % 4 == 0 ? cfg.policy.ver : r.policy, updated);
    }
    const input in{text, cookie_of(cfg, r), i % 3 == 0};
    INFO("cookie " << in.cookie << " now " << t);
    CHECK(window_mismatch(in, t, valid_until(state_at(in, t))).empty());
  }
}

}  // namespace test_valid_until
