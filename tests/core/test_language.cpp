// Language negotiation: exact tags first, then the same language in the same script
// (explicit, or inferred from the region as CLDR does for Chinese), then the same
// primary language, then the config's first language. Case never matters (BCP 47).
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "core/language.hpp"
#include "core/texts.hpp"
#include "fixtures.hpp"

namespace test_language {

using namespace cookiegate;
using fx::json;

namespace {

// A config offering `languages` (texts filled in for the non-built-in ones).
config offering(const std::vector<std::string>& languages) {
  return fx::must_parse(fx::edited(fx::small_config, [&](json& j) {
    j["languages"] = languages;
    for (const auto& l : languages) {
      if (is_builtin_language(l)) continue;
      for (auto k : text_keys) j["texts"][l][std::string(k)] = l + " " + std::string(k);
    }
  }));
}

struct row {
  std::vector<std::string> offered;
  std::vector<std::string> preferences;
  std::string expected;
};

}  // namespace

TEST_CASE("negotiate_language prefers exact tags, then primary subtags, then the first language", "[language]") {
  const auto cfg = fx::realistic();
  CHECK(negotiate_language(cfg, {"zh"}) == "zh");
  CHECK(negotiate_language(cfg, {"zh-Hans-CN"}) == "zh");
  CHECK(negotiate_language(cfg, {"ZH-tw"}) == "zh");
  CHECK(negotiate_language(cfg, {"fr", "de", "zh-CN", "en"}) == "zh");
  CHECK(negotiate_language(cfg, {"en-GB", "zh"}) == "en");
  SECTION("nothing usable falls back to the first declared language") {
    CHECK(negotiate_language(cfg, {}) == "en");
    CHECK(negotiate_language(cfg, {"fr", "de"}) == "en");
    CHECK(negotiate_language(cfg, {"", "-", "\xff"}) == "en");
  }
  SECTION("a regional tag in the config is matched by its primary subtag") {
    auto c = offering({"zh", "en-GB"});
    CHECK(negotiate_language(c, {"en-US"}) == "en-GB");
    CHECK(negotiate_language(c, {"en-GB"}) == "en-GB");
    CHECK(negotiate_language(c, {"de"}) == "zh");
  }
}

TEST_CASE("negotiation matches Chinese by script: Traditional readers get Traditional texts", "[language]") {
  const std::vector<std::string> by_region = {"en", "zh-CN", "zh-TW"};
  const std::vector<std::string> by_script = {"en", "zh-Hans", "zh-Hant"};
  const std::vector<std::string> by_both = {"en", "zh-Hant-TW", "zh-Hant-HK", "zh-Hans-CN"};
  const std::vector<row> table = {
      // exact matches come first, whatever the case
      {by_region, {"zh-TW"}, "zh-TW"},
      {by_region, {"zh-CN"}, "zh-CN"},
      {by_region, {"ZH-tw"}, "zh-TW"},
      {by_region, {"zh-cn"}, "zh-CN"},
      {by_script, {"zh-Hant"}, "zh-Hant"},
      {by_script, {"ZH-HANS"}, "zh-Hans"},
      {by_both, {"zh-hant-hk"}, "zh-Hant-HK"},
      // an explicit script subtag
      {by_region, {"zh-Hant"}, "zh-TW"},
      {by_region, {"zh-Hans"}, "zh-CN"},
      {by_region, {"zh-Hant-HK"}, "zh-TW"},
      {by_region, {"zh-hant-mo"}, "zh-TW"},
      {by_region, {"zh-Hans-SG"}, "zh-CN"},
      {by_region, {"zh-Hant-CN"}, "zh-TW"},  // the script wins over the region
      {by_region, {"zh-Hans-TW"}, "zh-CN"},
      {by_script, {"zh-Hant-TW"}, "zh-Hant"},
      {by_script, {"zh-Hans-CN"}, "zh-Hans"},
      // the script inferred from the region
      {by_region, {"zh-HK"}, "zh-TW"},
      {by_region, {"zh-MO"}, "zh-TW"},
      {by_region, {"zh-hk"}, "zh-TW"},
      {by_region, {"zh-SG"}, "zh-CN"},
      {by_region, {"zh-MY"}, "zh-CN"},
      {by_script, {"zh-TW"}, "zh-Hant"},
      {by_script, {"zh-HK"}, "zh-Hant"},
      {by_script, {"zh-MO"}, "zh-Hant"},
      {by_script, {"zh-CN"}, "zh-Hans"},
      {by_script, {"zh-SG"}, "zh-Hans"},
      {by_script, {"zh"}, "zh-Hans"},  // plain zh is Simplified
      {by_region, {"zh"}, "zh-CN"},
      {{"en", "zh-TW", "zh-CN"}, {"zh"}, "zh-CN"},
      // among offers in the same script, the same region first
      {by_both, {"zh-HK"}, "zh-Hant-HK"},
      {by_both, {"zh-TW"}, "zh-Hant-TW"},
      {by_both, {"zh-MO"}, "zh-Hant-TW"},
      {by_both, {"zh-Hant"}, "zh-Hant-TW"},
      {by_both, {"zh"}, "zh-Hans-CN"},
      {by_both, {"zh-SG"}, "zh-Hans-CN"},
      // extlang and extensions do not hide the script or region
      {by_region, {"zh-yue-HK"}, "zh-TW"},
      {by_region, {"zh-HK-u-co-stroke"}, "zh-TW"},
      {by_region, {"zh-x-private"}, "zh-CN"},
      // no offer in the script: the same primary language still beats another one
      {{"en", "zh-CN"}, {"zh-TW"}, "zh-CN"},
      {{"en", "zh-Hant"}, {"zh-CN"}, "zh-Hant"},
      {{"en", "zh"}, {"zh-Hant-HK"}, "zh"},
      {{"en", "zh-TW"}, {"zh"}, "zh-TW"},
      // languages without a script default match by primary subtag
      {{"zh", "en-GB"}, {"en-US"}, "en-GB"},
      {{"en", "sr-Latn", "sr-Cyrl"}, {"sr-Cyrl-RS"}, "sr-Cyrl"},
      {{"en", "sr-Latn", "sr-Cyrl"}, {"sr"}, "sr-Latn"},
      // preferences are tried in order, each through every step
      {by_region, {"fr", "zh-HK", "zh-CN"}, "zh-TW"},
      {by_region, {"de-AT", "en-US", "zh-HK"}, "en"},
      // nothing matches: the config's first language
      {by_region, {"fr", "ja-JP"}, "en"},
      {by_script, {}, "en"},
      {{"zh-TW", "en"}, {"ko"}, "zh-TW"},
      {by_region, {"", "-", "--", "\xff"}, "en"},
  };
  for (const auto& r : table) {
    std::string prefs;
    for (const auto& p : r.preferences) prefs += p + " ";
    INFO("offered " << r.offered.front() << "... (" << r.offered.size() << "), preferences: " << prefs);
    CHECK(negotiate_language(offering(r.offered), r.preferences) == r.expected);
  }
}

TEST_CASE("split_language_tag reads script and region and infers the Chinese script", "[language]") {
  auto parts = split_language_tag("ZH-Hant-HK");
  CHECK(parts.language == "zh");
  CHECK(parts.script == "hant");
  CHECK(parts.region == "hk");
  CHECK(split_language_tag("zh-TW").script == "hant");
  CHECK(split_language_tag("zh-CN").script == "hans");
  CHECK(split_language_tag("zh").script == "hans");
  CHECK(split_language_tag("es-419").region == "419");
  CHECK(split_language_tag("en-US").script.empty());
}

TEST_CASE("direction_of: right-to-left by script subtag, else by the language's usual script", "[language]") {
  for (const char* tag : {"ar", "AR-eg", "he", "iw", "fa-IR", "ur", "ps", "yi", "dv", "ckb", "sd", "ug",
                          "az-Arab", "pa-Arab-PK", "ms-Arab", "ff-Adlm", "rhg-Rohg", "syr", "man-Nkoo"})
    CHECK(direction_name(direction_of(tag)) == "rtl");
  for (const char* tag : {"en", "zh", "zh-Hant-TW", "ja", "ru", "az", "az-Latn", "ku-Latn", "sd-Deva",
                          "tr", "ar-Latn", "he-Latn", "", "-", "x-ar", "en-x-arab", "und"})
    CHECK(direction_name(direction_of(tag)) == "ltr");
}

}  // namespace test_language
