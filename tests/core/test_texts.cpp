// The UI's text keys and built-in languages, against which configs are validated.
#include <catch2/catch.hpp>

#include <set>
#include <string>

#include "core/texts.hpp"

namespace test_texts {

using namespace cookiegate;

TEST_CASE("is_text_key knows exactly the declared keys", "[texts]") {
  SECTION("every declared key") {
    std::set<std::string_view> unique(text_keys.begin(), text_keys.end());
    CHECK(unique.size() == text_keys.size());
    for (auto k : text_keys) {
      INFO(std::string(k));
      CHECK(is_text_key(k));
    }
    CHECK(is_text_key("acceptAll"));
    CHECK(is_text_key("rejectAll"));
    CHECK(is_text_key("languageName"));
  }
  SECTION("near misses and junk") {
    const char* bad = GENERATE(as<const char*>{}, "", "acceptall", "AcceptAll", "accept_all",
                               "acceptAll ", "bannerTitl", "rejectAlll", "ui", "title");
    INFO("input: \"" << bad << "\"");
    CHECK_FALSE(is_text_key(bad));
  }
}

TEST_CASE("English and Chinese ship built in, nothing else does", "[texts]") {
  CHECK(is_builtin_language("en"));
  CHECK(is_builtin_language("zh"));
  CHECK_FALSE(is_builtin_language("de"));
  CHECK_FALSE(is_builtin_language(""));
  CHECK_FALSE(is_builtin_language("e"));
  CHECK_FALSE(is_builtin_language("enx"));
  CHECK(builtin_languages.size() == 2);
}

}  // namespace test_texts
