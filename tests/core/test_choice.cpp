// apply_choice() and acknowledge(): a visitor's click becomes a record.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

#include "core/choice.hpp"
#include "core/codec.hpp"
#include "core/evaluate.hpp"
#include "gate_oracle.hpp"
#include "fixtures.hpp"

namespace test_choice {

using namespace cookiegate;
using oracle::is_allowed;
using fx::day;
using fx::json;
using fx::now;

namespace {

const version current{1, 2, 0};

const category_decision* decision(const config& cfg, const consent_record& r, std::string_view id) {
  const auto key = cfg.find_category(id)->key;
  for (const auto& d : r.categories)
    if (d.key == key) return &d;
  return nullptr;
}

// Granted / refused / absent, as one comparable value.
std::string granted(const config& cfg, const consent_record& r, std::string_view id) {
  const auto* d = decision(cfg, r, id);
  return d ? (d->granted ? "granted" : "refused") : "absent";
}

consent_record must_choose(const config& cfg, const consent_record* prior, const choice& c,
                           std::int64_t t = now, bool gpc = false) {
  auto r = apply_choice(cfg, prior, c, t, fx::random_bytes(), "en", gpc);
  if (!r.ok()) FAIL("choice refused: " << r.err().to_string());
  return r.value();
}

choice custom(fx::decisions cats, fx::decisions svcs = {}) {
  return choice{choice_kind::custom, std::move(cats), std::move(svcs)};
}

}  // namespace

TEST_CASE("accept all grants every category in a fresh record", "[choice]") {
  const auto cfg = fx::small();
  const auto r = must_choose(cfg, nullptr, choice{choice_kind::accept_all, {}, {}});
  CHECK(r.method == consent_method::accept_all);
  CHECK(granted(cfg, r, "necessary") == "granted");
  CHECK(granted(cfg, r, "analytics") == "granted");
  CHECK(granted(cfg, r, "marketing") == "granted");
  // Every optional service it was granted with, by name: a service added later has no
  // decision and so is asked for. The required category's services need none.
  CHECK(r.services.size() == 4);
  CHECK(std::all_of(r.services.begin(), r.services.end(), [](const service_decision& d) { return d.granted; }));
  CHECK(std::none_of(r.services.begin(), r.services.end(),
                     [](const service_decision& d) { return d.key == service_key("necessary", "session"); }));
  CHECK(r.created == now);
  CHECK(r.updated == now);
  CHECK(r.policy == current);
  CHECK(r.acknowledged == current);
  CHECK(r.language == "en");
  CHECK_FALSE(r.gpc_applied);
  const auto bytes = fx::random_bytes();
  CHECK(std::equal(r.id.begin(), r.id.end(), reinterpret_cast<const std::uint8_t*>(bytes.data())));
  SECTION("the record is canonical: it encodes and decodes unchanged") {
    auto d = decode(encode(r), now);
    REQUIRE(d.ok());
    CHECK(d.value() == r);
  }
  SECTION("and evaluates to everything allowed, nothing to ask") {
    const auto st = evaluate(cfg, &r, now, signals{});
    CHECK(st.prompt == prompt_kind::none);
    CHECK(is_allowed(st, "marketing", "meta-pixel"));
    CHECK(is_allowed(st, "analytics", "hotjar"));
  }
}

TEST_CASE("reject all refuses every optional category, as easily as accept", "[choice]") {
  const auto cfg = fx::small();
  const auto r = must_choose(cfg, nullptr, choice{choice_kind::reject_all, {}, {}});
  CHECK(r.method == consent_method::reject_all);
  CHECK(granted(cfg, r, "necessary") == "granted");
  CHECK(granted(cfg, r, "analytics") == "refused");
  CHECK(granted(cfg, r, "marketing") == "refused");
  const auto st = evaluate(cfg, &r, now, signals{});
  CHECK(st.prompt == prompt_kind::none);
  CHECK_FALSE(is_allowed(st, "analytics"));
  CHECK(is_allowed(st, "necessary"));
  SECTION("withdrawal: reject all on top of an acceptance") {
    const auto accepted = must_choose(cfg, nullptr, choice{choice_kind::accept_all, {}, {}}, now - day);
    const auto w = must_choose(cfg, &accepted, choice{choice_kind::reject_all, {}, {}});
    CHECK(granted(cfg, w, "analytics") == "refused");
    CHECK(granted(cfg, w, "marketing") == "refused");
  }
}

// (No ";" in a test name: catch_discover_tests splits the name there and the halves match nothing.)
TEST_CASE("a custom choice decides what it lists, the rest keep a valid earlier decision or are refused", "[choice]") {
  const auto cfg = fx::small();
  SECTION("no prior: unlisted categories are refused, nothing pre-ticked") {
    const auto r = must_choose(cfg, nullptr, custom({{"analytics", true}}));
    CHECK(r.method == consent_method::custom);
    CHECK(granted(cfg, r, "analytics") == "granted");
    CHECK(granted(cfg, r, "marketing") == "refused");
    CHECK(granted(cfg, r, "necessary") == "granted");
  }
  SECTION("a still-valid prior decision is kept") {
    const auto prior = fx::make_record(cfg, {{"analytics", false}, {"marketing", true}}, current, now - day);
    const auto r = must_choose(cfg, &prior, custom({{"analytics", true}}));
    CHECK(granted(cfg, r, "analytics") == "granted");
    CHECK(granted(cfg, r, "marketing") == "granted");
  }
  SECTION("a prior decision for an older category revision is not") {
    const auto old_cfg = fx::small();
    const auto prior = fx::make_record(old_cfg, {{"analytics", false}, {"marketing", true}}, current, now - day);
    const auto cfg2 = fx::must_parse(fx::edited(fx::small_config, [](json& j) { j["categories"][2]["revision"] = 3; }));
    const auto r = must_choose(cfg2, &prior, custom({{"analytics", true}}));
    CHECK(granted(cfg2, r, "marketing") == "refused");
    CHECK(decision(cfg2, r, "marketing")->revision == 3);
  }
  SECTION("a prior decision under an older policy MAJOR is not") {
    const auto prior = fx::make_record(cfg, {{"marketing", true}}, {0, 9, 0}, now - day);
    const auto r = must_choose(cfg, &prior, custom({{"analytics", true}}));
    CHECK(granted(cfg, r, "marketing") == "refused");
    CHECK(r.policy == current);
  }
  SECTION("service overrides narrow a granted category") {
    const auto r = must_choose(cfg, nullptr, custom({{"analytics", true}, {"marketing", true}}, {{"hotjar", false}}));
    const auto st = evaluate(cfg, &r, now, signals{});
    CHECK(is_allowed(st, "analytics", "matomo"));
    CHECK_FALSE(is_allowed(st, "analytics", "hotjar"));
    CHECK(is_allowed(st, "marketing", "meta-pixel"));
    REQUIRE(r.services.size() == 4);
    CHECK(std::count(r.services.begin(), r.services.end(), service_decision{service_key("analytics", "hotjar"), false}) == 1);
    CHECK(std::count(r.services.begin(), r.services.end(), service_decision{service_key("analytics", "matomo"), true}) == 1);
  }
  SECTION("a service granted inside a category the choice does not grant is an error, not a silent drop") {
    // A trial's set({marketing: false}, {'meta-pixel': true}) saved a record without the
    // pixel and said nothing; the caller never learnt that the grant went nowhere.
    for (const auto& c : {custom({{"marketing", false}}, {{"meta-pixel", true}}),
                          custom({}, {{"meta-pixel", true}}),  // unlisted, nothing before
                          custom({{"analytics", true}}, {{"matomo", true}, {"meta-pixel", true}})}) {
      auto r = apply_choice(cfg, nullptr, c, now, fx::random_bytes(), "en", false);
      REQUIRE_FALSE(r.ok());
      CHECK(r.err().code == errc::choice_invalid);
      CHECK(r.err().path == "services.meta-pixel");
      CHECK(r.err().message.find("\"marketing\"") != std::string::npos);
    }
    // Refusing it there is consistent, and so is granting it on top of an earlier grant
    // of its category that the choice does not list.
    CHECK(apply_choice(cfg, nullptr, custom({{"marketing", false}}, {{"meta-pixel", false}}), now,
                       fx::random_bytes(), "en", false).ok());
    const auto prior = must_choose(cfg, nullptr, custom({{"marketing", true}}, {{"meta-pixel", false}}), now - day);
    const auto r = must_choose(cfg, &prior, custom({}, {{"meta-pixel", true}}));
    CHECK(is_allowed(evaluate(cfg, &r, now, signals{}), "marketing", "meta-pixel"));
  }
  SECTION("every service switched off refuses the category") {
    const auto r = must_choose(cfg, nullptr, custom({{"analytics", true}}, {{"matomo", false}, {"hotjar", false}}));
    CHECK(granted(cfg, r, "analytics") == "refused");
  }
}

// A record's method says how the visitor decided, for a consent log to show. Closing a
// banner shown to a returning visitor (dismiss(); pipl's close button) keeps the earlier
// decisions that still stand: with a grant among them it is no "reject all", which it
// used to be recorded as.
TEST_CASE("closing the banner is recorded as reject all only when nothing optional stays granted", "[choice][record][regression]") {
  const auto cfg = fx::small();
  const choice dismiss{choice_kind::dismiss, {}, {}};
  SECTION("a first visit: everything optional refused") {
    const auto r = must_choose(cfg, nullptr, dismiss);
    CHECK(granted(cfg, r, "analytics") == "refused");
    CHECK(r.method == consent_method::reject_all);
  }
  SECTION("a returning visitor's grant stands") {
    const auto prior = must_choose(cfg, nullptr, custom({{"analytics", true}, {"marketing", false}}), now - day);
    const auto r = must_choose(cfg, &prior, dismiss);
    CHECK(granted(cfg, r, "analytics") == "granted");
    CHECK(granted(cfg, r, "marketing") == "refused");
    CHECK(r.method == consent_method::custom);
  }
  SECTION("a returning visitor who had refused everything") {
    const auto prior = must_choose(cfg, nullptr, choice{choice_kind::reject_all, {}, {}}, now - day);
    CHECK(must_choose(cfg, &prior, dismiss).method == consent_method::reject_all);
  }
}

TEST_CASE("choices that cannot be honoured are errors", "[choice][adversarial]") {
  const auto cfg = fx::small();
  auto code = [&](const choice& c, std::string_view random = fx::random_bytes(),
                  std::string lang = "en") -> std::string {
    auto r = apply_choice(cfg, nullptr, c, now, random, std::move(lang), false);
    return r.ok() ? "ok" : std::string(error_name(r.err().code));
  };
  SECTION("refusing a required category") {
    CHECK(code(custom({{"necessary", false}})) == "choice_required");
    CHECK(code(choice{choice_kind::reject_all, {{"necessary", false}}, {}}) == "choice_required");
    CHECK(code(custom({{"necessary", true}})) == "ok");
    auto r = apply_choice(cfg, nullptr, custom({{"necessary", false}}), now, fx::random_bytes(), "en", false);
    CHECK(r.err().path == "categories.necessary");
  }
  SECTION("unknown ids") {
    CHECK(code(custom({{"video", true}})) == "choice_unknown_category");
    CHECK(code(custom({{"matomo", true}})) == "choice_unknown_category");
    CHECK(code(custom({}, {{"youtube", true}})) == "choice_unknown_service");
    CHECK(code(custom({}, {{"analytics", true}})) == "choice_unknown_service");
    CHECK(code(custom({{"", true}})) == "choice_unknown_category");
  }
  SECTION("an unknown id's message lists the ids there are") {
    // set({analytix: true}) said only that there is no "analytix" (a trial), and
    // set({matomo: true}) did not show that matomo is not among the categories.
    auto message = [&](const choice& c) {
      auto r = apply_choice(cfg, nullptr, c, now, fx::random_bytes(), "en", false);
      REQUIRE_FALSE(r.ok());
      return r.err().message;
    };
    CHECK(message(custom({{"analytix", true}})) ==
          "the config has no category \"analytix\"; its categories: necessary, analytics, marketing");
    CHECK(message(custom({{"matomo", true}})) ==
          "the config has no category \"matomo\"; its categories: necessary, analytics, marketing");
    CHECK(message(custom({}, {{"youtube", true}})) ==
          "the config has no service \"youtube\"; its services: session, matomo, hotjar, google-ads, meta-pixel");
    const auto bare = fx::must_parse(fx::edited(fx::small_config, [](json& j) {
      for (auto& c : j["categories"]) c.erase("services");
    }));
    auto r = apply_choice(bare, nullptr, custom({}, {{"youtube", true}}), now, fx::random_bytes(), "en", false);
    REQUIRE_FALSE(r.ok());
    CHECK(r.err().message == "the config has no service \"youtube\"; its services: none");
  }
  SECTION("too few random bytes for a new id") {
    CHECK(code(custom({}), "") == "choice_random");
    CHECK(code(custom({}), std::string(consent_id_bytes - 1, 'x')) == "choice_random");
    CHECK(code(custom({}), std::string(consent_id_bytes, 'x')) == "ok");
  }
  SECTION("a malformed language") {
    CHECK(code(custom({}), fx::random_bytes(), "") == "choice_invalid");
    CHECK(code(custom({}), fx::random_bytes(), "en US") == "choice_invalid");
    CHECK(code(custom({}), fx::random_bytes(), std::string(36, 'a')) == "choice_invalid");
    CHECK(code(custom({}), fx::random_bytes(), "zh-Hans-CN") == "ok");
    // The config's rule for its languages (is_language_tag), not a looser one: a record
    // must only ever hold a tag that the config could have offered.
    CHECK(code(custom({}), fx::random_bytes(), "e") == "choice_invalid");
    CHECK(code(custom({}), fx::random_bytes(), "en--US") == "choice_invalid");
    CHECK(code(custom({}), fx::random_bytes(), "-en") == "choice_invalid");
    CHECK(code(custom({}), fx::random_bytes(), "aaaaaaaaa") == "choice_invalid");
  }
}

TEST_CASE("an update keeps the record's id and creation time", "[choice]") {
  const auto cfg = fx::small();
  const auto first = must_choose(cfg, nullptr, choice{choice_kind::accept_all, {}, {}}, now - 30 * day);
  SECTION("without needing random bytes") {
    auto r = apply_choice(cfg, &first, custom({{"marketing", false}}), now, "", "zh", false);
    REQUIRE(r.ok());
    CHECK(r.value().id == first.id);
    CHECK(r.value().created == now - 30 * day);
    CHECK(r.value().updated == now);
    CHECK(r.value().language == "zh");
    CHECK(granted(cfg, r.value(), "analytics") == "granted");
    CHECK(granted(cfg, r.value(), "marketing") == "refused");
  }
  SECTION("different random bytes do not replace the id") {
    auto r = apply_choice(cfg, &first, custom({}), now, fx::random_bytes(9), "en", false);
    REQUIRE(r.ok());
    CHECK(r.value().id == first.id);
  }
}

TEST_CASE("gpc_default records what the signal refused and nothing more", "[choice][gpc]") {
  const auto cfg = fx::must_parse(fx::edited(fx::small_config, [](json& j) { j["gpc"] = {{"categories", {"marketing"}}}; }));
  const auto r = must_choose(cfg, nullptr, choice{choice_kind::gpc_default, {}, {}}, now, true);
  CHECK(r.method == consent_method::gpc_default);
  CHECK(r.gpc_applied);
  CHECK(granted(cfg, r, "marketing") == "refused");
  CHECK(granted(cfg, r, "analytics") == "absent");  // still to be asked
  const auto st = evaluate(cfg, &r, now, signals{true});
  CHECK_FALSE(is_allowed(st, "marketing"));
  CHECK_FALSE(is_allowed(st, "analytics"));
  CHECK(st.categories[1].ask);
  SECTION("an explicit choice afterwards wins over the signal") {
    const auto later = must_choose(cfg, &r, custom({{"analytics", true}, {"marketing", true}}), now + day, true);
    const auto st2 = evaluate(cfg, &later, now + day, signals{true});
    CHECK(is_allowed(st2, "marketing"));
    CHECK_FALSE(later.gpc_applied);
  }
  SECTION("a site not honouring GPC records no GPC refusal") {
    const auto off = fx::must_parse(fx::edited(fx::small_config, [](json& j) { j["gpc"] = {{"honour", false}}; }));
    const auto q = must_choose(off, nullptr, choice{choice_kind::gpc_default, {}, {}}, now, true);
    CHECK_FALSE(q.gpc_applied);
    CHECK(granted(off, q, "marketing") == "absent");
  }
}

TEST_CASE("acknowledge records the notice without extending consent", "[choice]") {
  const auto cfg = fx::small();  // 1.2.0
  auto r = fx::make_record(cfg, {{"analytics", true}, {"marketing", false}}, {1, 1, 0}, now - 40 * day);
  r.created = now - 100 * day;
  REQUIRE(evaluate(cfg, &r, now, signals{}).notice == notice_kind::update);
  const auto a = acknowledge(cfg, r, now);
  CHECK(a.acknowledged == current);
  CHECK(a.updated == r.updated);
  CHECK(a.created == r.created);
  CHECK(a.policy == r.policy);
  CHECK(a.categories == r.categories);
  CHECK(a.services == r.services);
  CHECK(a.id == r.id);
  CHECK(record_expiry(cfg, a) == record_expiry(cfg, r));
  const auto st = evaluate(cfg, &a, now, signals{});
  CHECK(st.notice == notice_kind::none);
  CHECK(st.prompt == prompt_kind::none);
  SECTION("with nothing pending, the record is unchanged") {
    CHECK(acknowledge(cfg, a, now + day) == a);
  }
  SECTION("an upcoming change is acknowledged by its version") {
    const auto up = fx::must_parse(fx::edited(fx::small_config, [](json& j) {
      j["policy"]["upcoming"] = {{"version", "2.0.0"}, {"effective", "2025-07-01"}};
    }));
    auto q = fx::make_record(up, {{"analytics", true}}, current, now - day);
    REQUIRE(evaluate(up, &q, now, signals{}).notice == notice_kind::upcoming);
    const auto qa = acknowledge(up, q, now);
    CHECK(qa.acknowledged == version{2, 0, 0});
    CHECK(qa.policy == current);
    CHECK(qa.updated == q.updated);
    CHECK(evaluate(up, &qa, now, signals{}).notice == notice_kind::none);
  }
}

TEST_CASE("a first answer during an announced change does not acknowledge it: the visitor hears of it later", "[choice][notice][regression]") {
  // The first-visit banner shows the policy in force, not the upcoming change: a choice
  // made there must not record the upcoming version as acknowledged.
  const auto up = fx::must_parse(fx::edited(fx::small_config, [](json& j) {
    j["policy"]["upcoming"] = {{"version", "1.3.0"}, {"effective", "2025-07-01"}};
  }));
  const std::int64_t effective = 1751328000;
  const auto first = must_choose(up, nullptr, choice{choice_kind::accept_all, {}, {}});
  CHECK(first.policy == current);
  CHECK(first.acknowledged == current);
  SECTION("before the date the upcoming notice is shown") {
    const auto st = evaluate(up, &first, now + day, signals{});
    CHECK(st.prompt == prompt_kind::notice);
    CHECK(st.notice == notice_kind::upcoming);
    CHECK(st.notice_version == version{1, 3, 0});
  }
  SECTION("from the date, never having seen it, the change is announced as an update") {
    const auto st = evaluate(up, &first, effective + day, signals{});
    CHECK(st.policy == version{1, 3, 0});
    CHECK(st.prompt == prompt_kind::notice);
    CHECK(st.notice == notice_kind::update);
  }
  SECTION("a choice made while the upcoming notice is shown acknowledges it") {
    REQUIRE(evaluate(up, &first, now + day, signals{}).prompt == prompt_kind::notice);
    const auto r = must_choose(up, &first, custom({{"marketing", false}}), now + day);
    CHECK(r.acknowledged == version{1, 3, 0});
    CHECK(evaluate(up, &r, now + day, signals{}).prompt == prompt_kind::none);
    const auto later = evaluate(up, &r, effective + day, signals{});
    CHECK(later.notice == notice_kind::none);
    CHECK(later.prompt == prompt_kind::none);
  }
  SECTION("a choice made in a re-consent banner, which does not show it, does not") {
    const auto revised = fx::must_parse(fx::edited(fx::small_config, [](json& j) {
      j["policy"]["upcoming"] = {{"version", "1.3.0"}, {"effective", "2025-07-01"}};
      j["categories"][2]["revision"] = 2;
    }));
    REQUIRE(evaluate(revised, &first, now + day, signals{}).prompt == prompt_kind::reconsent);
    const auto r = must_choose(revised, &first, choice{choice_kind::accept_all, {}, {}}, now + day);
    CHECK(r.acknowledged == current);
    CHECK(evaluate(revised, &r, now + day, signals{}).notice == notice_kind::upcoming);
  }
  SECTION("acknowledging the shown notice records it") {
    const auto a = acknowledge(up, first, now + day);
    CHECK(a.acknowledged == version{1, 3, 0});
    CHECK(evaluate(up, &a, effective + day, signals{}).prompt == prompt_kind::none);
  }
}

TEST_CASE("the realistic config's cookie stays small", "[choice][codec][size]") {
  const auto cfg = fx::realistic();
  auto encoded = [&](const choice& c) {
    auto r = apply_choice(cfg, nullptr, c, now, fx::random_bytes(), "zh", false);
    REQUIRE(r.ok());
    auto d = decode(encode(r.value()), now);
    REQUIRE(d.ok());
    CHECK(d.value() == r.value());
    return encode(r.value());
  };
  const auto accept = encoded(choice{choice_kind::accept_all, {}, {}});
  const auto reject = encoded(choice{choice_kind::reject_all, {}, {}});
  const auto mixed = encoded(custom({{"analytics", true}, {"marketing", true}, {"video", true}, {"social", false}},
                                    {{"hotjar", false}, {"clarity", false}, {"criteo", false},
                                     {"tiktok-pixel", false}, {"vimeo", false}}));
  WARN("realistic config (8 categories, 30 services): accept_all " << accept.size()
       << " bytes, reject_all " << reject.size() << " bytes, custom with 5 service overrides "
       << mixed.size() << " bytes");
  // Accepting stores every service it covered (3 bytes each, 30 here), so that a
  // service added later is asked for; refusing stores none.
  REQUIRE(accept.size() < 220);
  REQUIRE(reject.size() < 120);
  CHECK(mixed.size() < 220);
  CHECK(mixed.size() < accept.size());  // refused categories store no services
  CHECK(mixed.size() > reject.size());
}

}  // namespace test_choice
