#include "error.hpp"

namespace cookiegate {

std::string_view error_name(errc code) noexcept {
  switch (code) {
    case errc::config_not_json: return "config_not_json";
    case errc::config_wrong_type: return "config_wrong_type";
    case errc::config_missing: return "config_missing";
    case errc::config_unknown_field: return "config_unknown_field";
    case errc::config_invalid: return "config_invalid";
    case errc::config_duplicate_id: return "config_duplicate_id";
    case errc::config_compliance: return "config_compliance";
    case errc::config_expiry: return "config_expiry";
    case errc::config_id_collision: return "config_id_collision";
    case errc::config_missing_text: return "config_missing_text";
    case errc::config_too_large: return "config_too_large";
    case errc::record_empty: return "record_empty";
    case errc::record_too_long: return "record_too_long";
    case errc::record_format: return "record_format";
    case errc::record_encoding: return "record_encoding";
    case errc::record_truncated: return "record_truncated";
    case errc::record_checksum: return "record_checksum";
    case errc::record_range: return "record_range";
    case errc::record_future: return "record_future";
    case errc::record_noncanonical: return "record_noncanonical";
    case errc::record_duplicate: return "record_duplicate";
    case errc::choice_invalid: return "choice_invalid";
    case errc::choice_unknown_category: return "choice_unknown_category";
    case errc::choice_unknown_service: return "choice_unknown_service";
    case errc::choice_required: return "choice_required";
    case errc::choice_random: return "choice_random";
    case errc::input_too_large: return "input_too_large";
    case errc::input_invalid: return "input_invalid";
  }
  return "unknown_error";
}

std::string error::to_string() const {
  if (path.empty()) return message;
  return path + ": " + message;
}

}  // namespace cookiegate
