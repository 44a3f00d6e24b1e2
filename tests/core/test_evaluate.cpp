// evaluate(): the full decision table: record x config x now x signals -> state.
#include <catch2/catch.hpp>

#include <string>

#include "core/choice.hpp"
#include "core/codec.hpp"
#include "core/evaluate.hpp"
#include "fixtures.hpp"

namespace test_evaluate {

using namespace cookiegate;
using fx::day;
using fx::json;
using fx::now;

namespace {

const category_state& cat(const state& st, std::string_view id) {
  for (const auto& c : st.categories)
    if (c.id == id) return c;
  FAIL("no category " << id << " in the state");
  throw;  // unreachable: FAIL throws
}

bool svc_allowed(const state& st, std::string_view category, std::string_view service) {
  for (const auto& s : cat(st, category).services)
    if (s.id == service) return s.allowed;
  FAIL("no service " << service);
  return false;
}

bool signal(const state& st, consent_signal s) { return st.consent_mode[static_cast<std::size_t>(s)]; }

const signals no_gpc{false};
const signals with_gpc{true};
const version current{1, 2, 0};  // the small config's policy

std::string with_upcoming(const char* ver, const char* date) {
  return fx::edited(fx::small_config, [&](json& j) {
    j["policy"]["upcoming"] = {{"version", ver}, {"effective", date}, {"summary", "Changes ahead."}};
  });
}

}  // namespace

TEST_CASE("without a record every optional category is asked and denied", "[evaluate]") {
  const auto cfg = fx::small();
  const auto st = evaluate(cfg, nullptr, now, no_gpc);
  CHECK(st.prompt == prompt_kind::consent);
  CHECK(st.reason == ask_reason::no_record);
  CHECK_FALSE(st.record_error.has_value());
  CHECK_FALSE(st.record.has_value());
  CHECK(st.expires_at == 0);
  CHECK(st.policy == current);
  CHECK(st.notice == notice_kind::none);
  CHECK_FALSE(st.gpc_applied);
  REQUIRE(st.categories.size() == 3);
  SECTION("in config order") {
    CHECK(st.categories[0].id == "necessary");
    CHECK(st.categories[1].id == "analytics");
    CHECK(st.categories[2].id == "marketing");
  }
  SECTION("the required category is on and never asked") {
    CHECK(cat(st, "necessary").required);
    CHECK(cat(st, "necessary").allowed);
    CHECK_FALSE(cat(st, "necessary").ask);
    CHECK(svc_allowed(st, "necessary", "session"));
  }
  SECTION("optional categories are asked, off, and so are their services") {
    for (auto id : {"analytics", "marketing"}) {
      INFO(id);
      CHECK(cat(st, id).ask);
      CHECK_FALSE(cat(st, id).allowed);
      CHECK_FALSE(cat(st, id).changed);
      CHECK_FALSE(cat(st, id).gpc);
      for (const auto& s : cat(st, id).services) CHECK_FALSE(s.allowed);
    }
  }
  SECTION("Consent Mode: only the required category's signal is granted") {
    CHECK(signal(st, consent_signal::security_storage));
    CHECK_FALSE(signal(st, consent_signal::analytics_storage));
    CHECK_FALSE(signal(st, consent_signal::ad_storage));
    CHECK_FALSE(signal(st, consent_signal::ad_user_data));
    CHECK_FALSE(signal(st, consent_signal::ad_personalization));
    CHECK_FALSE(signal(st, consent_signal::functionality_storage));
    CHECK_FALSE(signal(st, consent_signal::personalization_storage));
  }
}

TEST_CASE("a valid record decides the categories it covers", "[evaluate]") {
  const auto cfg = fx::small();
  const auto r = fx::make_record(cfg, {{"analytics", true}, {"marketing", false}}, current, now - 10 * day);
  const auto st = evaluate(cfg, &r, now, no_gpc);
  CHECK(st.prompt == prompt_kind::none);
  CHECK(st.reason == ask_reason::none);
  REQUIRE(st.record.has_value());
  CHECK(*st.record == r);
  CHECK(cat(st, "analytics").allowed);
  CHECK_FALSE(cat(st, "analytics").ask);
  CHECK_FALSE(cat(st, "marketing").allowed);
  CHECK_FALSE(cat(st, "marketing").ask);
  CHECK(svc_allowed(st, "analytics", "matomo"));
  CHECK_FALSE(svc_allowed(st, "marketing", "meta-pixel"));
  // Mixed decisions: the shorter (refusal) expiry applies.
  CHECK(st.expires_at == r.updated + 182 * day);
}

TEST_CASE("an invalid stored value means no consent", "[evaluate][adversarial]") {
  const auto cfg = fx::small();
  const auto good = encode(fx::make_record(cfg, {{"analytics", true}, {"marketing", true}}, current, now - day));
  SECTION("the valid cookie is read") {
    const auto st = evaluate_cookie(cfg, "other=1; cookiegate=" + good, now, no_gpc);
    CHECK(st.prompt == prompt_kind::none);
    CHECK(cat(st, "marketing").allowed);
    CHECK_FALSE(st.record_error.has_value());
  }
  SECTION("no cookie is no record") {
    const auto st = evaluate_cookie(cfg, "other=1", now, no_gpc);
    CHECK(st.reason == ask_reason::no_record);
    CHECK_FALSE(st.record_error.has_value());
  }
  SECTION("garbage") {
    const auto st = evaluate_cookie(cfg, "cookiegate={\"analytics\":true}", now, no_gpc);
    CHECK(st.prompt == prompt_kind::consent);
    CHECK(st.reason == ask_reason::invalid_record);
    REQUIRE(st.record_error.has_value());
    CHECK(*st.record_error == errc::record_format);
    CHECK_FALSE(st.record.has_value());
    CHECK_FALSE(cat(st, "analytics").allowed);
    CHECK_FALSE(cat(st, "marketing").allowed);
  }
  SECTION("one flipped character") {
    auto bad = good;
    bad[10] = bad[10] == 'A' ? 'B' : 'A';
    const auto st = evaluate_cookie(cfg, "cookiegate=" + bad, now, no_gpc);
    CHECK(st.reason == ask_reason::invalid_record);
    CHECK(st.record_error == errc::record_checksum);
    CHECK_FALSE(cat(st, "marketing").allowed);
  }
  SECTION("two cookies of the consent name") {
    const auto st = evaluate_cookie(cfg, "cookiegate=" + good + "; cookiegate=" + good, now, no_gpc);
    CHECK(st.reason == ask_reason::invalid_record);
    CHECK(st.record_error == errc::record_duplicate);
    CHECK_FALSE(cat(st, "marketing").allowed);
  }
  SECTION("a record dated beyond the clock skew") {
    const auto future = encode(fx::make_record(cfg, {{"marketing", true}}, current, now + 2 * day));
    const auto st = evaluate_cookie(cfg, "cookiegate=" + future, now, no_gpc);
    CHECK(st.record_error == errc::record_future);
    CHECK_FALSE(cat(st, "marketing").allowed);
  }
  SECTION("the cookie under the configured stored name only") {
    auto hp = fx::must_parse(fx::edited(fx::small_config, [](json& j) { j["cookie"] = {{"hostPrefix", true}}; }));
    CHECK(evaluate_cookie(hp, "cookiegate=" + good, now, no_gpc).reason == ask_reason::no_record);
    CHECK(evaluate_cookie(hp, "__Host-cookiegate=" + good, now, no_gpc).reason == ask_reason::none);
  }
}

TEST_CASE("records expire by the acceptance or the refusal expiry", "[evaluate]") {
  const auto cfg = fx::small();  // acceptDays 365, rejectDays 182
  auto at = [&](const fx::decisions& d, std::int64_t age) {
    const auto r = fx::make_record(cfg, d, current, now - age);
    return evaluate(cfg, &r, now, no_gpc);
  };
  const fx::decisions accepted = {{"analytics", true}, {"marketing", true}};
  const fx::decisions refused = {{"analytics", false}, {"marketing", false}};
  const fx::decisions mixed = {{"analytics", true}, {"marketing", false}};
  SECTION("an acceptance lasts acceptDays") {
    CHECK(at(accepted, 200 * day).reason == ask_reason::none);
    CHECK(at(accepted, 365 * day - 1).reason == ask_reason::none);
    CHECK(at(accepted, 365 * day).reason == ask_reason::expired);
    CHECK(at(accepted, 365 * day).prompt == prompt_kind::consent);
    CHECK_FALSE(cat(at(accepted, 365 * day), "analytics").allowed);
    CHECK(at(accepted, 200 * day).expires_at == now - 200 * day + 365 * day);
  }
  SECTION("a refusal lasts rejectDays") {
    CHECK(at(refused, 182 * day - 1).reason == ask_reason::none);
    CHECK(at(refused, 182 * day).reason == ask_reason::expired);
    CHECK(at(refused, 200 * day).reason == ask_reason::expired);
  }
  SECTION("a record holding both lasts the shorter") {
    CHECK(at(mixed, 182 * day - 1).reason == ask_reason::none);
    CHECK(at(mixed, 182 * day).reason == ask_reason::expired);
    CHECK_FALSE(at(mixed, 182 * day).record.has_value());
  }
  SECTION("record_expiry agrees") {
    const auto r = fx::make_record(cfg, accepted, current, now);
    CHECK(record_expiry(cfg, r) == now + 365 * day);
    const auto q = fx::make_record(cfg, refused, current, now);
    CHECK(record_expiry(cfg, q) == now + 182 * day);
  }
  SECTION("when refusals last longer than acceptances") {
    auto c = fx::must_parse(fx::edited(fx::small_config, [](json& j) {
      j["expiry"] = {{"acceptDays", 30}, {"rejectDays", 395}};
    }));
    const auto r = fx::make_record(c, accepted, current, now - 31 * day);
    CHECK(evaluate(c, &r, now, no_gpc).reason == ask_reason::expired);
    const auto q = fx::make_record(c, refused, current, now - 300 * day);
    CHECK(evaluate(c, &q, now, no_gpc).reason == ask_reason::none);
  }
}

TEST_CASE("a raised policy MAJOR asks every optional category again", "[evaluate]") {
  const auto cfg = fx::small();
  const auto r = fx::make_record(cfg, {{"analytics", true}, {"marketing", true}}, {0, 9, 3}, now - day);
  const auto st = evaluate(cfg, &r, now, no_gpc);
  CHECK(st.prompt == prompt_kind::reconsent);
  CHECK(st.reason == ask_reason::major_update);
  CHECK(st.record.has_value());
  for (auto id : {"analytics", "marketing"}) {
    INFO(id);
    CHECK(cat(st, id).ask);
    CHECK(cat(st, id).changed);  // the re-ask banner names it
    CHECK_FALSE(cat(st, id).allowed);  // the old grant does not cover the new policy
  }
  CHECK(cat(st, "necessary").allowed);
  CHECK_FALSE(signal(st, consent_signal::analytics_storage));
}

TEST_CASE("a raised category revision or a new category asks only those", "[evaluate]") {
  const auto old_cfg = fx::small();
  const auto r = fx::make_record(old_cfg, {{"analytics", true}, {"marketing", true}}, current, now - day);
  SECTION("revision raised") {
    const auto cfg = fx::must_parse(fx::edited(fx::small_config, [](json& j) { j["categories"][1]["revision"] = 2; }));
    const auto st = evaluate(cfg, &r, now, no_gpc);
    CHECK(st.prompt == prompt_kind::reconsent);
    CHECK(st.reason == ask_reason::category_changed);
    CHECK(cat(st, "analytics").ask);
    CHECK(cat(st, "analytics").changed);
    CHECK_FALSE(cat(st, "analytics").allowed);
    CHECK_FALSE(cat(st, "marketing").ask);
    CHECK_FALSE(cat(st, "marketing").changed);
    CHECK(cat(st, "marketing").allowed);  // keeps its decision
  }
  SECTION("a new category") {
    const auto cfg = fx::must_parse(fx::edited(fx::small_config, [](json& j) {
      j["categories"].push_back({{"id", "video"}, {"title", "Video"}, {"services", {{{"id", "youtube"}}}}});
    }));
    const auto st = evaluate(cfg, &r, now, no_gpc);
    // Asked for the first time: the first question, not "we have changed how we use".
    CHECK(st.prompt == prompt_kind::consent);
    CHECK(st.reason == ask_reason::category_changed);
    CHECK(cat(st, "video").ask);
    CHECK(cat(st, "video").changed);
    CHECK_FALSE(cat(st, "video").allowed);
    CHECK_FALSE(svc_allowed(st, "video", "youtube"));
    CHECK(cat(st, "analytics").allowed);
    CHECK(cat(st, "marketing").allowed);
    CHECK_FALSE(cat(st, "analytics").ask);
  }
}

TEST_CASE("the first layer's Reject all refuses only what is asked while other decisions stand", "[evaluate]") {
  // A visitor who granted marketing, asked again about analytics alone, would lose the
  // marketing grant to a "Reject all" that does not show it (a page reload, unseen).
  const auto granted = fx::make_record(fx::small(), {{"analytics", true}, {"marketing", true}}, current, now - day);
  const auto revised = [](std::initializer_list<int> cats) {
    return fx::must_parse(fx::edited(fx::small_config, [&](json& j) {
      for (int c : cats) j["categories"][c]["revision"] = 2;
    }));
  };
  SECTION("no record: everything is asked, Reject all is a reject_all") {
    CHECK_FALSE(evaluate(fx::small(), nullptr, now, no_gpc).reject_asked_only);
  }
  SECTION("one category's revision raised, the other's grant standing: only the asked one") {
    const auto st = evaluate(revised({1}), &granted, now, no_gpc);
    REQUIRE(st.reason == ask_reason::category_changed);
    CHECK(st.reject_asked_only);
  }
  SECTION("a new category beside decided ones") {
    const auto cfg = fx::must_parse(fx::edited(fx::small_config, [](json& j) {
      j["categories"].push_back({{"id", "video"}, {"title", "Video"}, {"services", {{{"id", "youtube"}}}}});
    }));
    CHECK(evaluate(cfg, &granted, now, no_gpc).reject_asked_only);
  }
  SECTION("a service added to one granted category") {
    const auto cfg = fx::must_parse(fx::edited(fx::small_config, [](json& j) {
      j["categories"][1]["services"].push_back({{"id", "newvendor"}});
    }));
    const auto st = evaluate(cfg, &granted, now, no_gpc);
    REQUIRE(st.reason == ask_reason::service_added);
    CHECK(st.reject_asked_only);
  }
  SECTION("every optional category asked again: nothing stands, a reject_all") {
    const auto st = evaluate(revised({1, 2}), &granted, now, no_gpc);
    REQUIRE(st.reason == ask_reason::category_changed);
    CHECK_FALSE(st.reject_asked_only);
  }
  SECTION("a MAJOR policy change asks everything again") {
    const auto old = fx::make_record(fx::small(), {{"analytics", true}, {"marketing", true}}, version{0, 9, 0}, now - day);
    const auto st = evaluate(fx::small(), &old, now, no_gpc);
    REQUIRE(st.reason == ask_reason::major_update);
    CHECK_FALSE(st.reject_asked_only);
  }
  SECTION("nothing asked: no first layer, and no narrowing") {
    CHECK_FALSE(evaluate(fx::small(), &granted, now, no_gpc).reject_asked_only);
  }
  SECTION("a verified crawler is asked nothing") {
    CHECK_FALSE(evaluate(revised({1}), &granted, now, signals{false, {}, true}).reject_asked_only);
  }
  SECTION("a category GPC refuses without asking stands like a decision") {
    // Marketing never decided, refused by the signal; analytics asked again.
    const std::string gpc = fx::edited(fx::small_config, [](json& j) { j["gpc"] = {{"categories", {"marketing"}}}; });
    const auto cfg = fx::must_parse(fx::edited(gpc, [](json& j) { j["categories"][1]["revision"] = 2; }));
    const auto only_analytics = fx::make_record(fx::must_parse(gpc), {{"analytics", true}}, current, now - day);
    const auto st = evaluate(cfg, &only_analytics, now, with_gpc);
    REQUIRE(st.reason == ask_reason::category_changed);
    REQUIRE(cat(st, "marketing").gpc);
    CHECK(cat(st, "analytics").ask);
    CHECK(st.reject_asked_only);
    // Without the signal marketing is asked too: nothing stands.
    CHECK_FALSE(evaluate(cfg, &only_analytics, now, no_gpc).reject_asked_only);
  }
}

TEST_CASE("a service added to a consented category is asked for, not carried on the old consent", "[evaluate][regression]") {
  // The visitor accepted everything; the site then adds "newvendor" to analytics without
  // raising its revision. The record never saw newvendor, so nothing consented to it.
  auto old_r = apply_choice(fx::small(), nullptr, choice{choice_kind::accept_all, {}, {}}, now - day,
                            fx::random_bytes(), "en", false);
  REQUIRE(old_r.ok());
  const auto r = old_r.value();
  const auto added = [](int category) {
    return fx::must_parse(fx::edited(fx::small_config, [&](json& j) {
      j["categories"][category]["services"].push_back({{"id", "newvendor"}, {"consentMode", {"analytics_storage"}}});
    }));
  };
  SECTION("the category is asked again, exactly as for a raised revision") {
    const auto cfg = added(1);
    const auto st = evaluate(cfg, &r, now, no_gpc);
    CHECK(st.prompt == prompt_kind::reconsent);
    CHECK(st.reason == ask_reason::service_added);
    CHECK(cat(st, "analytics").ask);
    CHECK(cat(st, "analytics").changed);
    CHECK_FALSE(cat(st, "analytics").allowed);
    CHECK_FALSE(svc_allowed(st, "analytics", "newvendor"));
    CHECK_FALSE(svc_allowed(st, "analytics", "matomo"));
    CHECK_FALSE(signal(st, consent_signal::analytics_storage));
    // Other categories keep their decisions.
    CHECK(cat(st, "marketing").allowed);
    CHECK_FALSE(cat(st, "marketing").ask);
    CHECK_FALSE(cat(st, "marketing").changed);
    CHECK(svc_allowed(st, "marketing", "meta-pixel"));
    CHECK(st.record.has_value());
  }
  SECTION("answering again settles it, and other services keep their decisions") {
    const auto cfg = added(1);
    auto before = fx::make_record(fx::small(), {{"analytics", true}, {"marketing", false}}, current, now - day,
                                  {{"hotjar", false}});
    REQUIRE(evaluate(cfg, &before, now, no_gpc).reason == ask_reason::service_added);
    auto again = apply_choice(cfg, &before, choice{choice_kind::custom, {{"analytics", true}}, {}}, now,
                              fx::random_bytes(), "en", false);
    REQUIRE(again.ok());
    const auto st = evaluate(cfg, &again.value(), now, no_gpc);
    CHECK(st.prompt == prompt_kind::none);
    CHECK(cat(st, "analytics").allowed);
    CHECK(svc_allowed(st, "analytics", "newvendor"));
    CHECK(svc_allowed(st, "analytics", "matomo"));
    CHECK_FALSE(svc_allowed(st, "analytics", "hotjar"));  // the earlier refusal stands
  }
  SECTION("a raised revision elsewhere is the stronger reason") {
    const auto cfg = fx::must_parse(fx::edited(fx::small_config, [](json& j) {
      j["categories"][1]["services"].push_back({{"id", "newvendor"}});
      j["categories"][2]["revision"] = 2;
    }));
    const auto st = evaluate(cfg, &r, now, no_gpc);
    CHECK(st.reason == ask_reason::category_changed);
    CHECK(cat(st, "analytics").changed);
    CHECK(cat(st, "marketing").changed);
  }
  SECTION("a new service in a refused category is refused without asking again") {
    const auto refused = fx::make_record(fx::small(), {{"analytics", false}, {"marketing", true}}, current, now - day);
    const auto st = evaluate(added(1), &refused, now, no_gpc);
    CHECK(st.prompt == prompt_kind::none);
    CHECK(st.reason == ask_reason::none);
    CHECK_FALSE(cat(st, "analytics").ask);
    CHECK_FALSE(svc_allowed(st, "analytics", "newvendor"));
  }
  SECTION("a required category's new service is simply allowed") {
    const auto cfg = fx::must_parse(fx::edited(fx::small_config, [](json& j) {
      j["categories"][0]["services"].push_back({{"id", "csrf"}});
    }));
    const auto st = evaluate(cfg, &r, now, no_gpc);
    CHECK(st.prompt == prompt_kind::none);
    CHECK(svc_allowed(st, "necessary", "csrf"));
    CHECK(cat(st, "analytics").allowed);
  }
}

TEST_CASE("a service moved to another category is asked for there, not carried on its old purpose's consent", "[evaluate][regression]") {
  // A trial: the visitor granted analytics (with matomo) and marketing; the site then moved
  // matomo from analytics to marketing. Consent is given for a purpose (GDPR Art. 6(1)(a)),
  // and nobody consented to matomo for marketing, yet the decision, keyed by matomo's id
  // alone, stood there (reason none, matomo allowed).
  auto chosen = apply_choice(fx::small(), nullptr, choice{choice_kind::accept_all, {}, {}}, now - day,
                             fx::random_bytes(), "en", false);
  REQUIRE(chosen.ok());
  const auto& r = chosen.value();
  const auto moved = fx::must_parse(fx::edited(fx::small_config, [](json& j) {
    j["categories"][1]["services"] = json::array({{{"id", "hotjar"}}});
    j["categories"][2]["services"].push_back({{"id", "matomo"}});
  }));
  SECTION("the category it moved into is asked again, as for an added service") {
    const auto st = evaluate(moved, &r, now, no_gpc);
    CHECK(st.reason == ask_reason::service_added);
    CHECK(cat(st, "marketing").ask);
    CHECK(cat(st, "marketing").changed);
    CHECK_FALSE(svc_allowed(st, "marketing", "matomo"));
    // The category it left keeps its decision.
    CHECK(cat(st, "analytics").allowed);
    CHECK_FALSE(cat(st, "analytics").ask);
    CHECK(svc_allowed(st, "analytics", "hotjar"));
  }
  SECTION("the record lists the old decision under no id of the new config") {
    const auto st = evaluate(moved, &r, now, no_gpc);
    REQUIRE(st.record.has_value());
    CHECK(find_service_decision(*st.record, moved.categories[2].services.back()) == nullptr);
  }
  SECTION("answering again settles it") {
    auto again = apply_choice(moved, &r, choice{choice_kind::custom, {{"analytics", true}, {"marketing", true}}, {}},
                              now, fx::random_bytes(), "en", false);
    REQUIRE(again.ok());
    const auto st = evaluate(moved, &again.value(), now, no_gpc);
    CHECK(st.prompt == prompt_kind::none);
    CHECK(svc_allowed(st, "marketing", "matomo"));
  }
  SECTION("moved into a refused category, it is refused with it and nothing is asked") {
    auto refused = apply_choice(fx::small(), nullptr, choice{choice_kind::custom, {{"analytics", true}}, {}},
                                now - day, fx::random_bytes(), "en", false);
    REQUIRE(refused.ok());
    const auto st = evaluate(moved, &refused.value(), now, no_gpc);
    CHECK(st.reason == ask_reason::none);
    CHECK_FALSE(svc_allowed(st, "marketing", "matomo"));
  }
}

TEST_CASE("a record written before decisions were keyed by category still stands", "[evaluate][compat]") {
  // Such a record keyed a service's decision by short_key(service id): an upgrade of
  // CookieGate must not ask its visitors again, nor lose a refusal.
  const auto cfg = fx::small();
  const auto r = fx::keyed_as_before(cfg, fx::make_record(cfg, {{"analytics", true}, {"marketing", true}},
                                                          current, now - day, {{"hotjar", false}}));
  REQUIRE(r.services.size() == 4);
  const auto st = evaluate(cfg, &r, now, no_gpc);
  CHECK(st.reason == ask_reason::none);
  CHECK(st.prompt == prompt_kind::none);
  CHECK(svc_allowed(st, "analytics", "matomo"));
  CHECK_FALSE(svc_allowed(st, "analytics", "hotjar"));
  CHECK(svc_allowed(st, "marketing", "meta-pixel"));
  SECTION("a new choice rewrites them under the new keys, keeping the refusal") {
    auto again = apply_choice(cfg, &r, choice{choice_kind::allow, {{"marketing", true}}, {}}, now,
                              fx::random_bytes(), "en", false);
    REQUIRE(again.ok());
    for (const auto& c : cfg.categories)
      for (const auto& s : c.services)
        if (!c.required) CHECK(find_service_decision(again.value(), s.key) != nullptr);
    CHECK_FALSE(svc_allowed(evaluate(cfg, &again.value(), now, no_gpc), "analytics", "hotjar"));
  }
}

TEST_CASE("a raised MINOR keeps consent and gives a notice until acknowledged", "[evaluate]") {
  const auto cfg = fx::small();
  auto r = fx::make_record(cfg, {{"analytics", true}, {"marketing", false}}, {1, 1, 7}, now - day);
  const auto st = evaluate(cfg, &r, now, no_gpc);
  CHECK(st.prompt == prompt_kind::notice);
  CHECK(st.reason == ask_reason::none);
  CHECK(st.notice == notice_kind::update);
  CHECK(st.notice_version == current);
  CHECK(cat(st, "analytics").allowed);
  CHECK_FALSE(cat(st, "marketing").allowed);
  SECTION("acknowledged: no notice any more") {
    r.acknowledged = current;
    const auto after = evaluate(cfg, &r, now, no_gpc);
    CHECK(after.prompt == prompt_kind::none);
    CHECK(after.notice == notice_kind::none);
    CHECK(cat(after, "analytics").allowed);
  }
}

TEST_CASE("a raised PATCH changes nothing", "[evaluate]") {
  const auto cfg = fx::must_parse(fx::edited(fx::small_config, [](json& j) { j["policy"]["version"] = "1.2.9"; }));
  const auto r = fx::make_record(cfg, {{"analytics", true}, {"marketing", true}}, current, now - day);
  const auto st = evaluate(cfg, &r, now, no_gpc);
  CHECK(st.prompt == prompt_kind::none);
  CHECK(st.reason == ask_reason::none);
  CHECK(st.notice == notice_kind::none);
  CHECK(st.policy == version{1, 2, 9});
  CHECK(cat(st, "marketing").allowed);
}

TEST_CASE("a record naming a policy newer than the config is not trusted", "[evaluate][adversarial]") {
  const auto cfg = fx::small();
  for (version v : {version{1, 2, 1}, version{1, 3, 0}, version{2, 0, 0}}) {
    INFO("stored " << v.to_string());
    const auto r = fx::make_record(cfg, {{"analytics", true}, {"marketing", true}}, v, now - day);
    const auto st = evaluate(cfg, &r, now, no_gpc);
    CHECK(st.prompt == prompt_kind::consent);
    CHECK(st.reason == ask_reason::future_version);
    CHECK_FALSE(st.record.has_value());
    CHECK_FALSE(cat(st, "analytics").allowed);
    CHECK_FALSE(cat(st, "marketing").allowed);
  }
}

TEST_CASE("an announced change gives notice before its date and rules from it", "[evaluate]") {
  const auto cfg = fx::must_parse(with_upcoming("2.0.0", "2025-07-01"));
  const std::int64_t effective = 1751328000;  // 2025-07-01T00:00:00Z
  const auto r = fx::make_record(cfg, {{"analytics", true}, {"marketing", true}}, current, now - day);
  SECTION("before the date: current rules and an upcoming notice") {
    CHECK(effective_policy(cfg, now) == current);
    CHECK(effective_policy(cfg, effective - 1) == current);
    const auto st = evaluate(cfg, &r, effective - 1, no_gpc);
    CHECK(st.policy == current);
    CHECK(st.prompt == prompt_kind::notice);
    CHECK(st.notice == notice_kind::upcoming);
    CHECK(st.notice_version == version{2, 0, 0});
    CHECK(st.notice_effective == "2025-07-01");
    CHECK(cat(st, "marketing").allowed);
  }
  SECTION("before the date, once acknowledged: nothing to say") {
    auto seen = r;
    seen.acknowledged = {2, 0, 0};
    const auto st = evaluate(cfg, &seen, now, no_gpc);
    CHECK(st.prompt == prompt_kind::none);
    CHECK(st.notice == notice_kind::none);
  }
  SECTION("from the date the upcoming version is current") {
    CHECK(effective_policy(cfg, effective) == version{2, 0, 0});
    const auto st = evaluate(cfg, &r, effective, no_gpc);
    CHECK(st.policy == version{2, 0, 0});
    CHECK(st.reason == ask_reason::major_update);
    CHECK(st.prompt == prompt_kind::reconsent);
    CHECK_FALSE(cat(st, "marketing").allowed);
    CHECK(st.notice != notice_kind::upcoming);
  }
  SECTION("an upcoming MINOR becomes an update notice from its date") {
    const auto minor = fx::must_parse(with_upcoming("1.3.0", "2025-07-01"));
    const auto st = evaluate(minor, &r, effective + day, no_gpc);
    CHECK(st.policy == version{1, 3, 0});
    CHECK(st.prompt == prompt_kind::notice);
    CHECK(st.notice == notice_kind::update);
    CHECK(st.notice_version == version{1, 3, 0});
    CHECK(cat(st, "marketing").allowed);
  }
  SECTION("a first-time visitor is asked under the current rules") {
    const auto st = evaluate(cfg, nullptr, now, no_gpc);
    CHECK(st.prompt == prompt_kind::consent);
    CHECK(st.policy == current);
  }
}

TEST_CASE("Global Privacy Control refuses its categories unless a later choice says otherwise", "[evaluate][gpc]") {
  const auto cfg = fx::small();
  SECTION("no record, GPC on: honoured categories denied without asking") {
    const auto st = evaluate(cfg, nullptr, now, with_gpc);
    CHECK(st.gpc_applied);
    CHECK(st.prompt == prompt_kind::none);
    for (auto id : {"analytics", "marketing"}) {
      INFO(id);
      CHECK(cat(st, id).gpc);
      CHECK_FALSE(cat(st, id).ask);
      CHECK_FALSE(cat(st, id).allowed);
    }
    CHECK_FALSE(cat(st, "necessary").gpc);
    CHECK(cat(st, "necessary").allowed);
    CHECK_FALSE(signal(st, consent_signal::ad_storage));
  }
  SECTION("GPC covering only marketing leaves analytics to ask") {
    const auto c = fx::must_parse(fx::edited(fx::small_config, [](json& j) { j["gpc"] = {{"categories", {"marketing"}}}; }));
    const auto st = evaluate(c, nullptr, now, with_gpc);
    CHECK(st.prompt == prompt_kind::consent);
    CHECK(cat(st, "marketing").gpc);
    CHECK_FALSE(cat(st, "marketing").ask);
    CHECK(cat(st, "analytics").ask);
    CHECK_FALSE(cat(st, "analytics").gpc);
  }
  // The re-ask banner names the categories marked changed: one the signal refuses
  // without asking must not be among them (its Agree would grant it).
  SECTION("after a MAJOR change or a raised revision, a category GPC refuses is neither asked nor changed") {
    const std::string before = fx::edited(fx::small_config, [](json& j) { j["gpc"] = {{"categories", {"marketing"}}}; });
    const auto b = fx::must_parse(before);
    const auto c = fx::must_parse(fx::edited(before, [](json& j) { j["categories"][2]["revision"] = 2; }));
    const auto major = fx::make_record(b, {{"analytics", true}, {"marketing", true}}, {0, 9, 3}, now - day);
    const auto revised = fx::make_record(b, {{"analytics", true}, {"marketing", true}}, current, now - day);
    for (const auto* r : {&major, &revised}) {
      const auto st = evaluate(c, r, now, with_gpc);
      CHECK(cat(st, "marketing").gpc);
      CHECK_FALSE(cat(st, "marketing").ask);
      CHECK_FALSE(cat(st, "marketing").changed);
    }
    const auto st = evaluate(c, &major, now, with_gpc);
    CHECK(st.prompt == prompt_kind::reconsent);
    CHECK(cat(st, "analytics").changed);
  }
  SECTION("a site that does not honour GPC asks as usual") {
    const auto c = fx::must_parse(fx::edited(fx::small_config, [](json& j) { j["gpc"] = {{"honour", false}}; }));
    const auto st = evaluate(c, nullptr, now, with_gpc);
    CHECK_FALSE(st.gpc_applied);
    CHECK(st.prompt == prompt_kind::consent);
    CHECK_FALSE(cat(st, "marketing").gpc);
  }
  SECTION("GPC off changes nothing") {
    const auto st = evaluate(cfg, nullptr, now, no_gpc);
    CHECK_FALSE(st.gpc_applied);
    CHECK_FALSE(cat(st, "marketing").gpc);
  }
  SECTION("an explicit later grant wins over the signal") {
    const auto r = fx::make_record(cfg, {{"analytics", true}, {"marketing", true}}, current, now - day);
    const auto st = evaluate(cfg, &r, now, with_gpc);
    CHECK(cat(st, "marketing").allowed);
    CHECK_FALSE(cat(st, "marketing").gpc);
    CHECK(st.prompt == prompt_kind::none);
    CHECK(signal(st, consent_signal::ad_storage));
  }
  SECTION("a record written because of GPC reports it") {
    auto r = fx::make_record(cfg, {{"analytics", false}, {"marketing", false}}, current, now - day);
    r.method = consent_method::gpc_default;
    r.gpc_applied = true;
    const auto st = evaluate(cfg, &r, now, no_gpc);
    CHECK(st.gpc_applied);
    CHECK_FALSE(cat(st, "marketing").allowed);
  }
}

TEST_CASE("Consent Mode signals follow the categories and services that declare them", "[evaluate][consent_mode]") {
  const auto cfg = fx::small();
  auto st_for = [&](const fx::decisions& cats, const fx::decisions& svcs = {}) {
    const auto r = fx::make_record(cfg, cats, current, now - day, svcs);
    return evaluate(cfg, &r, now, no_gpc);
  };
  SECTION("accept all: every declared signal granted, undeclared ones denied") {
    const auto st = st_for({{"analytics", true}, {"marketing", true}});
    REQUIRE(st.consent_mode.size() == 7);
    CHECK(signal(st, consent_signal::ad_storage));
    CHECK(signal(st, consent_signal::ad_user_data));
    CHECK(signal(st, consent_signal::ad_personalization));
    CHECK(signal(st, consent_signal::analytics_storage));
    CHECK(signal(st, consent_signal::security_storage));
    CHECK_FALSE(signal(st, consent_signal::functionality_storage));
    CHECK_FALSE(signal(st, consent_signal::personalization_storage));
  }
  SECTION("reject all: only the required category's signal") {
    const auto st = st_for({{"analytics", false}, {"marketing", false}});
    CHECK(signal(st, consent_signal::security_storage));
    CHECK_FALSE(signal(st, consent_signal::ad_storage));
    CHECK_FALSE(signal(st, consent_signal::ad_user_data));
    CHECK_FALSE(signal(st, consent_signal::ad_personalization));
    CHECK_FALSE(signal(st, consent_signal::analytics_storage));
  }
  SECTION("analytics only") {
    const auto st = st_for({{"analytics", true}, {"marketing", false}});
    CHECK(signal(st, consent_signal::analytics_storage));
    CHECK_FALSE(signal(st, consent_signal::ad_storage));
  }
  SECTION("a refused service takes its own signals down with it, and its category's") {
    // The category's ad_storage is Google's too: granted beside a refused Google Ads,
    // Google's tags would store ad cookies the visitor refused.
    const auto st = st_for({{"analytics", true}, {"marketing", true}}, {{"google-ads", false}});
    CHECK(cat(st, "marketing").allowed);
    CHECK_FALSE(svc_allowed(st, "marketing", "google-ads"));
    CHECK(svc_allowed(st, "marketing", "meta-pixel"));
    CHECK_FALSE(signal(st, consent_signal::ad_storage));
    CHECK_FALSE(signal(st, consent_signal::ad_user_data));
    CHECK_FALSE(signal(st, consent_signal::ad_personalization));
    CHECK(signal(st, consent_signal::analytics_storage));
  }
  SECTION("a category's signal is denied while any service of it is refused") {
    // A trial: analytics_storage on the analytics category, Google Analytics switched off
    // and another analytics service on; gtag.js (not gated, Consent Mode) was told
    // granted and set _ga. A signal that should follow one service belongs on it.
    const auto st = st_for({{"analytics", true}, {"marketing", false}}, {{"matomo", false}, {"hotjar", true}});
    CHECK(cat(st, "analytics").allowed);
    CHECK(svc_allowed(st, "analytics", "hotjar"));
    CHECK_FALSE(signal(st, consent_signal::analytics_storage));
    const auto both = st_for({{"analytics", true}, {"marketing", false}}, {{"matomo", true}, {"hotjar", true}});
    CHECK(signal(both, consent_signal::analytics_storage));
  }
}

TEST_CASE("a signal declared by several categories needs all of them allowed", "[evaluate][consent_mode]") {
  // The realistic config declares functionality_storage on the required category and on
  // the optional support chat: a refused chat must not ride on the required grant.
  const auto cfg = fx::realistic();
  auto st_for = [&](bool support, bool others) {
    fx::decisions d;
    for (const auto& c : cfg.categories)
      if (!c.required) d.push_back({c.id, c.id == "support" ? support : others});
    const auto r = fx::make_record(cfg, d, cfg.policy.ver, now - day);
    return evaluate(cfg, &r, now, no_gpc);
  };
  SECTION("everything refused") {
    const auto st = st_for(false, false);
    CHECK(signal(st, consent_signal::security_storage));
    CHECK_FALSE(signal(st, consent_signal::functionality_storage));
    CHECK_FALSE(signal(st, consent_signal::personalization_storage));
    CHECK_FALSE(signal(st, consent_signal::analytics_storage));
  }
  SECTION("only the support chat") {
    const auto st = st_for(true, false);
    CHECK(signal(st, consent_signal::functionality_storage));
    CHECK_FALSE(signal(st, consent_signal::ad_storage));
  }
  SECTION("everything but the support chat") {
    const auto st = st_for(false, true);
    CHECK_FALSE(signal(st, consent_signal::functionality_storage));
    CHECK(signal(st, consent_signal::personalization_storage));
    CHECK(signal(st, consent_signal::ad_storage));
    CHECK(signal(st, consent_signal::ad_user_data));
    CHECK(signal(st, consent_signal::analytics_storage));
  }
  SECTION("everything") {
    const auto st = st_for(true, true);
    for (std::size_t i = 0; i < consent_signal_count; ++i) {
      INFO(signal_name(static_cast<consent_signal>(i)));
      CHECK(st.consent_mode[i]);
    }
  }
}

TEST_CASE("decisions stay with their category when the site reorganises", "[evaluate][codec]") {
  // Encoded under config A, read under config B: the cookie stores keys, not positions.
  const auto a = fx::small();
  const auto value = encode(fx::make_record(a, {{"analytics", false}, {"marketing", true}}, current, now - day));
  const std::string header = "cookiegate=" + value;
  SECTION("reordered") {
    const auto b = fx::must_parse(fx::edited(fx::small_config, [](json& j) {
      std::swap(j["categories"][1], j["categories"][2]);
      std::swap(j["categories"][0], j["categories"][1]);
    }));
    REQUIRE(b.categories[0].id == "marketing");
    const auto st = evaluate_cookie(b, header, now, no_gpc);
    CHECK(st.prompt == prompt_kind::none);
    CHECK(st.categories[0].id == "marketing");
    CHECK(cat(st, "marketing").allowed);
    CHECK_FALSE(cat(st, "analytics").allowed);
    CHECK(cat(st, "necessary").allowed);
  }
  SECTION("one removed") {
    const auto b = fx::must_parse(fx::edited(fx::small_config, [](json& j) { j["categories"].erase(1); }));
    const auto st = evaluate_cookie(b, header, now, no_gpc);
    CHECK(st.prompt == prompt_kind::none);
    REQUIRE(st.categories.size() == 2);
    CHECK(cat(st, "marketing").allowed);
  }
  SECTION("one added in front, one renamed") {
    const auto b = fx::must_parse(fx::edited(fx::small_config, [](json& j) {
      j["categories"].insert(j["categories"].begin(), json{{"id", "video"}, {"title", "Video"}});
      j["categories"][2]["id"] = "statistics";  // was analytics
    }));
    const auto st = evaluate_cookie(b, header, now, no_gpc);
    CHECK(st.prompt == prompt_kind::consent);  // neither asked one was ever decided
    CHECK(cat(st, "marketing").allowed);
    CHECK_FALSE(cat(st, "marketing").ask);
    CHECK(cat(st, "video").ask);
    CHECK(cat(st, "statistics").ask);
    CHECK_FALSE(cat(st, "statistics").allowed);
  }
  SECTION("the realistic config keeps each of its eight decisions apart") {
    const auto big = fx::realistic();
    fx::decisions d;
    bool on = true;
    for (const auto& c : big.categories)
      if (!c.required) d.push_back({c.id, on = !on});
    const auto rv = encode(fx::make_record(big, d, big.policy.ver, now - day));
    const auto reordered = fx::must_parse(fx::edited(fx::realistic_config, [](json& j) {
      auto& cats = j["categories"];
      std::reverse(cats.begin(), cats.end());
    }));
    for (const config* c : {&big, &reordered}) {
      const auto st = evaluate_cookie(*c, "__Host-consent=" + rv, now, no_gpc);
      CHECK(st.prompt == prompt_kind::none);
      for (const auto& [id, granted] : d) {
        INFO(id);
        CHECK(cat(st, id).allowed == granted);
      }
    }
  }
}

TEST_CASE("a clock moved a year back or forward asks again instead of trusting the record", "[evaluate][adversarial]") {
  const auto cfg = fx::small();  // acceptance lasts 365 days, refusal 182
  const auto accepted = encode(fx::make_record(cfg, {{"analytics", true}, {"marketing", true}}, current, now));
  const std::string header = "cookiegate=" + accepted;
  SECTION("the same clock reads the record") {
    const auto st = evaluate_cookie(cfg, header, now + day, no_gpc);
    CHECK(st.prompt == prompt_kind::none);
    CHECK(cat(st, "marketing").allowed);
  }
  SECTION("a year back: the record is from the future") {
    const auto st = evaluate_cookie(cfg, header, now - 365 * day, no_gpc);
    CHECK(st.prompt == prompt_kind::consent);
    CHECK(st.record_error == errc::record_future);
    CHECK_FALSE(cat(st, "analytics").allowed);
    CHECK_FALSE(cat(st, "marketing").allowed);
  }
  SECTION("a year and a day forward: the acceptance has expired") {
    const auto st = evaluate_cookie(cfg, header, now + 366 * day, no_gpc);
    CHECK(st.prompt == prompt_kind::consent);
    CHECK(st.reason == ask_reason::expired);
    CHECK_FALSE(st.record.has_value());
    CHECK_FALSE(cat(st, "analytics").allowed);
  }
  SECTION("a refusal expires on its own, shorter clock") {
    const auto refused = encode(fx::make_record(cfg, {{"analytics", false}, {"marketing", false}}, current, now));
    CHECK(evaluate_cookie(cfg, "cookiegate=" + refused, now + 181 * day, no_gpc).reason == ask_reason::none);
    CHECK(evaluate_cookie(cfg, "cookiegate=" + refused, now + 183 * day, no_gpc).reason == ask_reason::expired);
  }
}

}  // namespace test_evaluate
