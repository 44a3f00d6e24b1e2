#include "strict_json.hpp"

#include <algorithm>
#include <cmath>
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

// A SAX handler (nlohmann's json_sax interface) that builds a json_value tree, and
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

namespace {

// Drives a SAX handler from nlohmann's lexer, as json::sax_parse does with nlohmann's
// parser, for the same grammar (strict JSON, one value, then the end of the text) and
// the same events in the same order. Why not sax_parse itself: its parser is written
// for the DOM type (a vector<bool> of open containers, parse-error messages formatted
// with snprintf), ~5 KB of the wasm module for errors the core words itself.
// Recursion is bounded: the nesting depth is checked before.
template <class Sax>
class sax_driver {
 public:
  using input = nlohmann::detail::iterator_input_adapter<const char*>;
  using lexer = nlohmann::detail::lexer<nlohmann::json, input>;
  using token = typename lexer::token_type;

  sax_driver(std::string_view text, Sax& sax)
      : lexer_(input(text.data(), text.data() + text.size())), sax_(sax) {}

  bool parse() {
    next();
    return value() && token_ == token::end_of_input;
  }

 private:
  void next() { token_ = lexer_.scan(); }

  // After an object's or an array's opening bracket: its members (`keyed`: each is
  // "key": value) or elements; true when they end at `close` (the current token
  // then). The two share all but the key.
  bool members(token close, bool keyed) {
    next();
    if (token_ != close)
      for (;;) {
        if (keyed) {
          if (token_ != token::value_string || !sax_.key(lexer_.get_string())) return false;
          next();
          if (token_ != token::name_separator) return false;
          next();
        }
        if (!value()) return false;
        if (token_ != token::value_separator) break;
        next();
      }
    return token_ == close;
  }

  // Reads the value starting at the current token; leaves the token after it.
  bool value() {
    bool ok = true;
    switch (token_) {
      case token::begin_object:
        if (!sax_.start_object(static_cast<std::size_t>(-1)) || !members(token::end_object, true))
          return false;
        ok = sax_.end_object();
        break;
      case token::begin_array:
        if (!sax_.start_array(static_cast<std::size_t>(-1)) || !members(token::end_array, false))
          return false;
        ok = sax_.end_array();
        break;
      case token::literal_null: ok = sax_.null(); break;
      case token::literal_true: ok = sax_.boolean(true); break;
      case token::literal_false: ok = sax_.boolean(false); break;
      case token::value_string: ok = sax_.string(lexer_.get_string()); break;
      case token::value_integer: ok = sax_.number_integer(lexer_.get_number_integer()); break;
      case token::value_unsigned: ok = sax_.number_unsigned(lexer_.get_number_unsigned()); break;
      case token::value_float:
        // nlohmann's "number overflow" (406): 1e999 is no number the core can read.
        if (!std::isfinite(lexer_.get_number_float())) return false;
        ok = sax_.number_float(lexer_.get_number_float(), lexer_.get_string());
        break;
      default: return false;  // a syntax error, or a token out of place
    }
    next();
    return ok;
  }

  lexer lexer_;
  Sax& sax_;
  token token_ = token::uninitialized;
};

}  // namespace

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
  const bool parsed = sax_driver<json_tree_builder>(text, builder).parse();
  if (builder.duplicate)
    return error{duplicate, "", "the key \"" + *builder.duplicate + "\" appears twice in one object of " +
                               subject + "; keep one"};
  if (!parsed)
    return error{malformed, "", subject + " is not valid JSON (check commas, quotes and brackets)"};
  return root;
}

}  // namespace cookiegate::detail
