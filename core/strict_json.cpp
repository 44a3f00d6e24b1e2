#include "strict_json.hpp"

#include <algorithm>
#include <optional>
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

// nlohmann's DOM builder, plus what it lets through: a key repeated within one object
// stops the parse and is remembered. (Its callback parser could watch keys too, but
// costs the wasm several KB more for the same job.)
class strict_dom_builder {
 public:
  explicit strict_dom_builder(json& root) : root_(root) {}

  std::optional<std::string> duplicate;

  bool null() { return value(nullptr); }
  bool boolean(bool v) { return value(v); }
  bool number_integer(json::number_integer_t v) { return value(v); }
  bool number_unsigned(json::number_unsigned_t v) { return value(v); }
  bool number_float(json::number_float_t v, const std::string&) { return value(v); }
  bool string(std::string& v) { return value(std::move(v)); }
  bool binary(json::binary_t&) { return false; }  // JSON text has none
  bool start_object(std::size_t) {
    stack_.push_back(place(json::value_t::object));
    return true;
  }
  bool key(std::string& k) {
    auto& members = *stack_.back()->get_ptr<json::object_t*>();
    if (members.find(k) != members.end()) {
      duplicate = k;
      return false;
    }
    member_ = &members[k];
    return true;
  }
  bool end_object() { return pop(); }
  bool start_array(std::size_t) {
    stack_.push_back(place(json::value_t::array));
    return true;
  }
  bool end_array() { return pop(); }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) {
    return false;
  }

 private:
  template <typename T>
  bool value(T&& v) {
    place(std::forward<T>(v));
    return true;
  }
  bool pop() {
    stack_.pop_back();
    return true;
  }
  // Where a new value goes: the root, the end of the open array, or the member whose
  // key came last.
  template <typename T>
  json* place(T&& v) {
    if (stack_.empty()) {
      root_ = json(std::forward<T>(v));
      return &root_;
    }
    if (auto* items = stack_.back()->get_ptr<json::array_t*>()) {
      items->emplace_back(std::forward<T>(v));
      return &items->back();
    }
    *member_ = json(std::forward<T>(v));
    return member_;
  }

  json& root_;
  std::vector<json*> stack_;
  json* member_ = nullptr;
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
  json j;
  strict_dom_builder builder(j);
  const bool parsed = json::sax_parse(text.begin(), text.end(), &builder);
  if (builder.duplicate)
    return error{duplicate, "", "the key \"" + *builder.duplicate + "\" appears twice in one object of " +
                               subject + "; keep one"};
  if (!parsed)
    return error{malformed, "", subject + " is not valid JSON (check commas, quotes and brackets)"};
  return j;
}

}  // namespace cookiegate::detail
