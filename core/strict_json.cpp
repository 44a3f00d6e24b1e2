#include "strict_json.hpp"

#include <algorithm>
#include <optional>
#include <utility>

#include <nlohmann/json.hpp>

#include "json_writer.hpp"

namespace cookiegate::detail {

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

std::vector<std::string>::const_iterator find_key(const std::vector<std::string>& keys,
                                                  std::string_view key) {
  return std::lower_bound(keys.begin(), keys.end(), key,
                          [](const std::string& a, std::string_view b) { return a < b; });
}

}  // namespace

bool json_value::contains(std::string_view key) const noexcept {
  const auto it = find_key(keys_, key);
  return it != keys_.end() && *it == key;
}

const json_value& json_value::operator[](std::string_view key) const noexcept {
  static const json_value none;
  const auto it = find_key(keys_, key);
  if (it == keys_.end() || *it != key) return none;
  return children_[static_cast<std::size_t>(it - keys_.begin())];
}

// A SAX handler for nlohmann::json::sax_parse that builds a json_value tree, and
// refuses what nlohmann would let through: a key repeated within one object stops the
// parse and is remembered.
class json_tree_builder {
 public:
  using json = nlohmann::json;

  explicit json_tree_builder(json_value& root) : root_(root) {}

  std::optional<std::string> duplicate;

  bool null() { return place(json_value::kind::null) != nullptr; }
  bool boolean(bool v) {
    place(json_value::kind::boolean)->boolean_ = v;
    return true;
  }
  bool number_integer(json::number_integer_t v) {
    // nlohmann reports a number without a minus sign as unsigned, so this is <= 0.
    place(json_value::kind::integer)->integer_ = v;
    return true;
  }
  bool number_unsigned(json::number_unsigned_t v) {
    place(json_value::kind::unsigned_integer)->unsigned_ = v;
    return true;
  }
  bool number_float(json::number_float_t, const std::string&) {
    return place(json_value::kind::floating) != nullptr;
  }
  bool string(std::string& v) {
    place(json_value::kind::string)->text_ = std::move(v);
    return true;
  }
  bool binary(json::binary_t&) { return false; }  // JSON text has none
  bool start_object(std::size_t) {
    stack_.push_back(place(json_value::kind::object));
    return true;
  }
  bool key(std::string& k) {
    json_value& object = *stack_.back();
    const auto at = find_key(object.keys_, k);
    if (at != object.keys_.end() && *at == k) {
      duplicate = std::move(k);
      return false;
    }
    const auto i = at - object.keys_.begin();
    object.keys_.insert(at, std::move(k));
    member_ = &*object.children_.emplace(object.children_.begin() + i);
    return true;
  }
  bool end_object() { return pop(); }
  bool start_array(std::size_t) {
    stack_.push_back(place(json_value::kind::array));
    return true;
  }
  bool end_array() { return pop(); }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) {
    return false;
  }

 private:
  bool pop() {
    stack_.pop_back();
    return true;
  }
  // Where a new value goes: the root, the end of the open array, or the member whose
  // key came last. Only the open containers are pointed to, and nothing is added to
  // one while a child of it is open, so the pointers stay valid.
  json_value* place(json_value::kind k) {
    json_value* v = &root_;
    if (!stack_.empty())
      v = stack_.back()->is_array() ? &stack_.back()->children_.emplace_back() : member_;
    v->kind_ = k;
    return v;
  }

  json_value& root_;
  std::vector<json_value*> stack_;
  json_value* member_ = nullptr;
};

result<json_value> parse_strict_json(std::string_view text, errc malformed, errc duplicate,
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
  json_value root;
  json_tree_builder builder(root);
  const bool parsed = nlohmann::json::sax_parse(text.data(), text.data() + text.size(), &builder);
  if (builder.duplicate)
    return error{duplicate, "", "the key \"" + *builder.duplicate + "\" appears twice in one object of " +
                               subject + "; keep one"};
  if (!parsed)
    return error{malformed, "", subject + " is not valid JSON (check commas, quotes and brackets)"};
  return root;
}

}  // namespace cookiegate::detail
