// A visitor's choice as the boundary receives it, read into a `choice`.
#include "choice.hpp"

#include <optional>

#include "strict_json.hpp"

namespace cookiegate {

namespace {

using json = detail::json_value;

// null (a missing member reads as null): none given.
std::optional<std::vector<std::pair<std::string, bool>>> bool_map(const json& j) {
  std::vector<std::pair<std::string, bool>> out;
  if (j.is_null()) return out;
  if (!j.is_object()) return std::nullopt;
  for (std::size_t i = 0; i < j.size(); ++i) {
    if (!j.items()[i].is_boolean()) return std::nullopt;
    out.emplace_back(j.keys()[i], j.items()[i].boolean());
  }
  return out;
}

error invalid(std::string path, std::string message) {
  return error{errc::choice_invalid, std::move(path), std::move(message)};
}

}  // namespace

result<choice> parse_choice(std::string_view json_text) {
  auto parsed = detail::parse_strict_json(json_text, errc::choice_invalid, errc::choice_invalid,
                                          "the choice");
  if (!parsed) return invalid("choice", parsed.err().message);
  const json& j = parsed.value();
  if (!j.is_object() || !j.contains("kind") || !j["kind"].is_string())
    return invalid("choice",
                   "must be an object with \"kind\": accept_all, reject_all, custom, allow, gpc_default, dismiss or stricter");
  choice c;
  const std::string kind = j["kind"].string();
  if (kind == "accept_all") c.kind = choice_kind::accept_all;
  else if (kind == "reject_all") c.kind = choice_kind::reject_all;
  else if (kind == "custom") c.kind = choice_kind::custom;
  else if (kind == "gpc_default") c.kind = choice_kind::gpc_default;
  else if (kind == "allow") c.kind = choice_kind::allow;
  else if (kind == "dismiss") c.kind = choice_kind::dismiss;
  else if (kind == "stricter") c.kind = choice_kind::stricter;
  else
    return invalid("choice.kind",
                   "\"" + kind + "\" is not accept_all, reject_all, custom, allow, gpc_default, dismiss or stricter");
  for (const auto& key : j.keys())
    if (key != "kind" && key != "categories" && key != "services" && key != "source")
      return invalid("choice." + key, "unknown field");
  if (j.contains("source")) {
    const auto src = j["source"].is_string() ? parse_source(j["source"].string())
                                             : std::nullopt;
    if (!src) return invalid("choice.source", "must be \"ui\" or \"api\"");
    c.source = *src;
  }
  // A custom choice that names nothing is a caller's mistake (set() called with
  // nothing), not the visitor's refusal of everything: recording one would put a choice
  // nobody made into the record of consent. Services alone, or {} (nothing new granted,
  // earlier decisions kept), are choices.
  if (c.kind == choice_kind::custom && j["categories"].is_null() && j["services"].is_null())
    return invalid("choice.categories",
                   "must map category ids to true/false, e.g. {\"analytics\": true}; "
                   "to refuse everything, choose reject_all");
  auto cats = bool_map(j["categories"]);
  auto svcs = bool_map(j["services"]);
  if (!cats) return invalid("choice.categories", "must map category ids to true/false");
  if (!svcs) return invalid("choice.services", "must map service ids to true/false");
  c.categories = std::move(*cats);
  c.services = std::move(*svcs);
  return c;
}

}  // namespace cookiegate
