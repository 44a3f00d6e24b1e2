// The core's own config tables as JSON, for tests/schema/config_schema.test.mjs: the
// malformed table of tests/core/test_config.cpp (compiled in here, so there is one
// table, not a copy) and the valid fixture configs. Texts go as hex: some rows are not
// UTF-8 on purpose.
//   config_cases OUT.json
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include <fstream>

#include "test_config.cpp"

using namespace test_config;

namespace {

std::string out_path;

std::string hex(const std::string& s) {
  static const char* digits = "0123456789abcdef";
  std::string h;
  for (unsigned char c : s) { h += digits[c >> 4]; h += digits[c & 15]; }
  return h;
}

}  // namespace

// The core's answer for the text itself (not the table's expectation of it).
json verdict(const std::string& text) {
  const auto r = parse_config(text);
  if (r.ok()) return {{"ok", true}};
  return {{"ok", false}, {"name", std::string(error_name(r.err().code))}, {"path", r.err().path}};
}

TEST_CASE("write the config tables", "[.dump]") {
  json valid = json::array();
  for (const auto& [what, text] : {std::pair<const char*, std::string>{"tests/core/fixtures.hpp small_config", fx::small_config},
                                   {"tests/fixtures/realistic_config.hpp", fx::realistic_config}})
    valid.push_back({{"what", what}, {"hex", hex(text)}, {"verdict", verdict(text)}});
  json invalid = json::array();
  for (const auto& row : bad_configs())
    invalid.push_back({{"what", row.what}, {"hex", hex(row.text)}, {"verdict", verdict(row.text)}});
  std::ofstream(out_path) << json{{"valid", valid}, {"invalid", invalid}}.dump(1) << "\n";
}

int main(int argc, char** argv) {
  if (argc != 2) { fprintf(stderr, "usage: config_cases OUT.json\n"); return 2; }
  out_path = argv[1];
  const char* args[] = {argv[0], "[.dump]"};
  return Catch::Session().run(2, args);
}
