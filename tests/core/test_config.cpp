// Parsing and validating the site owner's config: what is accepted, with which defaults,
// and a table of what is refused, with the code and field path each refusal names.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "core/codec.hpp"
#include "core/config.hpp"
#include "core/texts.hpp"
#include "fixtures.hpp"

namespace test_config {

using namespace cookiegate;
using fx::json;

namespace {

std::size_t service_count(const config& cfg) {
  std::size_t n = 0;
  for (const auto& c : cfg.categories) n += c.services.size();
  return n;
}

std::string all_texts(const std::string& lang_word) {
  json t = json::object();
  for (auto k : text_keys) t[std::string(k)] = lang_word + " " + std::string(k);
  return t.dump();
}

}  // namespace

TEST_CASE("the small config parses with every default filled in", "[config]") {
  const auto cfg = fx::small();
  CHECK(cfg.policy.ver == version{1, 2, 0});
  CHECK(cfg.policy.url == "https://example.com/privacy");
  CHECK_FALSE(cfg.policy.upcoming.has_value());
  REQUIRE(cfg.categories.size() == 3);
  CHECK(cfg.categories[0].id == "necessary");
  CHECK(cfg.categories[0].required);
  CHECK_FALSE(cfg.categories[1].required);
  CHECK(cfg.categories[1].revision == 1);
  CHECK(cfg.categories[1].key == short_key("analytics"));
  CHECK(cfg.categories[2].services[0].key == service_key("marketing", "google-ads"));
  CHECK(cfg.categories[2].services[0].unscoped_key == short_key("google-ads"));
  CHECK(cfg.categories[2].services[0].consent_mode ==
        std::vector<consent_signal>{consent_signal::ad_user_data, consent_signal::ad_personalization});
  SECTION("a plain string title is the same text in every language") {
    CHECK(cfg.languages == std::vector<std::string>{"en"});
    CHECK(cfg.categories[1].title == localized{{"en", "Analytics"}});
  }
  SECTION("defaults") {
    CHECK(cfg.expiry.accept_days == 365);
    CHECK(cfg.expiry.reject_days == 182);
    CHECK(cfg.cookie.name == "cookiegate");
    CHECK(cfg.cookie.stored_name() == "cookiegate");
    CHECK(cfg.cookie.domain.empty());
    CHECK(cfg.cookie.path == "/");
    CHECK(cfg.cookie.site == same_site::lax);
    CHECK(cfg.cookie.secure);
    CHECK_FALSE(cfg.cookie.host_prefix);
    CHECK(cfg.gpc.honour);
    // GPC refuses every optional category unless the config narrows it.
    CHECK(cfg.gpc.categories == std::vector<std::string>{"analytics", "marketing"});
    CHECK_FALSE(cfg.consent_mode.enabled);
    CHECK(cfg.consent_mode.wait_for_update_ms == 500);
  }
  SECTION("expiry defaults to six months each way when absent") {
    auto c = fx::must_parse(fx::edited(fx::small_config, [](json& j) { j.erase("expiry"); }));
    CHECK(c.expiry.accept_days == default_expiry_days);
    CHECK(c.expiry.reject_days == default_expiry_days);
  }
}

TEST_CASE("the realistic config parses: 8 categories, 30 services, en and zh", "[config]") {
  const auto cfg = fx::realistic();
  CHECK(cfg.categories.size() == 8);
  CHECK(service_count(cfg) == 30);
  CHECK(cfg.languages == std::vector<std::string>{"en", "zh"});
  CHECK(cfg.policy.ver == version{3, 1, 4});
  CHECK(cfg.cookie.stored_name() == "__Host-consent");
  CHECK(cfg.consent_mode.enabled);
  CHECK(cfg.gpc.categories == std::vector<std::string>{"marketing", "social", "personalization"});
  CHECK(cfg.categories[1].revision == 2);
  CHECK(cfg.categories[0].title.at("zh") == "必要");
  CHECK(cfg.texts.at("en").at("acceptAll") == "Accept all");
  CHECK(cfg.texts.at("zh").at("bannerTitle") == "我们重视您的隐私");
  REQUIRE(cfg.categories[0].cookie_table.size() == 1);
  CHECK(cfg.categories[0].cookie_table[0].duration.at("zh") == "会话");
  SECTION("find_category and find_service") {
    REQUIRE(cfg.find_category("video") != nullptr);
    CHECK(cfg.find_category("video")->services.size() == 3);
    CHECK(cfg.find_category("Video") == nullptr);
    CHECK(cfg.find_category("") == nullptr);
    const category* owner = nullptr;
    const service* s = cfg.find_service("matomo", &owner);
    REQUIRE(s != nullptr);
    REQUIRE(owner != nullptr);
    CHECK(owner->id == "analytics");
    CHECK(s->cookies == std::vector<std::string>{"_pk_*"});
    CHECK(cfg.find_service("analytics") == nullptr);  // a category is not a service
    CHECK(cfg.find_service("nope", &owner) == nullptr);
  }
}

TEST_CASE("config decisions that are allowed", "[config]") {
  SECTION("a config without a required category is accepted") {
    auto c = fx::must_parse(fx::edited(fx::small_config, [](json& j) {
      j["categories"].erase(0);
      j["gpc"] = json::object();
    }));
    CHECK(c.categories.size() == 2);
  }
  SECTION("a required category may say default true (it is always on anyway)") {
    fx::must_parse(fx::edited(fx::small_config, [](json& j) { j["categories"][0]["default"] = true; }));
  }
  SECTION("an optional category may say default false") {
    fx::must_parse(fx::edited(fx::small_config, [](json& j) { j["categories"][1]["default"] = false; }));
  }
  SECTION("a non-built-in language that provides every text") {
    auto c = fx::must_parse(fx::edited(fx::small_config, [](json& j) {
      j["languages"] = {"en", "de"};
      j["texts"]["de"] = json::parse(all_texts("de"));
    }));
    CHECK(c.texts.at("de").size() == text_keys.size());
  }
  SECTION("an upcoming change on a valid date") {
    auto c = fx::must_parse(fx::edited(fx::small_config, [](json& j) {
      j["policy"]["upcoming"] = {{"version", "2.0.0"}, {"effective", "2025-07-01"},
                                 {"summary", "We add a new partner."}};
    }));
    REQUIRE(c.policy.upcoming);
    CHECK(c.policy.upcoming->ver == version{2, 0, 0});
    CHECK(c.policy.upcoming->effective == 1751328000);
    CHECK(c.policy.upcoming->effective_date == "2025-07-01");
  }
  SECTION("expiry at its limits") {
    auto c = fx::must_parse(fx::edited(fx::small_config, [](json& j) {
      j["expiry"] = {{"acceptDays", 395}, {"rejectDays", 1}};
    }));
    CHECK(c.expiry.accept_days == 395);
    CHECK(c.expiry.reject_days == 1);
  }
  SECTION("ui options and their defaults") {
    auto ui_of = [](json ui) {
      return fx::must_parse(fx::edited(fx::small_config, [&](json& j) {
                              j["languages"] = {"en", "zh"};
                              j["ui"] = ui;
                            })).ui;
    };
    const auto none = fx::small().ui;
    CHECK(none.layout == ui_layout::bar);
    CHECK(none.position == ui_position::bottom);
    CHECK(none.floating_button);
    CHECK(none.bilingual.empty());
    CHECK(ui_of(json::object()).layout == ui_layout::bar);
    CHECK(ui_of({{"modal", true}}).layout == ui_layout::modal);
    CHECK(ui_of({{"modal", true}}).position == ui_position::center);
    CHECK(ui_of({{"modal", true}, {"layout", "modal"}}).layout == ui_layout::modal);
    CHECK(ui_of({{"modal", false}, {"layout", "box"}}).layout == ui_layout::box);
    CHECK(ui_of({{"layout", "box"}}).position == ui_position::bottom_right);
    CHECK(ui_of({{"layout", "box"}, {"position", "bottom-left"}}).position == ui_position::bottom_left);
    CHECK(ui_of({{"layout", "bar"}, {"position", "top"}}).position == ui_position::top);
    CHECK(ui_of({{"position", "top"}}).position == ui_position::top);
    CHECK(ui_of({{"layout", "modal"}, {"position", "center"}}).position == ui_position::center);
    CHECK_FALSE(ui_of({{"floatingButton", false}}).floating_button);
    CHECK(ui_of({{"bilingual", {"zh", "en"}}}).bilingual == std::vector<std::string>{"zh", "en"});
    CHECK(ui_of({{"bilingual", json::array()}}).bilingual.empty());
  }
}

TEST_CASE("ids that collide in the cookie format are refused", "[config]") {
  // Search for two distinct slugs sharing a 23-bit key (a birthday search finds one fast).
  std::map<std::uint32_t, std::string> seen;
  std::string a, b;
  for (int i = 0; a.empty(); ++i) {
    std::string id = "c" + std::to_string(i);
    auto [it, fresh] = seen.emplace(short_key(id), id);
    if (!fresh) { a = it->second; b = id; }
  }
  REQUIRE(short_key(a) == short_key(b));
  auto r = parse_config(fx::edited(fx::small_config, [&](json& j) {
    j["categories"].push_back({{"id", a}, {"title", "A"}});
    j["categories"].push_back({{"id", b}, {"title", "B"}});
  }));
  REQUIRE_FALSE(r.ok());
  CHECK(r.err().code == errc::config_id_collision);
  CHECK(r.err().path == "categories[4].id");
  SECTION("services too") {
    auto s = parse_config(fx::edited(fx::small_config, [&](json& j) {
      j["categories"][1]["services"].push_back({{"id", a}});
      j["categories"][2]["services"].push_back({{"id", b}});
    }));
    REQUIRE_FALSE(s.ok());
    CHECK(s.err().code == errc::config_id_collision);
    CHECK(s.err().path == "categories[2].services[2].id");
  }
  SECTION("a service's key and another's key in records written before service_key") {
    // Such a record's decision on `old` would read as the decision on `now`.
    std::map<std::uint32_t, std::string> scoped, unscoped;
    std::string now, old;
    for (int i = 0; now.empty(); ++i) {
      const std::string x = "s" + std::to_string(i), y = "t" + std::to_string(i);
      scoped.emplace(service_key("analytics", x), x);
      unscoped.emplace(short_key(y), y);
      if (auto it = unscoped.find(service_key("analytics", x)); it != unscoped.end()) { now = x; old = it->second; }
      else if (auto jt = scoped.find(short_key(y)); jt != scoped.end()) { now = jt->second; old = y; }
    }
    REQUIRE(service_key("analytics", now) == short_key(old));
    // Either listed first: the later one's key meets the earlier one's old key, or the
    // other way round.
    for (const bool old_first : {false, true}) {
      auto s = parse_config(fx::edited(fx::small_config, [&](json& j) {
        j["categories"][1]["services"].push_back({{"id", now}});
        if (old_first) j["categories"][0]["services"].push_back({{"id", old}});
        else j["categories"][2]["services"].push_back({{"id", old}});
      }));
      INFO("old first: " << old_first);
      REQUIRE_FALSE(s.ok());
      CHECK(s.err().code == errc::config_id_collision);
      CHECK(s.err().path == (old_first ? "categories[1].services[2].id" : "categories[2].services[2].id"));
    }
  }
}

TEST_CASE("a service's decision is keyed by its category and its id", "[config][codec]") {
  CHECK(service_key("analytics", "matomo") == short_key("analytics/matomo"));
  CHECK(service_key("analytics", "matomo") != service_key("marketing", "matomo"));
  CHECK(service_key("analytics", "matomo") != short_key("matomo"));
  const auto cfg = fx::small();
  for (const auto& c : cfg.categories)
    for (const auto& s : c.services) {
      CHECK(s.key == service_key(c.id, s.id));
      CHECK(s.unscoped_key == short_key(s.id));
    }
}

namespace {

struct bad_config {
  const char* what;
  std::string text;
  errc code;
  std::string path;
  std::string message_part;  // empty: not checked
};

std::string with(const std::function<void(json&)>& edit) { return fx::edited(fx::small_config, edit); }

std::vector<bad_config> bad_configs() {
  const std::string small = fx::small_config;
  std::string invalid_utf8 = small;
  invalid_utf8.replace(invalid_utf8.find("Necessary"), 9, "Nec\xff\xfe");
  std::string deep = "{\"policy\":{\"version\":\"1.0.0\",\"url\":\"/p\"},\"categories\":[{\"id\":\"a\","
                     "\"title\":\"A\"}],\"ui\":" + std::string(200, '[') + std::string(200, ']') + "}";
  std::string huge = with([](json& j) { j["ui"]["padding"] = std::string(max_config_bytes, 'x'); });
  return {
      {"not JSON", "{policy: 1}", errc::config_not_json, "", ""},
      {"empty text", "", errc::config_not_json, "", ""},
      {"a byte order mark", "\xEF\xBB\xBF" + small, errc::config_not_json, "", "byte order mark"},
      {"an array", "[]", errc::config_not_json, "", ""},
      {"a string", "\"config\"", errc::config_not_json, "", ""},
      {"null", "null", errc::config_not_json, "", ""},
      {"trailing garbage", small + "}", errc::config_not_json, "", ""},
      // nlohmann stops reading at a NUL byte: what follows must not be silently ignored.
      {"a NUL byte then garbage", small + std::string("\0{{{", 4), errc::config_not_json, "", ""},
      {"invalid UTF-8", invalid_utf8, errc::config_not_json, "", ""},
      {"nesting 200 deep", deep, errc::config_not_json, "", ""},
      {"over max_config_bytes", huge, errc::config_too_large, "", ""},
      {"a duplicated key", "{\"policy\":{\"version\":\"1.0.0\",\"url\":\"/p\"},\"policy\":{\"version\":\"2.0.0\",\"url\":\"/p\"},"
                           "\"categories\":[{\"id\":\"a\",\"title\":\"A\"}]}",
       errc::config_invalid, "", "\"policy\""},
      {"a key repeated inside an object in an array", "{\"policy\":{\"version\":\"1.0.0\",\"url\":\"/p\"},"
                           "\"categories\":[{\"id\":\"a\",\"title\":\"A\"},{\"id\":\"b\",\"title\":\"B\",\"id\":\"c\"}]}",
       errc::config_invalid, "", "\"id\" appears twice"},
      {"missing policy", with([](json& j) { j.erase("policy"); }), errc::config_missing, "policy", ""},
      {"missing categories", with([](json& j) { j.erase("categories"); }), errc::config_missing, "categories", ""},
      {"policy not an object", with([](json& j) { j["policy"] = "1.0.0"; }), errc::config_wrong_type, "policy", ""},
      {"missing policy.url", with([](json& j) { j["policy"].erase("url"); }), errc::config_missing, "policy.url", ""},
      {"version 1.2", with([](json& j) { j["policy"]["version"] = "1.2"; }), errc::config_invalid, "policy.version", "\"1.2\""},
      {"version 01.2.3", with([](json& j) { j["policy"]["version"] = "01.2.3"; }), errc::config_invalid, "policy.version", ""},
      {"version 1.2.3-beta", with([](json& j) { j["policy"]["version"] = "1.2.3-beta"; }), errc::config_invalid, "policy.version", ""},
      {"version v1.2.3", with([](json& j) { j["policy"]["version"] = "v1.2.3"; }), errc::config_invalid, "policy.version", ""},
      {"version as a number", with([](json& j) { j["policy"]["version"] = 1.2; }), errc::config_wrong_type, "policy.version", ""},
      {"a javascript: url", with([](json& j) { j["policy"]["url"] = "javascript:alert(1)"; }), errc::config_invalid, "policy.url", ""},
      {"a protocol-relative url", with([](json& j) { j["policy"]["url"] = "//evil.example/p"; }), errc::config_invalid, "policy.url", ""},
      {"a url with a space", with([](json& j) { j["policy"]["url"] = "https://example.com/a b"; }), errc::config_invalid, "policy.url", ""},
      {"upcoming equal to current", with([](json& j) { j["policy"]["upcoming"] = {{"version", "1.2.0"}, {"effective", "2025-07-01"}}; }),
       errc::config_invalid, "policy.upcoming.version", ""},
      {"upcoming older than current", with([](json& j) { j["policy"]["upcoming"] = {{"version", "1.1.9"}, {"effective", "2025-07-01"}}; }),
       errc::config_invalid, "policy.upcoming.version", ""},
      {"upcoming on 30 February", with([](json& j) { j["policy"]["upcoming"] = {{"version", "2.0.0"}, {"effective", "2025-02-30"}}; }),
       errc::config_invalid, "policy.upcoming.effective", ""},
      {"upcoming date in another format", with([](json& j) { j["policy"]["upcoming"] = {{"version", "2.0.0"}, {"effective", "01/07/2025"}}; }),
       errc::config_invalid, "policy.upcoming.effective", ""},
      {"upcoming without a date", with([](json& j) { j["policy"]["upcoming"] = {{"version", "2.0.0"}}; }),
       errc::config_missing, "policy.upcoming.effective", ""},
      {"a top-level typo", with([](json& j) { j["categoires"] = json::array(); }), errc::config_unknown_field, "categoires", ""},
      {"a policy typo", with([](json& j) { j["policy"]["verison"] = "1.0.0"; }), errc::config_unknown_field, "policy.verison", ""},
      {"a category typo", with([](json& j) { j["categories"][1]["requried"] = true; }), errc::config_unknown_field, "categories[1].requried", ""},
      {"a service typo", with([](json& j) { j["categories"][1]["services"][0]["script"] = json::array(); }),
       errc::config_unknown_field, "categories[1].services[0].script", ""},
      {"categories not an array", with([](json& j) { j["categories"] = {{"a", 1}}; }), errc::config_wrong_type, "categories", ""},
      {"no categories", with([](json& j) { j["categories"] = json::array(); }), errc::config_invalid, "categories", ""},
      {"a category that is a string", with([](json& j) { j["categories"][1] = "analytics"; }), errc::config_wrong_type, "categories[1]", ""},
      {"duplicate category ids", with([](json& j) { j["categories"][2]["id"] = "analytics"; }),
       errc::config_duplicate_id, "categories[2].id", "duplicate id \"analytics\""},
      {"duplicate service ids across categories", with([](json& j) { j["categories"][2]["services"][0]["id"] = "matomo"; }),
       errc::config_duplicate_id, "categories[2].services[0].id", "\"matomo\""},
      {"an upper-case id", with([](json& j) { j["categories"][1]["id"] = "Analytics"; }), errc::config_invalid, "categories[1].id", ""},
      {"an id with a space", with([](json& j) { j["categories"][1]["id"] = "web analytics"; }), errc::config_invalid, "categories[1].id", ""},
      {"an empty id", with([](json& j) { j["categories"][1]["id"] = ""; }), errc::config_invalid, "categories[1].id", ""},
      {"an id starting with a dash", with([](json& j) { j["categories"][1]["id"] = "-x"; }), errc::config_invalid, "categories[1].id", ""},
      {"a 41-character id", with([](json& j) { j["categories"][1]["id"] = std::string(41, 'a'); }), errc::config_invalid, "categories[1].id", ""},
      {"a service id with a dot", with([](json& j) { j["categories"][1]["services"][0]["id"] = "a.b"; }),
       errc::config_invalid, "categories[1].services[0].id", ""},
      {"a category without a title", with([](json& j) { j["categories"][1].erase("title"); }), errc::config_missing, "categories[1].title", ""},
      {"an empty title", with([](json& j) { j["categories"][1]["title"] = ""; }), errc::config_invalid, "categories[1].title", ""},
      {"a title with a control character", with([](json& j) { j["categories"][1]["title"] = "A\x01" "b"; }),
       errc::config_invalid, "categories[1].title", ""},
      {"an optional category granted by default", with([](json& j) { j["categories"][1]["default"] = true; }),
       errc::config_compliance, "categories[1].default", ""},
      {"required declaring ad_storage", with([](json& j) { j["categories"][0]["consentMode"].push_back("ad_storage"); }),
       errc::config_compliance, "categories[0].consentMode[1]", "ad_storage"},
      {"required service declaring analytics_storage",
       with([](json& j) { j["categories"][0]["services"][0]["consentMode"] = {"analytics_storage"}; }),
       errc::config_compliance, "categories[0].services[0].consentMode[0]", ""},
      {"required as a string", with([](json& j) { j["categories"][0]["required"] = "yes"; }), errc::config_wrong_type, "categories[0].required", ""},
      {"revision 0", with([](json& j) { j["categories"][1]["revision"] = 0; }), errc::config_invalid, "categories[1].revision", ""},
      {"revision as a string", with([](json& j) { j["categories"][1]["revision"] = "2"; }), errc::config_wrong_type, "categories[1].revision", ""},
      {"services not an array", with([](json& j) { j["categories"][1]["services"] = "matomo"; }), errc::config_wrong_type, "categories[1].services", ""},
      {"a script pattern that is a number", with([](json& j) { j["categories"][1]["services"][0]["scripts"] = {1}; }),
       errc::config_wrong_type, "categories[1].services[0].scripts[0]", ""},
      // Every script URL has a path (at least "/"), so a host alone never matched and
      // held nothing: the tracker loaded before consent (a new-user trial found it).
      {"a scripts pattern naming a host but no path", with([](json& j) { j["categories"][1]["services"][0]["scripts"] = {"*.google-analytics.com"}; }),
       errc::config_invalid, "categories[1].services[0].scripts[0]", "\"*.google-analytics.com/*\""},
      {"a scripts pattern that is a bare host", with([](json& j) { j["categories"][1]["services"][0]["scripts"] = {"google-analytics.com"}; }),
       errc::config_invalid, "categories[1].services[0].scripts[0]", "\"google-analytics.com/*\""},
      {"a scripts pattern that is an origin", with([](json& j) { j["categories"][1]["services"][0]["scripts"] = {"https://www.google-analytics.com"}; }),
       errc::config_invalid, "categories[1].services[0].scripts[0]", "\"https://www.google-analytics.com/*\""},
      {"a scripts pattern that is a scheme-relative host", with([](json& j) { j["categories"][2]["services"][1]["scripts"] = {"https://connect.facebook.net/*", "//x.com"}; }),
       errc::config_invalid, "categories[2].services[1].scripts[1]", "has no path"},
      {"a scripts pattern that is a file name alone", with([](json& j) { j["categories"][1]["services"][0]["scripts"] = {"analytics.js"}; }),
       errc::config_invalid, "categories[1].services[0].scripts[0]", "has no path"},
      // Withdrawing a service deletes what its patterns match: a trial's "*" deleted
      // every cookie and key of the site, its login session and cart too.
      {"a cookies pattern that matches every name", with([](json& j) { j["categories"][1]["services"][0]["cookies"] = {"_pk_*", "*"}; }),
       errc::config_invalid, "categories[1].services[0].cookies[1]", "\"*\" matches every name"},
      {"a storage pattern of wildcards alone", with([](json& j) { j["categories"][1]["services"][0]["storage"] = {"**"}; }),
       errc::config_invalid, "categories[1].services[0].storage[0]", "would delete them all"},
      {"an unknown consent signal", with([](json& j) { j["categories"][1]["consentMode"] = {"analytics_storge"}; }),
       errc::config_invalid, "categories[1].consentMode[0]", "analytics_storge"},
      {"a v1 signal name in the wrong case", with([](json& j) { j["categories"][2]["consentMode"] = {"AD_STORAGE"}; }),
       errc::config_invalid, "categories[2].consentMode[0]", ""},
      {"a duplicated signal", with([](json& j) { j["categories"][1]["consentMode"] = {"analytics_storage", "analytics_storage"}; }),
       errc::config_duplicate_id, "categories[1].consentMode[1]", ""},
      {"acceptDays 396", with([](json& j) { j["expiry"]["acceptDays"] = 396; }), errc::config_expiry, "expiry.acceptDays", ""},
      {"rejectDays 0", with([](json& j) { j["expiry"]["rejectDays"] = 0; }), errc::config_expiry, "expiry.rejectDays", ""},
      {"acceptDays negative", with([](json& j) { j["expiry"]["acceptDays"] = -1; }), errc::config_expiry, "expiry.acceptDays", ""},
      {"acceptDays as a string", with([](json& j) { j["expiry"]["acceptDays"] = "182"; }), errc::config_wrong_type, "expiry.acceptDays", ""},
      {"acceptDays fractional", with([](json& j) { j["expiry"]["acceptDays"] = 182.5; }), errc::config_wrong_type, "expiry.acceptDays", ""},
      {"an expiry typo", with([](json& j) { j["expiry"]["acceptDay"] = 10; }), errc::config_unknown_field, "expiry.acceptDay", ""},
      {"a cookie name with a space", with([](json& j) { j["cookie"]["name"] = "my consent"; }), errc::config_invalid, "cookie.name", ""},
      {"a cookie name with a semicolon", with([](json& j) { j["cookie"]["name"] = "a;b"; }), errc::config_invalid, "cookie.name", ""},
      {"a prefix written into the name", with([](json& j) { j["cookie"]["name"] = "__Host-consent"; }), errc::config_invalid, "cookie.name", ""},
      {"hostPrefix with a domain", with([](json& j) { j["cookie"] = {{"hostPrefix", true}, {"domain", "example.com"}}; }),
       errc::config_invalid, "cookie.domain", ""},
      {"hostPrefix with a path", with([](json& j) { j["cookie"] = {{"hostPrefix", true}, {"path", "/shop"}}; }),
       errc::config_invalid, "cookie.path", ""},
      {"hostPrefix without secure", with([](json& j) { j["cookie"] = {{"hostPrefix", true}, {"secure", false}}; }),
       errc::config_invalid, "cookie.secure", ""},
      {"sameSite None", with([](json& j) { j["cookie"]["sameSite"] = "None"; }), errc::config_invalid, "cookie.sameSite", ""},
      {"sameSite in lower case", with([](json& j) { j["cookie"]["sameSite"] = "lax"; }), errc::config_invalid, "cookie.sameSite", ""},
      {"an upper-case domain", with([](json& j) { j["cookie"]["domain"] = "Example.COM"; }), errc::config_invalid, "cookie.domain", ""},
      {"a cookie path without a slash", with([](json& j) { j["cookie"]["path"] = "shop"; }), errc::config_invalid, "cookie.path", ""},
      {"secure as a string", with([](json& j) { j["cookie"]["secure"] = "true"; }), errc::config_wrong_type, "cookie.secure", ""},
      {"gpc naming an unknown category", with([](json& j) { j["gpc"] = {{"categories", {"analytics", "advertising"}}}; }),
       errc::config_invalid, "gpc.categories[1]", "\"advertising\""},
      {"gpc naming the required category", with([](json& j) { j["gpc"] = {{"categories", {"necessary"}}}; }),
       errc::config_invalid, "gpc.categories[0]", ""},
      {"gpc honour as a string", with([](json& j) { j["gpc"] = {{"honour", "yes"}}; }), errc::config_wrong_type, "gpc.honour", ""},
      {"consentMode.enabled as a string", with([](json& j) { j["consentMode"] = {{"enabled", "true"}}; }),
       errc::config_wrong_type, "consentMode.enabled", ""},
      {"consentMode.waitForUpdate too long", with([](json& j) { j["consentMode"] = {{"waitForUpdate", 20000}}; }),
       errc::config_invalid, "consentMode.waitForUpdate", ""},
      {"duplicate languages", with([](json& j) { j["languages"] = {"en", "zh", "en"}; }), errc::config_duplicate_id, "languages[2]", ""},
      {"no languages", with([](json& j) { j["languages"] = json::array(); }), errc::config_invalid, "languages", ""},
      {"a malformed language tag", with([](json& j) { j["languages"] = {"en_US"}; }), errc::config_invalid, "languages[0]", ""},
      {"languages as a string", with([](json& j) { j["languages"] = "en"; }), errc::config_wrong_type, "languages", ""},
      {"a non-built-in language without texts", with([](json& j) { j["languages"] = {"en", "de"}; }),
       errc::config_missing_text, "texts.de.bannerTitle", ""},
      {"a non-built-in language missing one text", with([](json& j) {
         j["languages"] = {"en", "de"};
         j["texts"]["de"] = json::parse(all_texts("de"));
         j["texts"]["de"].erase("rejectAll");
       }),
       errc::config_missing_text, "texts.de.rejectAll", ""},
      {"an unknown text key", with([](json& j) { j["texts"]["en"]["acceptAl"] = "OK"; }), errc::config_unknown_field, "texts.en.acceptAl", ""},
      {"texts for an undeclared language", with([](json& j) { j["texts"]["fr"]["acceptAll"] = "OK"; }), errc::config_invalid, "texts.fr", ""},
      {"a text that is a number", with([](json& j) { j["texts"]["en"]["acceptAll"] = 1; }), errc::config_wrong_type, "texts.en.acceptAll", ""},
      {"a localized title missing a declared language", with([](json& j) {
         j["languages"] = {"en", "zh"};
         j["categories"][1]["title"] = {{"en", "Analytics"}};
       }),
       errc::config_missing_text, "categories[1].title", "\"zh\""},
      {"a localized title in an undeclared language", with([](json& j) { j["categories"][1]["title"] = {{"en", "A"}, {"fr", "A"}}; }),
       errc::config_invalid, "categories[1].title.fr", ""},
      {"a title that is an array", with([](json& j) { j["categories"][1]["title"] = {"A"}; }), errc::config_wrong_type, "categories[1].title", ""},
      {"ui that is not an object", with([](json& j) { j["ui"] = json::array(); }), errc::config_wrong_type, "ui", ""},
      {"an unknown ui option", with([](json& j) { j["ui"]["theme"] = "dark"; }), errc::config_unknown_field, "ui.theme", "layout, position"},
      {"ui.modal as a string", with([](json& j) { j["ui"]["modal"] = "yes"; }), errc::config_wrong_type, "ui.modal", "true or false"},
      {"ui.floatingButton as a number", with([](json& j) { j["ui"]["floatingButton"] = 0; }), errc::config_wrong_type, "ui.floatingButton", ""},
      {"an unknown ui.layout", with([](json& j) { j["ui"]["layout"] = "sidebar"; }), errc::config_invalid, "ui.layout", "\"bar\", \"box\" or \"modal\""},
      {"ui.layout as an array", with([](json& j) { j["ui"]["layout"] = {"bar"}; }), errc::config_wrong_type, "ui.layout", ""},
      {"ui.modal true with another layout", with([](json& j) { j["ui"] = {{"modal", true}, {"layout", "box"}}; }),
       errc::config_invalid, "ui.modal", "layout \"modal\""},
      {"a box position for a bar", with([](json& j) { j["ui"] = {{"position", "bottom-left"}}; }),
       errc::config_invalid, "ui.position", "\"bottom\" or \"top\""},
      {"a bar position for a box", with([](json& j) { j["ui"] = {{"layout", "box"}, {"position", "top"}}; }),
       errc::config_invalid, "ui.position", "\"bottom-right\" or \"bottom-left\""},
      {"a position for a modal", with([](json& j) { j["ui"] = {{"modal", true}, {"position", "top"}}; }),
       errc::config_invalid, "ui.position", "layout \"modal\""},
      {"ui.position as a number", with([](json& j) { j["ui"]["position"] = 1; }), errc::config_wrong_type, "ui.position", ""},
      {"ui.bilingual as a string", with([](json& j) { j["ui"]["bilingual"] = "en"; }), errc::config_wrong_type, "ui.bilingual", ""},
      {"ui.bilingual with one language", with([](json& j) { j["ui"]["bilingual"] = {"en"}; }), errc::config_invalid, "ui.bilingual", "two or more"},
      {"ui.bilingual naming an undeclared language", with([](json& j) { j["ui"]["bilingual"] = {"en", "zh"}; }),
       errc::config_invalid, "ui.bilingual[1]", "not in languages"},
      {"ui.bilingual with a repeated language", with([](json& j) {
         j["languages"] = {"en", "zh"};
         j["ui"]["bilingual"] = {"en", "zh", "en"};
       }),
       errc::config_duplicate_id, "ui.bilingual[2]", ""},
      {"ui.bilingual with a number", with([](json& j) {
         j["languages"] = {"en", "zh"};
         j["ui"]["bilingual"] = {"en", 2};
       }),
       errc::config_wrong_type, "ui.bilingual[1]", ""},
      {"33 categories", with([](json& j) {
         for (int i = 0; i < 30; ++i) j["categories"].push_back({{"id", "extra" + std::to_string(i)}, {"title", "X"}});
       }),
       errc::config_invalid, "categories", ""},
  };
}

}  // namespace

TEST_CASE("malformed configs are refused with the code and path of the mistake", "[config][adversarial]") {
  const auto table = bad_configs();
  REQUIRE(table.size() >= 40);
  for (const auto& row : table) {
    INFO("case: " << row.what);
    auto r = parse_config(row.text);
    CHECK_FALSE(r.ok());
    if (r.ok()) continue;
    INFO("got: " << error_name(r.err().code) << " at \"" << r.err().path << "\": " << r.err().message);
    CHECK(r.err().code == row.code);
    CHECK(r.err().path == row.path);
    CHECK_FALSE(r.err().message.empty());
    if (!row.message_part.empty()) CHECK_THAT(r.err().message, Catch::Contains(row.message_part));
  }
}

// A trial's `cookiegate check` said only "policy.url: is required": the owner had to
// look up what goes there. Every required field's message now carries an example.
TEST_CASE("a missing required field says what to write there", "[config]") {
  const json recipient = {{"name", "Example Ltd"}, {"contact", "privacy@example.com"}, {"country", "US"}};
  const auto without = [&](const std::string& key) {
    return [&, key](json& j) {
      j["categories"][1]["services"][0]["recipient"] = recipient;
      j["categories"][1]["services"][0]["recipient"].erase(key);
    };
  };
  const struct {
    std::function<void(json&)> edit;
    std::string path;
    std::string fix;
  } cases[] = {
      {[](json& j) { j.erase("policy"); }, "policy", "e.g. {\"version\": \"1.0.0\", \"url\": \"/privacy\"}"},
      {[](json& j) { j.erase("categories"); }, "categories", "e.g. [{\"id\": \"analytics\", \"title\": \"Analytics\"}]"},
      {[](json& j) { j["policy"].erase("version"); }, "policy.version", "policy's version, e.g. \"1.0.0\""},
      {[](json& j) { j["policy"].erase("url"); }, "policy.url", "link to the site's privacy policy, e.g. \"/privacy\""},
      {[](json& j) { j["policy"]["upcoming"] = {{"effective", "2025-07-01"}}; }, "policy.upcoming.version", "e.g. \"2.0.0\""},
      {[](json& j) { j["policy"]["upcoming"] = {{"version", "2.0.0"}}; }, "policy.upcoming.effective", "e.g. \"2025-12-31\""},
      {[](json& j) { j["categories"][1].erase("id"); }, "categories[1].id", "e.g. \"analytics\""},
      {[](json& j) { j["categories"][1].erase("title"); }, "categories[1].title", "e.g. \"Analytics\""},
      {[](json& j) { j["categories"][1]["services"][0].erase("id"); }, "categories[1].services[0].id", "e.g. \"matomo\""},
      {[](json& j) { j["categories"][1]["cookieTable"] = {{{"provider", "Matomo"}}}; }, "categories[1].cookieTable[0].name",
       "e.g. \"_pk_id\""},
      {without("name"), "categories[1].services[0].recipient.name", "e.g. \"Example Ltd\""},
      {without("contact"), "categories[1].services[0].recipient.contact", "e.g. \"privacy@example.com\""},
      {without("country"), "categories[1].services[0].recipient.country", "e.g. \"US\""},
      {[](json& j) { j["log"] = json::object(); }, "log.endpoint", "e.g. \"/consent-log\""},
      {[](json& j) { j["regions"] = {{"US-CA", json::object()}}; }, "regions.US-CA.model",
       "\"opt-in\", \"opt-out\", \"notice\" or \"pipl\""},
  };
  for (const auto& c : cases) {
    INFO("missing " << c.path);
    const auto r = parse_config(fx::edited(fx::small_config, c.edit));
    REQUIRE_FALSE(r.ok());
    CHECK(r.err().code == errc::config_missing);
    CHECK(r.err().path == c.path);
    CHECK_THAT(r.err().message, Catch::StartsWith("is required (") && Catch::Contains(c.fix));
  }
}

TEST_CASE("a scripts pattern must have a path, which every script and frame URL has", "[config][adversarial]") {
  const auto scripts = [](json patterns) {
    return parse_config(fx::edited(fx::small_config, [&](json& j) { j["categories"][1]["services"][0]["scripts"] = patterns; }));
  };
  SECTION("a host alone is refused with the pattern to write instead") {
    const auto r = scripts({"*.google-analytics.com"});
    REQUIRE_FALSE(r.ok());
    CHECK(r.err().code == errc::config_invalid);
    CHECK(r.err().path == "categories[1].services[0].scripts[0]");
    CHECK(r.err().message ==
          "\"*.google-analytics.com\" has no path: write \"*.google-analytics.com/*\" for every URL on "
          "a host, or \"*/file.js\" for a file");
  }
  SECTION("a file's fix is an example (one built from a host would hold nothing); a scheme or // is a host for sure") {
    const auto file = scripts({"*analytics.js"});
    REQUIRE_FALSE(file.ok());
    CHECK_THAT(file.err().message, Catch::EndsWith(", or \"*/file.js\" for a file"));
    const auto home = scripts({"https://www.google-analytics.com/"});  // as an address bar shows it
    REQUIRE_FALSE(home.ok());
    CHECK(home.err().message ==
          "\"https://www.google-analytics.com/\" has no path: write \"https://www.google-analytics.com/*\" "
          "for every URL on a host");
    const auto origin = scripts({"https://www.google-analytics.com"});
    REQUIRE_FALSE(origin.ok());
    CHECK(origin.err().message ==
          "\"https://www.google-analytics.com\" has no path: write \"https://www.google-analytics.com/*\" "
          "for every URL on a host");
  }
  SECTION("every spelling without a path is refused") {
    for (const char* p : {"x.com", "*.x.com", "https://x.com", "http://x.com", "//x.com", "HTTPS://X.COM",
                          "x.com:8080", "https://x.com:443", "https:x.com", "https://", "//", "analytics.js",
                          "*analytics.js", "x*y", "x.com/", "https://x.com/", "//x.com/", "/", "*.x.com/"}) {
      INFO("pattern: " << p);
      const auto r = scripts({p});
      REQUIRE_FALSE(r.ok());
      CHECK(r.err().code == errc::config_invalid);
      CHECK(r.err().path == "categories[1].services[0].scripts[0]");
      CHECK_THAT(r.err().message, Catch::Contains("has no path"));
    }
  }
  SECTION("a path, or a trailing * that can stand for one, is accepted") {
    for (const char* p : {"*", "*analytics*", "*.example.com/*", "/js/a.js", "https://x.com/*", "x.com/a.js",
                          "//x.com/*", "x.com*", "https://x.com*",
                          "https://www.googletagmanager.com/gtag/js*", "localhost:8080/*", "*/vendor/analytics.js",
                          "///x", "https:/x"}) {
      INFO("pattern: " << p);
      const auto r = scripts({p});
      INFO("got: " << (r.ok() ? std::string("ok") : r.err().message));
      CHECK(r.ok());
    }
  }
  SECTION("cookie and storage patterns are names, not URLs: no path needed") {
    fx::must_parse(fx::edited(fx::small_config, [](json& j) {
      j["categories"][1]["services"][0]["cookies"] = {"_ga", "_ga_*", "x.com"};
      j["categories"][1]["services"][0]["storage"] = {"_hjSession", "x.com"};
    }));
  }
}

TEST_CASE("the config size cap is exact", "[config][adversarial]") {
  const std::string base = fx::small_config;
  std::string at_cap = base;
  at_cap.insert(at_cap.size() - 1, std::string(max_config_bytes - base.size(), ' '));
  REQUIRE(at_cap.size() == max_config_bytes);
  CHECK(parse_config(at_cap).ok());
  auto over = parse_config(at_cap + " ");
  REQUIRE_FALSE(over.ok());
  CHECK(over.err().code == errc::config_too_large);
}

TEST_CASE("parse_config survives hostile texts", "[config][adversarial]") {
  const std::string hostile[] = {
      std::string(100000, '['), std::string(100000, '{'), "{\"a\":" + std::string(50000, '['),
      std::string("{\0}", 3), std::string("\xff\xfe{}"), "{\"policy\":\"\\ud800\"}",
      "1e999999", "{\"categories\":[" + std::string(60000, ' ') + "]}",
  };
  for (const auto& h : hostile) {
    auto r = parse_config(h);
    CHECK_FALSE(r.ok());
  }
}

// The tables above as JSON for tests/schema/config_schema.test.mjs, which runs
// `core_tests "[.dump]"` with COOKIEGATE_CONFIG_CASES naming the file to write: the
// malformed table (so there is one table, not a copy) and the valid fixture configs,
// each with the core's own verdict on its text. Texts go as hex: some rows are not
// UTF-8 on purpose. Hidden ([.]), so it is no ctest entry; it lives here rather than in
// an executable of its own, which compiled this file and Catch2's runner again (30
// CPU-s of the native build).
namespace {

std::string hex(const std::string& s) {
  static const char* digits = "0123456789abcdef";
  std::string h;
  for (unsigned char c : s) { h += digits[c >> 4]; h += digits[c & 15]; }
  return h;
}

// The core's answer for the text itself (not the table's expectation of it).
json verdict(const std::string& text) {
  const auto r = parse_config(text);
  if (r.ok()) return {{"ok", true}};
  return {{"ok", false}, {"name", std::string(error_name(r.err().code))}, {"path", r.err().path}};
}

}  // namespace

TEST_CASE("write the config tables", "[.dump]") {
  const char* out_path = std::getenv("COOKIEGATE_CONFIG_CASES");
  REQUIRE(out_path != nullptr);
  json valid = json::array();
  for (const auto& [what, text] : {std::pair<const char*, std::string>{"tests/core/fixtures.hpp small_config", fx::small_config},
                                   {"tests/fixtures/realistic_config.hpp", fx::realistic_config}})
    valid.push_back({{"what", what}, {"hex", hex(text)}, {"verdict", verdict(text)}});
  json invalid = json::array();
  for (const auto& row : bad_configs())
    invalid.push_back({{"what", row.what}, {"hex", hex(row.text)}, {"verdict", verdict(row.text)}});
  std::ofstream out(out_path);
  out << json{{"valid", valid}, {"invalid", invalid}}.dump(1) << "\n";
  REQUIRE(out.good());
}

}  // namespace test_config
