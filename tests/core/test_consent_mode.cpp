// Consent Mode v2 signal names: the only seven a config may declare.
#include <catch2/catch.hpp>

#include <iterator>
#include <string>
#include <utility>

#include "core/consent_mode.hpp"

namespace test_consent_mode {

using namespace cookiegate;

TEST_CASE("signal names are Google's Consent Mode v2 names and parse back", "[consent_mode]") {
  constexpr std::pair<consent_signal, const char*> table[] = {
      {consent_signal::ad_storage, "ad_storage"},
      {consent_signal::ad_user_data, "ad_user_data"},
      {consent_signal::ad_personalization, "ad_personalization"},
      {consent_signal::analytics_storage, "analytics_storage"},
      {consent_signal::functionality_storage, "functionality_storage"},
      {consent_signal::personalization_storage, "personalization_storage"},
      {consent_signal::security_storage, "security_storage"},
  };
  static_assert(std::size(table) == consent_signal_count, "the table names every signal the core knows");
  for (const auto& [sig, name] : table) {
    INFO(name);
    CHECK(signal_name(sig) == name);
    auto parsed = parse_signal(name);
    REQUIRE(parsed);
    CHECK(*parsed == sig);
  }
}

TEST_CASE("parse_signal rejects names that are not exactly a v2 signal", "[consent_mode][adversarial]") {
  const char* bad = GENERATE(as<const char*>{}, "", "ad-storage", "AD_STORAGE", "Ad_Storage",
                             "ad_storage ", " ad_storage", "adstorage", "analytics",
                             "ad_personalisation", "wait_for_update", "region",
                             "url_passthrough", "ads_data_redaction");
  INFO("input: \"" << bad << "\"");
  CHECK_FALSE(parse_signal(bad).has_value());
  CHECK_FALSE(parse_signal(std::string("ad_storage\0", 11)).has_value());
}

TEST_CASE("tracking signals are advertising, analytics and personalisation", "[consent_mode]") {
  SECTION("tracking") {
    CHECK(is_tracking_signal(consent_signal::ad_storage));
    CHECK(is_tracking_signal(consent_signal::ad_user_data));
    CHECK(is_tracking_signal(consent_signal::ad_personalization));
    CHECK(is_tracking_signal(consent_signal::analytics_storage));
    CHECK(is_tracking_signal(consent_signal::personalization_storage));
  }
  SECTION("not tracking: what a strictly necessary category may declare") {
    CHECK_FALSE(is_tracking_signal(consent_signal::functionality_storage));
    CHECK_FALSE(is_tracking_signal(consent_signal::security_storage));
  }
}

}  // namespace test_consent_mode
