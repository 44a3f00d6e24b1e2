#include "record.hpp"

namespace cookiegate {

std::string_view method_name(consent_method m) noexcept {
  switch (m) {
    case consent_method::accept_all: return "accept_all";
    case consent_method::reject_all: return "reject_all";
    case consent_method::custom: return "custom";
    case consent_method::gpc_default: return "gpc_default";
  }
  return "unknown";
}

std::string_view source_name(consent_source s) noexcept {
  return s == consent_source::ui ? "ui" : "api";
}

std::optional<consent_source> parse_source(std::string_view s) noexcept {
  if (s == "ui") return consent_source::ui;
  if (s == "api") return consent_source::api;
  return std::nullopt;
}

std::string id_hex(const consent_id& id) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(id.size() * 2);
  for (auto b : id) {
    out += digits[b >> 4];
    out += digits[b & 0xF];
  }
  return out;
}

}  // namespace cookiegate
