// What a change of consent takes away: every category and service allowed under one
// state and not under the next. The page must stop and clean up after exactly these
// (delete their cookies and storage, reload so running scripts stop). The core names
// them so that JS never works it out by comparing lists itself: a category without
// services is withdrawn too, and only the core knows what "allowed" means.
//
// A refusal also takes back grants that no longer ran: while a MAJOR update, a revised
// category or an expiry asks again, nothing of the earlier grant is allowed, so its
// Refuse withdraws nothing, yet the cookies and storage set under that grant are still
// on the device (GDPR Art. 7(3), 17; ePrivacy Art. 5(3)). cleanup() names those too.
#pragma once

#include <string>
#include <vector>

#include "evaluate.hpp"
#include "record.hpp"

namespace cookiegate {

struct withdrawn_service {
  std::string category;
  std::string id;
};

struct withdrawal {
  std::vector<std::string> categories;       ///< in config order
  std::vector<withdrawn_service> services;   ///< in config order; a withdrawn
                                             ///< category's services included
  bool empty() const noexcept { return categories.empty() && services.empty(); }
};

/// Compares two states of the same config (matched by id, so states of two configs
/// compare safely: what `after` does not list is not allowed in it).
withdrawal withdrawn(const state& before, const state& after);

/// What to delete the cookies and storage of: what withdrawn(before, after) names, plus
/// what `stored` (the record the cookie held before, whether or not it was still in
/// force) granted and `written` (the record now) refuses, unless `after` allows it:
/// each category `stored` granted at any revision that `written` refuses, and each
/// service `stored` did not refuse of a category it granted, when `written` refuses
/// the service or its category. A record that is absent refuses nothing.
withdrawal cleanup(const state& before, const state& after, const consent_record* stored,
                   const consent_record* written);

}  // namespace cookiegate
