#include "notice.hpp"

namespace cookiegate {

pending_notice_t pending_notice(const config& cfg, const consent_record* record,
                                std::int64_t now) noexcept {
  const version current = effective_policy(cfg, now);
  if (record && classify_change(record->policy, current) == version_change::notice &&
      record->acknowledged < current)
    return {notice_kind::update, current};
  const auto& up = cfg.policy.upcoming;
  if (up && now < up->effective && (!record || record->acknowledged < up->ver))
    return {notice_kind::upcoming, up->ver};
  return {};
}

}  // namespace cookiegate
