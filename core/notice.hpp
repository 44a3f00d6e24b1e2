// Which policy notice a visitor with a valid record has not yet acknowledged. Shared
// by evaluate() (to show it) and acknowledge() (to record exactly what was shown).
#pragma once

#include <cstdint>

#include "config.hpp"
#include "evaluate.hpp"
#include "record.hpp"

namespace cookiegate {

struct pending_notice_t {
  notice_kind kind = notice_kind::none;
  version ver;
};

/// With no record, only an announced upcoming change is pending (state::notice reports
/// it, but the first-visit banner asks for consent and does not show it: see the
/// acknowledgement rule in choice.cpp). A MINOR update in force comes before an
/// upcoming one.
pending_notice_t pending_notice(const config& cfg, const consent_record* record,
                                std::int64_t now) noexcept;

}  // namespace cookiegate
