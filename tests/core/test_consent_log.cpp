// What the consent log needs from the core: a record says who made its last change
// (a trusted click on CookieGate's UI, or the API), and the config's `log` member is
// validated like every other field.
#include <catch2/catch.hpp>

#include <string>

#include "core/boundary.hpp"
#include "core/choice.hpp"
#include "core/codec.hpp"
#include "core/config.hpp"
#include "fixtures.hpp"

namespace test_consent_log {

using namespace cookiegate;
using fx::json;
namespace b = cookiegate::boundary;

namespace {

const double now = static_cast<double>(fx::now);
const std::string hex32 = "00112233445566778899aabbccddeeff";

std::string at_str(const json& j, const char* pointer) {
  const json::json_pointer p(pointer);
  return j.contains(p) && j[p].is_string() ? j[p].get<std::string>() : "<absent>";
}

std::string error_name_of(const std::string& text) { return at_str(fx::answer(text), "/error/name"); }
std::string error_path_of(const std::string& text) { return at_str(fx::answer(text), "/error/path"); }

std::string header_of(const json& out) {
  return at_str(out, "/cookie/name") + "=" + at_str(out, "/cookie/value");
}

}  // namespace

TEST_CASE("a record's source survives encoding, and records without one decode as api",
          "[consent-log][codec]") {
  auto r = fx::make_record(fx::small(), {{"analytics", true}}, {1, 2, 0}, fx::now);
  SECTION("api round trip, byte-identical to a record written before the field existed") {
    r.source = consent_source::api;
    const auto v = encode(r);
    auto d = decode(v, fx::now);
    REQUIRE(d.ok());
    CHECK(d.value().source == consent_source::api);
    CHECK(d.value() == r);
  }
  SECTION("ui round trip") {
    r.source = consent_source::ui;
    auto d = decode(encode(r), fx::now);
    REQUIRE(d.ok());
    CHECK(d.value().source == consent_source::ui);
    CHECK(d.value() == r);
  }
  SECTION("the two encodings differ, so a script cannot claim ui by re-labelling") {
    auto ui = r;
    ui.source = consent_source::ui;
    CHECK(encode(ui) != encode(r));
  }
}

TEST_CASE("a choice's source reaches the record; GPC defaults are never the visitor's",
          "[consent-log][choice]") {
  auto choose = [](const std::string& choice) {
    return fx::answer(b::choose(fx::small_config, "", now, true, choice, hex32, "en"));
  };
  CHECK(at_str(choose(R"({"kind":"accept_all","source":"ui"})"), "/state/record/source") == "ui");
  CHECK(at_str(choose(R"({"kind":"accept_all","source":"api"})"), "/state/record/source") == "api");
  SECTION("absent means api: an unproven source is not the visitor's") {
    CHECK(at_str(choose(R"({"kind":"reject_all"})"), "/state/record/source") == "api");
  }
  SECTION("gpc_default written as ui is still api") {
    CHECK(at_str(choose(R"({"kind":"gpc_default","source":"ui"})"), "/state/record/source") == "api");
  }
  SECTION("anything but ui or api is refused, naming the field") {
    for (const char* bad : {R"({"kind":"accept_all","source":"visitor"})",
                            R"({"kind":"accept_all","source":true})",
                            R"({"kind":"accept_all","source":"UI"})"}) {
      INFO(bad);
      const auto text = b::choose(fx::small_config, "", now, false, bad, hex32, "en");
      CHECK(error_name_of(text) == "choice_invalid");
      CHECK(error_path_of(text) == "choice.source");
    }
  }
}

TEST_CASE("acknowledging a notice records who acknowledged it", "[consent-log][choice]") {
  const std::string v110 = fx::edited(fx::small_config, [](json& j) { j["policy"]["version"] = "1.1.0"; });
  const auto first = fx::answer(b::choose(v110, "", now - 86400, false,
                                      R"({"kind":"accept_all","source":"ui"})", hex32, "en"));
  const auto header = header_of(first);
  CHECK(at_str(fx::answer(b::acknowledge(fx::small_config, header, now, false, "ui")),
               "/state/record/source") == "ui");
  CHECK(at_str(fx::answer(b::acknowledge(fx::small_config, header, now, false, "api")),
               "/state/record/source") == "api");
  CHECK(at_str(fx::answer(b::acknowledge(fx::small_config, header, now, false)),
               "/state/record/source") == "api");
  const auto bad = b::acknowledge(fx::small_config, header, now, false, "visitor");
  CHECK(error_name_of(bad) == "input_invalid");
  CHECK(error_path_of(bad) == "source");
}

TEST_CASE("the log member: an endpoint on this site or an https origin", "[consent-log][config]") {
  auto with_log = [](const json& log) {
    return fx::edited(fx::small_config, [&](json& j) { j["log"] = log; });
  };
  SECTION("accepted, and written back into the normalised config") {
    for (const char* ok : {"/consent-log", "/api/v1/consent?site=shop", "https://log.example.com/r"}) {
      INFO(ok);
      const auto out = fx::answer(b::validate_config(with_log({{"endpoint", ok}})));
      CHECK(at_str(out, "/config/log/endpoint") == ok);
    }
  }
  SECTION("absent: no log member in the normalised config") {
    const auto out = fx::answer(b::validate_config(fx::small_config));
    CHECK_FALSE(out["config"].contains("log"));
  }
  SECTION("refused, with the field and the fix") {
    struct bad_case {
      json log;
      const char* code;
      const char* path;
    };
    const bad_case cases[] = {
        {"/consent-log", "config_wrong_type", "log"},
        {json::object(), "config_missing", "log.endpoint"},
        {{{"endpoint", "/x"}, {"url", "/y"}}, "config_unknown_field", "log.url"},
        {{{"endpoint", 42}}, "config_wrong_type", "log.endpoint"},
        {{{"endpoint", ""}}, "config_invalid", "log.endpoint"},
        {{{"endpoint", "http://log.example.com/r"}}, "config_invalid", "log.endpoint"},
        {{{"endpoint", "//evil.example/r"}}, "config_invalid", "log.endpoint"},
        {{{"endpoint", "consent-log"}}, "config_invalid", "log.endpoint"},
        {{{"endpoint", "javascript:alert(1)"}}, "config_invalid", "log.endpoint"},
        {{{"endpoint", "/log\\x"}}, "config_invalid", "log.endpoint"},
        {{{"endpoint", "/log x"}}, "config_invalid", "log.endpoint"},
        {{{"endpoint", "https://user:pw@log.example.com/r"}}, "config_invalid", "log.endpoint"},
        {{{"endpoint", "/log#frag"}}, "config_invalid", "log.endpoint"},
        {{{"endpoint", "/" + std::string(3000, 'a')}}, "config_invalid", "log.endpoint"},
    };
    for (const auto& c : cases) {
      INFO(c.log.dump());
      const auto text = b::validate_config(with_log(c.log));
      CHECK(error_name_of(text) == c.code);
      CHECK(error_path_of(text) == c.path);
    }
    const auto msg = at_str(fx::answer(b::validate_config(with_log({{"endpoint", "http://x.example/r"}}))),
                            "/error/message");
    CHECK(msg.find("https://") != std::string::npos);
  }
}

}  // namespace test_consent_log
