// The JSON text of the boundary's answers: each shape documented in boundary.hpp
// (state, cookie, withdrawn, error; the config with its defaults filled in), written
// member by member with json_writer into an answer the caller has opened.
#pragma once

#include <cstdint>
#include <string_view>

#include "config.hpp"
#include "error.hpp"
#include "evaluate.hpp"
#include "json_writer.hpp"
#include "record.hpp"
#include "withdrawal.hpp"

namespace cookiegate::boundary {

/// The whole answer {"ok":false,"error":{"code","name","path","message"}}.
void write_error(detail::json_writer& w, const error& e);

/// The config with every default filled in, the derived cookie.storedName and
/// "directions": itself a valid config apart from those two.
void write_config(detail::json_writer& w, const config& cfg);

/// A state; records name their categories and services by the ids of `cfg`.
void write_state(detail::json_writer& w, const config& cfg, const state& st);

/// The cookie that stores `r`; maxAge in seconds from `now` to the record's expiry
/// under the profile of `region` (0 when already expired).
void write_cookie(detail::json_writer& w, const config& cfg, const consent_record& r,
                  std::int64_t now, std::string_view region);

/// {"categories":[...],"services":[{"category","id"}]}
void write_withdrawal(detail::json_writer& w, const withdrawal& wd);

}  // namespace cookiegate::boundary
