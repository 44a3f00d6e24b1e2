// The JSON string facade that wasm binds: total functions, JSON out, errors as values.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "core/boundary.hpp"
#include "core/codec.hpp"
#include "core/cookie_header.hpp"
#include "core/texts.hpp"
#include "fixtures.hpp"

namespace test_boundary {

using namespace cookiegate;
using fx::json;
namespace b = cookiegate::boundary;

namespace {

const double now = static_cast<double>(fx::now);
const std::string hex32 = "00112233445566778899aabbccddeeff";

// The member at a JSON pointer, or null when absent: no throwing accessor is used, so
// this also works in the JSON_NOEXCEPTION build.
json at(const json& j, const char* pointer) {
  const json::json_pointer p(pointer);
  return j.contains(p) ? j[p] : json();
}

std::string str(const json& j, const char* pointer) {
  const json v = at(j, pointer);
  return v.is_string() ? v.get<std::string>() : "<not a string: " + v.dump() + ">";
}

// An error value: ok false and a complete error object; returns its name.
std::string error_of(const std::string& text) {
  const json j = fx::answer(text);
  if (j["ok"].get<bool>()) return "<ok>";
  const json e = at(j, "/error");
  REQUIRE(e.is_object());
  REQUIRE(at(e, "/code").is_number_integer());
  REQUIRE(at(e, "/name").is_string());
  REQUIRE(at(e, "/path").is_string());
  REQUIRE(at(e, "/message").is_string());
  CHECK_FALSE(str(e, "/message").empty());
  const auto code = static_cast<errc>(at(e, "/code").get<int>());
  CHECK(error_name(code) == str(e, "/name"));
  return str(e, "/name");
}

json ok_of(const std::string& text) {
  const json j = fx::answer(text);
  INFO("output: " << text.substr(0, 400));
  REQUIRE(j["ok"].get<bool>());
  return j;
}

std::string cookie_header_of(const json& out) {
  return str(out, "/cookie/name") + "=" + str(out, "/cookie/value");
}

}  // namespace

TEST_CASE("boundary validate_config returns the config with defaults filled in", "[boundary]") {
  SECTION("valid") {
    const auto out = ok_of(b::validate_config(fx::small_config));
    CHECK(str(out, "/config/policy/version") == "1.2.0");
    CHECK(str(out, "/config/cookie/storedName") == "cookiegate");
    CHECK(str(out, "/config/cookie/sameSite") == "Lax");
    CHECK(at(out, "/config/expiry/rejectDays") == 182);
    CHECK(at(out, "/config/categories").size() == 3);
    CHECK(at(out, "/config/gpc/categories") == json({"analytics", "marketing"}));
    CHECK(at(out, "/config/languages") == json({"en"}));
    CHECK(at(out, "/config/directions") == json::parse(R"({"en":"ltr"})"));
    CHECK(at(out, "/config/ui") == json::parse(R"({"layout":"bar","position":"bottom","modal":false,
                                                   "floatingButton":true,"bilingual":[]})"));
  }
  SECTION("the ui member normalised: modal true is layout modal, and the other way round") {
    auto ui_out = [](json ui) {
      return at(ok_of(b::validate_config(fx::edited(fx::small_config, [&](json& j) { j["ui"] = ui; }))), "/config/ui");
    };
    CHECK(ui_out({{"modal", true}}) == json::parse(R"({"layout":"modal","position":"center","modal":true,
                                                       "floatingButton":true,"bilingual":[]})"));
    CHECK(ui_out({{"layout", "modal"}})["modal"] == true);
    CHECK(ui_out({{"layout", "box"}, {"floatingButton", false}}) ==
          json::parse(R"({"layout":"box","position":"bottom-right","modal":false,
                          "floatingButton":false,"bilingual":[]})"));
  }
  SECTION("each language's text direction, for the UI's dir attributes") {
    const auto out = ok_of(b::validate_config(fx::edited(fx::small_config, [](json& j) {
      j["languages"] = {"en", "ar", "he-IL", "zh"};
      for (const char* l : {"ar", "he-IL"})
        for (auto k : cookiegate::text_keys) j["texts"][l][std::string(k)] = "x";
    })));
    CHECK(at(out, "/config/directions") ==
          json::parse(R"({"en":"ltr","ar":"rtl","he-IL":"rtl","zh":"ltr"})"));
  }
  SECTION("the output is itself a valid config that round-trips") {
    for (const char* text : {fx::small_config, fx::realistic_config}) {
      const auto out = ok_of(b::validate_config(text));
      json cfg = at(out, "/config");
      cfg["cookie"].erase("storedName");
      cfg.erase("directions");
      const auto again = ok_of(b::validate_config(cfg.dump()));
      CHECK(at(again, "/config") == at(out, "/config"));
    }
  }
  SECTION("invalid: an error object with code, name, path and message") {
    const auto text = b::validate_config(fx::edited(fx::small_config, [](json& j) { j["categories"][2]["id"] = "analytics"; }));
    CHECK(error_of(text) == "config_duplicate_id");
    const auto j = fx::answer(text);
    CHECK(at(j, "/error/code") == 105);
    CHECK(str(j, "/error/path") == "categories[2].id");
    CHECK_THAT(str(j, "/error/message"), Catch::Contains("duplicate id \"analytics\""));
  }
  SECTION("not JSON") { CHECK(error_of(b::validate_config("nope")) == "config_not_json"); }
  SECTION("over the cap") {
    CHECK(error_of(b::validate_config(std::string(max_config_bytes + 1, ' '))) == "input_too_large");
  }
}

TEST_CASE("boundary evaluate returns the state in the documented shape", "[boundary]") {
  SECTION("no cookie") {
    const auto out = ok_of(b::evaluate(fx::small_config, "", now, false));
    CHECK(str(out, "/state/prompt") == "consent");
    CHECK(str(out, "/state/reason") == "no_record");
    CHECK(at(out, "/state/recordError").is_null());
    CHECK(at(out, "/state/notice").is_null());
    CHECK(at(out, "/state/record").is_null());
    CHECK(at(out, "/state/expiresAt").is_null());
    CHECK(str(out, "/state/policy") == "1.2.0");
    CHECK(at(out, "/state/gpcApplied") == false);
    const json cats = at(out, "/state/categories");
    REQUIRE(cats.size() == 3);
    CHECK(cats[1] == json::parse(R"({"id":"analytics","required":false,"allowed":false,"ask":true,
        "changed":false,"gpc":false,"services":[{"id":"matomo","allowed":false},{"id":"hotjar","allowed":false}]})"));
    const json mode = at(out, "/state/consentMode");
    REQUIRE(mode.size() == 7);
    for (const char* s : {"ad_storage", "ad_user_data", "ad_personalization", "analytics_storage",
                          "functionality_storage", "personalization_storage"})
      CHECK(str(mode, (std::string("/") + s).c_str()) == "denied");
    CHECK(str(mode, "/security_storage") == "granted");
  }
  SECTION("a garbage cookie is reported, not trusted") {
    const auto out = ok_of(b::evaluate(fx::small_config, "cookiegate=eyJhbGwiOnRydWV9", now, false));
    CHECK(str(out, "/state/reason") == "invalid_record");
    CHECK(at(out, "/state/recordError") == json({{"code", 202}, {"name", "record_format"}}));
    CHECK(at(out, "/state/categories/2/allowed") == false);
  }
  SECTION("GPC") {
    const auto out = ok_of(b::evaluate(fx::small_config, "", now, true));
    CHECK(at(out, "/state/gpcApplied") == true);
    CHECK(at(out, "/state/categories/2/gpc") == true);
    CHECK(str(out, "/state/prompt") == "none");
  }
  SECTION("bad arguments") {
    CHECK(error_of(b::evaluate("{}", "", now, false)) == "config_missing");
    CHECK(error_of(b::evaluate(fx::small_config, "", std::nan(""), false)) == "input_invalid");
    CHECK(error_of(b::evaluate(fx::small_config, "", std::numeric_limits<double>::infinity(), false)) == "input_invalid");
    CHECK(error_of(b::evaluate(fx::small_config, "", -1, false)) == "input_invalid");
    CHECK(error_of(b::evaluate(fx::small_config, "", 0, false)) == "input_invalid");
    CHECK(error_of(b::evaluate(fx::small_config, std::string(max_cookie_header + 1, 'a'), now, false)) == "input_too_large");
    CHECK(error_of(b::evaluate(std::string(max_config_bytes + 1, ' '), "", now, false)) == "input_too_large");
  }
}

TEST_CASE("boundary choose writes a cookie that evaluate then reads", "[boundary][choice]") {
  const auto out = ok_of(b::choose(fx::small_config, "", now, false, R"({"kind":"accept_all"})", hex32, "en"));
  CHECK(str(out, "/cookie/name") == "cookiegate");
  CHECK(at(out, "/cookie/maxAge") == 365 * fx::day);
  CHECK(str(out, "/cookie/path") == "/");
  CHECK(str(out, "/cookie/domain") == "");
  CHECK(str(out, "/cookie/sameSite") == "Lax");
  CHECK(at(out, "/cookie/secure") == true);
  CHECK(str(out, "/state/prompt") == "none");
  CHECK(str(out, "/state/record/id") == hex32);
  CHECK(str(out, "/state/record/method") == "accept_all");
  CHECK(at(out, "/state/record/created") == fx::now);
  CHECK(at(out, "/state/expiresAt") == fx::now + 365 * fx::day);
  CHECK(str(out, "/state/consentMode/ad_storage") == "granted");
  const auto decoded = decode(str(out, "/cookie/value"), fx::now);
  REQUIRE(decoded.ok());
  CHECK(decoded.value().method == consent_method::accept_all);

  const auto header = "a=1; " + cookie_header_of(out);
  const auto later = ok_of(b::evaluate(fx::small_config, header, now + 60, false));
  CHECK(str(later, "/state/prompt") == "none");
  CHECK(at(later, "/state/categories/2/allowed") == true);

  SECTION("a custom choice on top keeps the id and stores the overrides") {
    const auto c = ok_of(b::choose(fx::small_config, header, now + 120, false,
                                   R"({"kind":"custom","categories":{"marketing":false},"services":{"hotjar":false}})",
                                   "", "zh"));
    CHECK(str(c, "/state/record/id") == hex32);
    CHECK(str(c, "/state/record/method") == "custom");
    CHECK(str(c, "/state/record/language") == "zh");
    // A granted category lists every service it was granted with (sorted by key).
    CHECK(at(c, "/state/record/services").size() == 2);
    for (const auto& s : at(c, "/state/record/services"))
      CHECK(s == (s["id"] == "hotjar" ? json::parse(R"({"id":"hotjar","granted":false})")
                                      : json::parse(R"({"id":"matomo","granted":true})")));
    CHECK(at(c, "/state/categories/1/allowed") == true);
    CHECK(at(c, "/state/categories/1/services/1/allowed") == false);
    CHECK(at(c, "/state/categories/2/allowed") == false);
    CHECK(str(c, "/state/consentMode/ad_storage") == "denied");
    CHECK(at(c, "/cookie/maxAge") == 182 * fx::day);  // it now holds a refusal
  }
  SECTION("decisions for categories the config no longer has show a null id") {
    const std::string without_analytics =
        fx::edited(fx::small_config, [](json& j) { j["categories"].erase(1); });
    const auto st = ok_of(b::evaluate(without_analytics, header, now + 60, false));
    CHECK(str(st, "/state/prompt") == "none");
    const json cats = at(st, "/state/record/categories");
    REQUIRE(cats.size() == 3);
    std::size_t nulls = 0;
    for (const auto& c : cats) nulls += c.contains("id") && c["id"].is_null() ? 1 : 0;
    CHECK(nulls == 1);
  }
  SECTION("fractional seconds are floored") {
    const auto f = ok_of(b::choose(fx::small_config, "", now + 0.9, false, R"({"kind":"reject_all"})", hex32, "en"));
    CHECK(at(f, "/state/record/created") == fx::now);
  }
}

TEST_CASE("boundary choose refuses malformed choices with an error value", "[boundary][choice][adversarial]") {
  auto choose = [](const std::string& choice_json, const std::string& random = hex32,
                   const std::string& lang = "en") {
    return error_of(b::choose(fx::small_config, "", now, false, choice_json, random, lang));
  };
  const char* garbage = GENERATE(as<const char*>{}, "", "null", "not json", "[]", "{}", "42", "\"accept_all\"",
                                 R"({"kind":"accept"})", R"({"kind":1})", R"({"kind":null})",
                                 R"({"kind":"custom","categories":{"analytics":"yes"}})",
                                 R"({"kind":"custom","categories":["analytics"]})",
                                 R"({"kind":"custom","services":{"hotjar":1}})",
                                 R"({"kind":"custom","extra":true})", R"({"kind":"custom"} trailing)",
                                 R"({"kind":"custom"})", R"({"kind":"custom","categories":null})");
  INFO("choice: " << garbage);
  CHECK(choose(garbage) == "choice_invalid");
  SECTION("the errors the core gives") {
    CHECK(choose(R"({"kind":"custom","categories":{"necessary":false}})") == "choice_required");
    CHECK(choose(R"({"kind":"custom","categories":{"video":true}})") == "choice_unknown_category");
    CHECK(choose(R"({"kind":"custom","categories":{},"services":{"youtube":true}})") == "choice_unknown_service");
    CHECK(choose(R"({"kind":"accept_all"})", "abcd") == "choice_random");
    CHECK(choose(R"({"kind":"accept_all"})", "") == "choice_random");
    CHECK(choose(R"({"kind":"accept_all"})", hex32.substr(1)) == "choice_random");
    CHECK(choose(R"({"kind":"accept_all"})", "zz" + hex32.substr(2)) == "choice_random");
    CHECK(choose(R"({"kind":"accept_all"})", hex32, "") == "choice_invalid");
    CHECK(choose(R"({"kind":"accept_all"})", hex32, "en\"US") == "choice_invalid");
    CHECK(choose(std::string(b::max_choice_bytes + 1, ' ')) == "input_too_large");
  }
}

TEST_CASE("a custom choice without its categories is refused, not recorded as a refusal of everything", "[boundary][choice][regression]") {
  // A trial's CookieGate.set() with no arguments saved a record refusing everything: a
  // choice nobody made, in the record of consent.
  for (const char* c : {R"({"kind":"custom"})", R"({"kind":"custom","categories":null})",
                        R"({"kind":"custom","categories":null,"services":null})"}) {
    INFO("choice: " << c);
    const auto j = fx::answer(b::choose(fx::small_config, "", now, false, c, hex32, "en"));
    CHECK(str(j, "/error/name") == "choice_invalid");
    CHECK(str(j, "/error/path") == "choice.categories");
    CHECK(str(j, "/error/message").find("reject_all") != std::string::npos);
  }
  // An empty map is a choice (nothing granted, earlier decisions kept), and so are
  // services alone (one switched off, the rest kept).
  for (const char* c : {R"({"kind":"custom","categories":{}})", R"({"kind":"custom","services":{"hotjar":false}})"}) {
    INFO("choice: " << c);
    CHECK(str(ok_of(b::choose(fx::small_config, "", now, false, c, hex32, "en")), "/state/record/method") == "custom");
  }
}

TEST_CASE("boundary acknowledge records the notice and needs a valid record", "[boundary]") {
  const std::string v110 = fx::edited(fx::small_config, [](json& j) { j["policy"]["version"] = "1.1.0"; });
  const auto first = ok_of(b::choose(v110, "", now - 86400, false, R"({"kind":"accept_all"})", hex32, "en"));
  const auto header = cookie_header_of(first);
  const auto before = ok_of(b::evaluate(fx::small_config, header, now, false));
  CHECK(str(before, "/state/prompt") == "notice");
  CHECK(at(before, "/state/notice") == json({{"kind", "update"}, {"version", "1.2.0"}, {"effective", ""}}));
  const auto ack = ok_of(b::acknowledge(fx::small_config, header, now, false));
  CHECK(str(ack, "/state/prompt") == "none");
  CHECK(at(ack, "/state/notice").is_null());
  CHECK(str(ack, "/state/record/acknowledged") == "1.2.0");
  CHECK(str(ack, "/state/record/policy") == "1.1.0");
  CHECK(at(ack, "/state/record/updated") == fx::now - 86400);
  SECTION("no record to acknowledge") {
    CHECK(error_of(b::acknowledge(fx::small_config, "", now, false)) != "<ok>");
    CHECK(error_of(b::acknowledge(fx::small_config, "cookiegate=1.AAAA", now, false)) != "<ok>");
  }
}

TEST_CASE("a record keyed as before service_key: its refusals, read through the boundary", "[boundary][compat]") {
  // Services keyed by their id alone (short_key), as every record written before: hotjar
  // refused, the rest granted.
  const auto cfg = fx::small();
  const auto r = fx::keyed_as_before(cfg, fx::make_record(cfg, {{"analytics", true}, {"marketing", true}},
                                                          version{1, 2, 0}, fx::now - 86400, {{"hotjar", false}}));
  const std::string header = "cookiegate=" + encode(r);
  const auto seen = ok_of(b::evaluate(fx::small_config, header, now, false));
  REQUIRE(str(seen, "/state/prompt") == "none");
  CHECK(at(seen, "/state/record/services/0/id").is_string());  // listed under its id
  SECTION("reject all withdraws, and cleans up after, what ran, not the service refused before") {
    const auto out = ok_of(b::choose(fx::small_config, header, now + 60, false, R"({"kind":"reject_all"})", "", "en"));
    for (const char* list : {"/withdrawn/services", "/cleanup/services"}) {
      INFO(list);
      for (const auto& w : at(out, list)) CHECK(w["id"] != "hotjar");
      CHECK(at(out, list).size() == 3);
    }
  }
  SECTION("a service moved since keeps its decision in its new category, as README says") {
    const std::string moved = fx::edited(fx::small_config, [](json& j) {
      j["categories"][1]["services"] = json::array({{{"id", "hotjar"}}});
      j["categories"][2]["services"].push_back({{"id", "matomo"}});
    });
    const auto st = ok_of(b::evaluate(moved, header, now, false));
    CHECK(str(st, "/state/prompt") == "none");
  }
}

TEST_CASE("boundary negotiate_language and text_keys", "[boundary]") {
  SECTION("negotiation") {
    CHECK(str(ok_of(b::negotiate_language(fx::realistic_config, R"(["zh-Hans-CN","en"])")), "/language") == "zh");
    CHECK(str(ok_of(b::negotiate_language(fx::realistic_config, "[]")), "/language") == "en");
    CHECK(str(ok_of(b::negotiate_language(fx::realistic_config, R"([1, null, "zh"])")), "/language") == "zh");
    CHECK(error_of(b::negotiate_language(fx::realistic_config, "zh")) == "input_invalid");
    CHECK(error_of(b::negotiate_language(fx::realistic_config, R"({"0":"zh"})")) == "input_invalid");
    CHECK(error_of(b::negotiate_language("[]", "[]")) == "config_not_json");
    CHECK(error_of(b::negotiate_language(fx::realistic_config, std::string(b::max_preferences_bytes + 1, ' '))) ==
          "input_too_large");
  }
  SECTION("text keys") {
    const auto out = ok_of(b::text_keys());
    const json keys = at(out, "/keys");
    REQUIRE(keys.size() == text_keys.size());
    for (std::size_t i = 0; i < text_keys.size(); ++i) CHECK(keys[i] == std::string(text_keys[i]));
    CHECK(at(out, "/builtin") == json({"en", "zh"}));
  }
}

TEST_CASE("choose names what the choice withdrew, a category without services too", "[boundary][withdrawal][regression]") {
  const auto cfg = fx::edited(fx::small_config, [](json& j) { j["categories"][2].erase("services"); });
  const auto accepted = ok_of(b::choose(cfg, "", now, false, R"({"kind":"accept_all"})", hex32, "en"));
  CHECK(at(accepted, "/withdrawn") == json::parse(R"({"categories":[],"services":[]})"));
  const auto header = cookie_header_of(accepted);
  SECTION("refusing marketing, which has no services") {
    const auto out = ok_of(b::choose(cfg, header, now + 60, false,
                                     R"({"kind":"custom","categories":{"marketing":false}})", "", "en"));
    CHECK(at(out, "/withdrawn") == json::parse(R"({"categories":["marketing"],"services":[]})"));
  }
  SECTION("reject all: both categories and the services of analytics") {
    const auto out = ok_of(b::choose(cfg, header, now + 60, false, R"({"kind":"reject_all"})", "", "en"));
    CHECK(at(out, "/withdrawn") == json::parse(R"({"categories":["analytics","marketing"],
        "services":[{"category":"analytics","id":"matomo"},{"category":"analytics","id":"hotjar"}]})"));
  }
  SECTION("one service switched off") {
    const auto out = ok_of(b::choose(cfg, header, now + 60, false,
                                     R"({"kind":"custom","services":{"hotjar":false}})", "", "en"));
    CHECK(at(out, "/withdrawn") == json::parse(R"({"categories":[],"services":[{"category":"analytics","id":"hotjar"}]})"));
  }
  SECTION("acknowledge never withdraws anything") {
    const auto v130 = fx::edited(cfg, [](json& j) { j["policy"]["version"] = "1.3.0"; });
    const auto out = ok_of(b::acknowledge(v130, header, now + 60, false));
    CHECK(at(out, "/withdrawn") == json::parse(R"({"categories":[],"services":[]})"));
  }
}

TEST_CASE("evaluate_change compares the cookie another tab wrote with the one before", "[boundary][withdrawal]") {
  const auto cfg = fx::small_config;
  const auto accepted = cookie_header_of(ok_of(b::choose(cfg, "", now, false, R"({"kind":"accept_all"})", hex32, "en")));
  const auto rejected = cookie_header_of(ok_of(b::choose(cfg, accepted, now, false, R"({"kind":"reject_all"})", "", "en")));
  SECTION("a withdrawal elsewhere: the new state and what it took away") {
    const auto out = ok_of(b::evaluate_change(cfg, accepted, rejected, now + 5, false));
    CHECK(str(out, "/state/record/method") == "reject_all");
    CHECK(at(out, "/state/categories/1/allowed") == false);
    CHECK(at(out, "/withdrawn/categories") == json({"analytics", "marketing"}));
    CHECK(at(out, "/withdrawn/services").size() == 4);
    CHECK(at(out, "/withdrawn/services/0") == json::parse(R"({"category":"analytics","id":"matomo"})"));
  }
  SECTION("a grant elsewhere withdraws nothing") {
    const auto out = ok_of(b::evaluate_change(cfg, rejected, accepted, now + 5, false));
    CHECK(at(out, "/state/categories/2/allowed") == true);
    CHECK(at(out, "/withdrawn") == json::parse(R"({"categories":[],"services":[]})"));
  }
  SECTION("the cookie deleted elsewhere withdraws everything it allowed") {
    const auto out = ok_of(b::evaluate_change(cfg, accepted, "", now + 5, false));
    CHECK(str(out, "/state/prompt") == "consent");
    CHECK(at(out, "/withdrawn/categories") == json({"analytics", "marketing"}));
  }
  SECTION("a tampered cookie elsewhere is no consent: everything withdrawn") {
    const auto out = ok_of(b::evaluate_change(cfg, accepted, accepted + "x", now + 5, false));
    CHECK(str(out, "/state/reason") == "invalid_record");
    CHECK(at(out, "/withdrawn/categories") == json({"analytics", "marketing"}));
  }
  SECTION("both evaluated at the same now and gpc") {
    // At a time when the old record has expired too, nothing it allowed is still allowed
    // before the change, so the change withdraws nothing.
    const auto out = ok_of(b::evaluate_change(cfg, accepted, rejected, now + 400.0 * 86400, false));
    CHECK(at(out, "/withdrawn") == json::parse(R"({"categories":[],"services":[]})"));
  }
  SECTION("errors are values, with the path of the bad argument") {
    CHECK(error_of(b::evaluate_change(cfg, std::string(max_cookie_header + 1, 'a'), "", now, false)) == "input_too_large");
    CHECK(str(fx::answer(b::evaluate_change(cfg, std::string(max_cookie_header + 1, 'a'), "", now, false)), "/error/path") ==
          "previousCookie");
    CHECK(error_of(b::evaluate_change(cfg, "", std::string(max_cookie_header + 1, 'a'), now, false)) == "input_too_large");
    CHECK(error_of(b::evaluate_change(cfg, "", "", std::nan(""), false)) == "input_invalid");
    CHECK(error_of(b::evaluate_change("{}", "", "", now, false)) == "config_missing");
  }
}

TEST_CASE("a refusal cleans up after what the stored record granted, in force or not (a re-ask's Refuse kept the trackers' cookies)",
          "[boundary][withdrawal][regression]") {
  // A re-ask allows nothing while it waits, so nothing is withdrawn by its Refuse: the
  // cookies set under the earlier grant stayed. `cleanup` names them; `withdrawn` still
  // names only what ran on the page (what a reload must stop).
  const auto cfg = fx::small_config;
  const auto accepted = cookie_header_of(ok_of(b::choose(cfg, "", now, false, R"({"kind":"accept_all"})", hex32, "en")));
  const json none = json::parse(R"({"categories":[],"services":[]})");
  const json all = json::parse(R"({"categories":["analytics","marketing"],
      "services":[{"category":"analytics","id":"matomo"},{"category":"analytics","id":"hotjar"},
                  {"category":"marketing","id":"google-ads"},{"category":"marketing","id":"meta-pixel"}]})");
  const auto major = fx::edited(cfg, [](json& j) { j["policy"]["version"] = "2.0.0"; });
  REQUIRE(str(ok_of(b::evaluate(major, accepted, now + 60, false)), "/state/reason") == "major_update");
  SECTION("a MAJOR update's re-ask refused: every earlier grant named, nothing withdrawn") {
    for (const char* refusal : {R"({"kind":"reject_all"})", R"({"kind":"custom","categories":{"analytics":false,"marketing":false}})"}) {
      INFO(refusal);
      const auto out = ok_of(b::choose(major, accepted, now + 60, false, refusal, "", "en"));
      CHECK(at(out, "/withdrawn") == none);
      CHECK(at(out, "/cleanup") == all);
    }
  }
  SECTION("a MAJOR update's re-ask answered in part: only the refused grant named") {
    const auto out = ok_of(b::choose(major, accepted, now + 60, false,
                                     R"({"kind":"custom","categories":{"analytics":true,"marketing":false}})", "", "en"));
    CHECK(at(out, "/cleanup") == json::parse(R"({"categories":["marketing"],
        "services":[{"category":"marketing","id":"google-ads"},{"category":"marketing","id":"meta-pixel"}]})"));
  }
  SECTION("a MAJOR update's re-ask accepted: nothing named") {
    const auto out = ok_of(b::choose(major, accepted, now + 60, false, R"({"kind":"accept_all"})", "", "en"));
    CHECK(at(out, "/cleanup") == none);
  }
  SECTION("a revised category refused: its earlier grant named, the category still granted kept") {
    const auto revised = fx::edited(cfg, [](json& j) {
      j["policy"]["version"] = "1.2.1";
      j["categories"][1]["revision"] = 2;
    });
    REQUIRE(str(ok_of(b::evaluate(revised, accepted, now + 60, false)), "/state/reason") == "category_changed");
    const auto out = ok_of(b::choose(revised, accepted, now + 60, false,
                                     R"({"kind":"custom","categories":{"analytics":false}})", "", "en"));
    CHECK(at(out, "/withdrawn") == none);
    CHECK(at(out, "/cleanup") == json::parse(R"({"categories":["analytics"],
        "services":[{"category":"analytics","id":"matomo"},{"category":"analytics","id":"hotjar"}]})"));
    CHECK(at(out, "/state/categories/2/allowed") == true);
  }
  SECTION("an expired record's grants named when the new question is refused") {
    const double later = now + 400.0 * 86400;
    REQUIRE(str(ok_of(b::evaluate(cfg, accepted, later, false)), "/state/reason") == "expired");
    const auto out = ok_of(b::choose(cfg, accepted, later, false, R"({"kind":"reject_all"})", hex32, "en"));
    CHECK(at(out, "/withdrawn") == none);
    CHECK(at(out, "/cleanup") == all);
  }
  SECTION("a record that had refused: nothing named") {
    const auto refused = cookie_header_of(ok_of(b::choose(cfg, "", now, false, R"({"kind":"reject_all"})", hex32, "en")));
    const auto out = ok_of(b::choose(major, refused, now + 60, false, R"({"kind":"reject_all"})", "", "en"));
    CHECK(at(out, "/cleanup") == none);
  }
  SECTION("a service the stored record refused is not named: nothing was stored under a grant") {
    const auto partial = cookie_header_of(ok_of(b::choose(cfg, "", now, false,
        R"({"kind":"custom","categories":{"analytics":true},"services":{"hotjar":false}})", hex32, "en")));
    const auto out = ok_of(b::choose(major, partial, now + 60, false, R"({"kind":"reject_all"})", "", "en"));
    CHECK(at(out, "/cleanup") == json::parse(R"({"categories":["analytics"],
        "services":[{"category":"analytics","id":"matomo"}]})"));
  }
  SECTION("a withdrawal under an unchanged policy: cleanup is what was withdrawn") {
    const auto out = ok_of(b::choose(cfg, accepted, now + 60, false, R"({"kind":"reject_all"})", "", "en"));
    CHECK(at(out, "/withdrawn") == all);
    CHECK(at(out, "/cleanup") == all);
  }
  SECTION("acknowledging decides nothing: nothing named") {
    const auto minor = fx::edited(cfg, [](json& j) { j["policy"]["version"] = "1.3.0"; });
    CHECK(at(ok_of(b::acknowledge(minor, accepted, now + 60, false)), "/cleanup") == none);
    CHECK(at(ok_of(b::acknowledge(major, accepted, now + 60, false)), "/cleanup") == none);
  }
  SECTION("another tab's refusal of the re-ask: evaluate_change names the same") {
    const auto refused = cookie_header_of(ok_of(b::choose(major, accepted, now + 60, false, R"({"kind":"reject_all"})", "", "en")));
    const auto out = ok_of(b::evaluate_change(major, accepted, refused, now + 70, false));
    CHECK(at(out, "/withdrawn") == none);
    CHECK(at(out, "/cleanup") == all);
    // The cookie deleted elsewhere refuses nothing: only what ran is cleaned up.
    CHECK(at(ok_of(b::evaluate_change(major, accepted, "", now + 70, false)), "/cleanup") == none);
    CHECK(at(ok_of(b::evaluate_change(cfg, accepted, "", now + 70, false)), "/cleanup") == all);
  }
}

