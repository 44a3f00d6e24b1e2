// Reading JSON from nlohmann's SAX events (core/strict_json.hpp): the tree it builds,
// and the config errors that depend on how it reads what the validators never look
// into (skipped values), the kind of every value (numbers above all), keys repeated at
// any depth, and the order in which an object's members are checked.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "core/config.hpp"
#include "core/strict_json.hpp"

namespace test_strict_json {

using namespace cookiegate;
using detail::json_value;
using kind = json_value::kind;

namespace {

json_value must_read(const std::string& text) {
  auto r = detail::parse_strict_json(text, errc::config_not_json, errc::config_invalid, "the text");
  if (!r.ok()) FAIL("refused: " << r.err().to_string());
  return r.value();
}

// `tmpl` with its single '@' replaced by `value`.
std::string fill(const std::string& tmpl, const std::string& value) {
  std::string out = tmpl;
  const auto at = out.find('@');
  REQUIRE(at != std::string::npos);
  return out.replace(at, 1, value);
}

const std::string policy = R"("policy":{"version":"1.0.0","url":"/p"})";
const std::string one_category = R"("categories":[{"id":"a","title":"A"}])";
const std::string minimal = "{" + policy + "," + one_category + "}";

error refusal(const std::string& text) {
  auto r = parse_config(text);
  INFO("config: " << text);
  REQUIRE_FALSE(r.ok());
  return r.err();
}

}  // namespace

TEST_CASE("the strict reader keeps each value's kind and sorts object members", "[json]") {
  const auto j = must_read(R"({"b":[1,-2,-0,3.5,1e2,18446744073709551616,"s",true,false,null,{},[]],)"
                           R"("a":{"z":1,"y":{"x":[]}},"":"empty key"})");
  REQUIRE(j.is_object());
  CHECK(j.keys() == std::vector<std::string>{"", "a", "b"});
  CHECK(j[""].string() == "empty key");
  CHECK(j["a"].keys() == std::vector<std::string>{"y", "z"});
  CHECK(j["a"]["y"]["x"].is_array());
  CHECK(j["a"]["z"].unsigned_number() == 1);
  CHECK_FALSE(j.contains("c"));
  CHECK(j["c"].is_null());
  CHECK(j["b"]["x"].is_null());  // a member of what is not an object: null, never a crash

  const auto& b = j["b"].items();
  REQUIRE(b.size() == 12);
  CHECK(b[0].type() == kind::unsigned_integer);
  CHECK(b[0].unsigned_number() == 1);
  CHECK(b[1].type() == kind::integer);
  CHECK(b[1].signed_number() == -2);
  CHECK(b[2].type() == kind::integer);  // -0 is whole, written with a minus sign
  CHECK(b[2].signed_number() == 0);
  CHECK(b[3].type() == kind::floating);
  CHECK(b[4].type() == kind::floating);  // an exponent makes it a float, as in nlohmann
  CHECK(b[5].type() == kind::floating);  // past 64 bits
  CHECK(b[6].string() == "s");
  CHECK((b[7].is_boolean() && b[7].boolean()));
  CHECK((b[8].is_boolean() && !b[8].boolean()));
  CHECK(b[9].is_null());
  CHECK((b[10].is_object() && b[10].size() == 0));
  CHECK((b[11].is_array() && b[11].size() == 0));

  SECTION("a scalar alone is a whole text") {
    CHECK(must_read("  42 ").unsigned_number() == 42);
    CHECK(must_read("\"\\u00e9\\ud83d\\ude00\"").string() == "\xC3\xA9\xF0\x9F\x98\x80");
  }
}

TEST_CASE("the strict reader refuses what plain nlohmann would let through", "[json][adversarial]") {
  // The code of the refusal; config_too_large (never given here) stands for "read".
  auto code = [](const std::string& text) {
    auto r = detail::parse_strict_json(text, errc::config_not_json, errc::config_invalid, "the text");
    return r.ok() ? errc::config_too_large : r.err().code;
  };
  CHECK(code("{\"a\":1,\"a\":1}") == errc::config_invalid);
  CHECK(code("\xEF\xBB\xBF{}") == errc::config_not_json);
  CHECK(code(std::string("{}\0", 3)) == errc::config_not_json);
  CHECK(code("\"\\ud800\"") == errc::config_not_json);  // a lone surrogate
  CHECK(code("1e999") == errc::config_not_json);         // overflows a double
  CHECK(code("[1,]") == errc::config_not_json);
  CHECK(code("{} {}") == errc::config_not_json);
  CHECK(code(std::string(32, '[') + std::string(32, ']')) == errc::config_too_large);
  CHECK(code(std::string(33, '[') + std::string(33, ']')) == errc::config_not_json);
}

TEST_CASE("values no validator reads are skipped whole, however deep", "[config][json]") {
  // "$schema" is allowed and never looked into: its nested members, named like the
  // config's own, must neither leak out nor upset what comes after them.
  const std::string text = R"({"$schema":{"policy":{"url":"/evil"},"categories":[{"id":"x",)"
                           R"("title":{"deep":[[[{"policy":[1,2,{"a":null}]}]]]}}],"z":[{},[]]},)" +
                           policy + "," + one_category + R"(,"expiry":{"acceptDays":30}})";
  auto r = parse_config(text);
  if (!r.ok()) FAIL(r.err().to_string());
  CHECK(r.value().policy.url == "/p");
  REQUIRE(r.value().categories.size() == 1);
  CHECK(r.value().categories[0].id == "a");
  CHECK(r.value().expiry.accept_days == 30);
}

TEST_CASE("a value of the wrong kind is named, in every position", "[config][json][adversarial]") {
  struct position {
    std::string path;
    std::string tmpl;
    std::vector<std::string> right;  // kinds accepted here (skipped below)
  };
  const std::string cat = R"({"policy":{"version":"1.0.0","url":"/p"},"categories":[@]})";
  const std::string in_cat = R"({"policy":{"version":"1.0.0","url":"/p"},"categories":[{"id":"a","title":"A",@}]})";
  const std::string top = "{" + policy + "," + one_category + ",@}";
  const std::vector<position> positions = {
      {"policy", R"({"policy":@,)" + one_category + "}", {"an object"}},
      {"policy.version", R"({"policy":{"version":@,"url":"/p"},)" + one_category + "}", {"a string"}},
      {"policy.url", R"({"policy":{"version":"1.0.0","url":@},)" + one_category + "}", {"a string"}},
      {"policy.upcoming", R"({"policy":{"version":"1.0.0","url":"/p","upcoming":@},)" + one_category + "}", {"an object"}},
      {"categories", "{" + policy + R"(,"categories":@})", {"an array"}},
      {"categories[0]", cat, {"an object"}},
      {"categories[0].id", fill(cat, R"({"id":@,"title":"A"})"), {"a string"}},
      {"categories[0].title", fill(cat, R"({"id":"a","title":@})"), {"a string", "an object"}},
      {"categories[0].required", fill(in_cat, R"("required":@)"), {"a boolean"}},
      {"categories[0].revision", fill(in_cat, R"("revision":@)"), {"a number"}},
      {"categories[0].services", fill(in_cat, R"("services":@)"), {"an array"}},
      {"categories[0].services[0]", fill(in_cat, R"("services":[@])"), {"an object"}},
      {"categories[0].services[0].scripts", fill(in_cat, R"("services":[{"id":"s","scripts":@}])"), {"an array"}},
      {"categories[0].services[0].scripts[0]", fill(in_cat, R"("services":[{"id":"s","scripts":[@]}])"), {"a string"}},
      {"categories[0].consentMode", fill(in_cat, R"("consentMode":@)"), {"an array"}},
      {"categories[0].cookieTable[0].name", fill(in_cat, R"("cookieTable":[{"name":@}])"), {"a string"}},
      {"expiry", fill(top, R"("expiry":@)"), {"an object"}},
      {"expiry.acceptDays", fill(top, R"("expiry":{"acceptDays":@})"), {"a number"}},
      {"expiry.rejectDays", fill(top, R"("expiry":{"rejectDays":@})"), {"a number"}},
      {"cookie.domain", fill(top, R"("cookie":{"domain":@})"), {"a string"}},
      {"cookie.secure", fill(top, R"("cookie":{"secure":@})"), {"a boolean"}},
      {"gpc.honour", fill(top, R"("gpc":{"honour":@})"), {"a boolean"}},
      {"gpc.categories", fill(top, R"("gpc":{"categories":@})"), {"an array"}},
      {"consentMode.waitForUpdate", fill(top, R"("consentMode":{"waitForUpdate":@})"), {"a number"}},
      {"languages", fill(top, R"("languages":@)"), {"an array"}},
      {"languages[0]", fill(top, R"("languages":[@])"), {"a string"}},
      {"texts", fill(top, R"("texts":@)"), {"an object"}},
      {"texts.en", fill(top, R"("texts":{"en":@})"), {"an object"}},
      {"texts.en.acceptAll", fill(top, R"("texts":{"en":{"acceptAll":@}})"), {"a string"}},
      {"log", fill(top, R"("log":@)"), {"an object"}},
      {"log.endpoint", fill(top, R"("log":{"endpoint":@})"), {"a string"}},
      {"ui", fill(top, R"("ui":@)"), {"an object"}},
      {"ui.floatingButton", fill(top, R"("ui":{"floatingButton":@})"), {"a boolean"}},
  };
  const std::vector<std::pair<std::string, std::string>> values = {
      {"null", "null"},      {"true", "a boolean"}, {"false", "a boolean"},
      {"7", "a number"},     {"-7", "a number"},    {"0.5", "a number"},
      {"1e2", "a number"},   {"-0.0", "a number"},  {"\"x\"", "a string"},
      {"[]", "an array"},    {"[[{}]]", "an array"}, {"{}", "an object"},
      {R"({"k":[1,{"m":null}]})", "an object"},
  };
  for (const auto& p : positions)
    for (const auto& [value, kind_name] : values) {
      if (std::find(p.right.begin(), p.right.end(), kind_name) != p.right.end()) continue;
      const auto e = refusal(fill(p.tmpl, value));
      INFO("at " << p.path << ", " << value << ": " << e.to_string());
      CHECK(e.code == errc::config_wrong_type);
      CHECK(e.path == p.path);
      CHECK_THAT(e.message, Catch::EndsWith(", not " + kind_name));
    }
}

TEST_CASE("whole-number fields: fractions, exponents, signs and 64-bit limits", "[config][json][adversarial]") {
  const std::string tmpl = "{" + policy + "," + one_category + R"(,"expiry":{"acceptDays":@}})";
  auto accept_days = [&](const std::string& v) { return parse_config(fill(tmpl, v)); };

  CHECK(accept_days("30").value().expiry.accept_days == 30);
  for (const char* v : {"30.0", "3e1", "3E+1", "300e-1", "-0.0", "0.0", "18446744073709551616"}) {
    INFO(v);
    const auto e = refusal(fill(tmpl, v));
    CHECK(e.code == errc::config_wrong_type);
    CHECK(e.path == "expiry.acceptDays");
    CHECK(e.message == "must be a whole number, not a number");
  }
  for (const char* v : {"-0", "0", "-1", "-9223372036854775808", "396", "9223372036854775808",
                        "18446744073709551615"}) {
    INFO(v);
    const auto e = refusal(fill(tmpl, v));
    CHECK(e.code == errc::config_expiry);
    CHECK(e.path == "expiry.acceptDays");
    CHECK_THAT(e.message, Catch::StartsWith("must be between 1 and 395 days"));
  }
  SECTION("-0 is the whole number 0 where 0 is allowed") {
    auto r = parse_config("{" + policy + "," + one_category + R"(,"consentMode":{"waitForUpdate":-0}})");
    REQUIRE(r.ok());
    CHECK(r.value().consent_mode.wait_for_update_ms == 0);
  }
  SECTION("a number too large for a double is not JSON the core reads") {
    CHECK(refusal(fill(tmpl, "1e999")).code == errc::config_not_json);
    CHECK(refusal(fill(tmpl, "-1e999")).code == errc::config_not_json);
  }
}

TEST_CASE("a key repeated at any depth is refused, before any later mistake", "[config][json][adversarial]") {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"policy", R"({"policy":{"version":"1.0.0","url":"/p"},"policy":{},)" + one_category + "}"},
      {"url", R"({"policy":{"version":"1.0.0","url":"/p","url":"/q"},)" + one_category + "}"},
      {"en", "{" + policy + R"(,"categories":[{"id":"a","title":{"en":"A","en":"B"}}]})"},
      {"id", "{" + policy + R"(,"categories":[{"id":"a","title":"A","services":[{"id":"s","id":"t"}]}]})"},
      {"acceptAll", "{" + policy + "," + one_category + R"(,"texts":{"en":{"acceptAll":"x","acceptAll":"y"}}})"},
      {"k", R"({"$schema":[[{"k":{"k":1}},{"k":1,"k":2}]],)" + policy + "," + one_category + "}"},
      {"", R"({"$schema":{"":1,"":2},)" + policy + "," + one_category + "}"},
      // Reported although an unknown field and a syntax error come after it.
      {"ui", "{\"zzz\":1," + policy + "," + one_category + R"(,"ui":{},"ui":{},]})"},
  };
  for (const auto& [key, text] : cases) {
    const auto e = refusal(text);
    CHECK(e.code == errc::config_invalid);
    CHECK(e.path.empty());
    CHECK(e.message == "the key \"" + key + "\" appears twice in one object of the config; keep one");
  }
  SECTION("a syntax error before the repeat is what is reported") {
    const auto e = refusal(R"({"policy":{"version":"1.0.0",,"url":"/p"},"policy":{}})");
    CHECK(e.code == errc::config_not_json);
  }
}

TEST_CASE("members are checked in key order, not in the order written", "[config][json]") {
  // nlohmann's objects are sorted maps, and the first error reported has always been
  // that of the first key in byte order; keeping it keeps every error the same.
  auto first_unknown = refusal("{\"zeta\":1," + policy + "," + one_category + ",\"alpha\":2}");
  CHECK(first_unknown.code == errc::config_unknown_field);
  CHECK(first_unknown.path == "alpha");

  auto texts = refusal("{" + policy + "," + one_category +
                       R"(,"texts":{"zz":{},"ab":{}}})");
  CHECK(texts.path == "texts.ab");

  auto localized = refusal("{" + policy + R"(,"languages":["en","de"],)" +
                           R"("categories":[{"id":"a","title":{"en":7,"de":true}}]})");
  CHECK(localized.code == errc::config_wrong_type);
  CHECK(localized.path == "categories[0].title.de");
  CHECK(localized.message == "must be a string, not a boolean");

  auto nested = refusal(minimal.substr(0, minimal.size() - 1) + R"(,"log":{"zzz":1,"aaa":2}})");
  CHECK(nested.code == errc::config_unknown_field);
  CHECK(nested.path == "log.aaa");
}

}  // namespace test_strict_json
