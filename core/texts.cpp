#include "texts.hpp"

namespace cookiegate {

bool is_text_key(std::string_view key) noexcept {
  for (auto k : text_keys)
    if (k == key) return true;
  return false;
}

bool is_builtin_language(std::string_view lang) noexcept {
  for (auto l : builtin_languages)
    if (l == lang) return true;
  return false;
}

}  // namespace cookiegate