TEST_CASE("every boundary function survives hostile inputs", "[boundary][adversarial]") {
  const std::vector<std::pair<const char*, std::string>> hostile = {
      {"empty", ""},
      {"huge", std::string(4 * 1024 * 1024, 'A')},
      {"invalid UTF-8", "\xff\xfe\xc3\x28\xa0\xa1\xe2\x28\xa1"},
      {"NUL bytes", std::string("{\"kind\":\"accept_all\"}\0\0\0", 24)},
      {"deep nesting", std::string(100000, '[') + std::string(100000, ']')},
      {"deep nesting under the caps", std::string(2000, '[') + std::string(2000, ']')},
      {"deep objects", [] {
         std::string s;
         for (int i = 0; i < 1500; ++i) s += "{\"a\":";
         return s + "1" + std::string(1500, '}');
       }()},
      {"a lone surrogate", "[\"\\ud800\"]"},
      {"a JSON string with invalid UTF-8", "{\"kind\":\"\xff\"}"},
  };
  for (const auto& [what, input] : hostile) {
    INFO("hostile input: " << what);
    SECTION(std::string("config: ") + what) {
      CHECK(error_of(b::validate_config(input)) != "<ok>");
      CHECK(error_of(b::evaluate(input, "", now, false)) != "<ok>");
      CHECK(error_of(b::choose(input, "", now, false, R"({"kind":"accept_all"})", hex32, "en")) != "<ok>");
      CHECK(error_of(b::acknowledge(input, "", now, false)) != "<ok>");
      CHECK(error_of(b::evaluate_change(input, "", "", now, false)) != "<ok>");
      CHECK(error_of(b::negotiate_language(input, "[]")) != "<ok>");
    }
    SECTION(std::string("cookie header: ") + what) {
      // A hostile header is no consent: an error, or a state that allows nothing optional.
      const auto j = fx::answer(b::evaluate(fx::small_config, input, now, false));
      if (j["ok"].get<bool>()) {
        CHECK(str(j, "/state/prompt") == "consent");
        CHECK(at(j, "/state/categories/1/allowed") == false);
        CHECK(at(j, "/state/categories/2/allowed") == false);
      }
      CHECK(error_of(b::acknowledge(fx::small_config, input, now, false)) != "<ok>");
      for (const auto& change : {fx::answer(b::evaluate_change(fx::small_config, input, "", now, false)),
                                 fx::answer(b::evaluate_change(fx::small_config, "", input, now, false))})
        if (change["ok"].get<bool>()) {
          CHECK(at(change, "/state/categories/2/allowed") == false);
          CHECK(at(change, "/withdrawn") == json::parse(R"({"categories":[],"services":[]})"));
        }
      const auto c = fx::answer(b::choose(fx::small_config, input, now, false, R"({"kind":"reject_all"})", hex32, "en"));
      if (c["ok"].get<bool>()) CHECK(at(c, "/state/categories/2/allowed") == false);
    }
    SECTION(std::string("cookie value: ") + what) {
      const auto j = fx::answer(b::evaluate(fx::small_config, "cookiegate=" + input, now, false));
      if (j["ok"].get<bool>()) {
        CHECK(str(j, "/state/reason") == "invalid_record");
        CHECK(at(j, "/state/categories/2/allowed") == false);
      }
    }
    SECTION(std::string("choice: ") + what) {
      const auto name = error_of(b::choose(fx::small_config, "", now, false, input, hex32, "en"));
      CHECK(name != "<ok>");
    }
    SECTION(std::string("random and language: ") + what) {
      CHECK(error_of(b::choose(fx::small_config, "", now, false, R"({"kind":"accept_all"})", input, "en")) != "<ok>");
      CHECK(error_of(b::choose(fx::small_config, "", now, false, R"({"kind":"accept_all"})", hex32, input)) != "<ok>");
    }
    SECTION(std::string("preferences: ") + what) {
      const auto j = fx::answer(b::negotiate_language(fx::small_config, input));
      if (j["ok"].get<bool>()) CHECK(str(j, "/language") == "en");
    }
  }
}

}  // namespace test_boundary
