// What a change of consent takes away: every category and service allowed under one
// state and not under the next. The page must stop and clean up after exactly these
// (delete their cookies and storage, reload so running scripts stop). The core names
// them so that JS never works it out by comparing lists itself: a category without
// services is withdrawn too, and only the core knows what "allowed" means.
#pragma once

#include <string>
#include <vector>

#include "evaluate.hpp"

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

}  // namespace cookiegate
