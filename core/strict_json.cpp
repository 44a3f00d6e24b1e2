#include "strict_json.hpp"

#include <algorithm>
#include <optional>
#include <set>
#include <vector>

#include "json_writer.hpp"

namespace cookiegate::detail {

using json = nlohmann::json;

namespace {

// Bracket depth outside strings, measured before parsing: a hostile text must not
// cost the page its stack or heap.
std::size_t nesting_depth(std::string_view text) {
  std::size_t depth = 0, deepest = 0;
  bool in_string = false, escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      deepest = std::max(deepest, ++depth);
      if (deepest > max_json_depth) return deepest;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return deepest;
}

// Watches the parse and remembers the first key repeated within one object.
class duplicate_key_finder {
 public:
  std::optional<std::string> found;

  bool operator()(int, json::parse_event_t event, json& parsed) {
    switch (event) {
      case json::parse_event_t::object_start: keys_.emplace_back(); break;
      case json::parse_event_t::object_end:
        if (!keys_.empty()) keys_.pop_back();
        break;
      case json::parse_event_t::key:
        if (!keys_.empty() && parsed.is_string() &&
            !keys_.back().insert(parsed.get<std::string>()).second && !found)
          found = parsed.get<std::string>();
        break;
      default: break;
    }
    return true;
  }

 private:
  std::vector<std::set<std::string>> keys_;
};

}  // namespace

result<json> parse_strict_json(std::string_view text, errc malformed, errc duplicate,
                               std::string_view what) {
  const std::string subject(what);
  if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF")
    return error{malformed, "", subject + " starts with a byte order mark; save it as UTF-8 without BOM"};
  if (text.find('\0') != std::string_view::npos)
    return error{malformed, "", subject + " contains a NUL byte, which JSON text cannot"};
  if (nesting_depth(text) > max_json_depth)
    return error{malformed, "", subject + " is nested more than " +
                               to_decimal(static_cast<std::int64_t>(max_json_depth)) +
                               " levels deep"};
  duplicate_key_finder duplicates;
  json j = json::parse(
      text.begin(), text.end(),
      [&duplicates](int depth, json::parse_event_t event, json& parsed) {
        return duplicates(depth, event, parsed);
      },
      false);
  if (j.is_discarded())
    return error{malformed, "", subject + " is not valid JSON (check commas, quotes and brackets)"};
  if (duplicates.found)
    return error{duplicate, "", "the key \"" + *duplicates.found + "\" appears twice in one object of " +
                               subject + "; keep one"};
  return j;
}

}  // namespace cookiegate::detail
