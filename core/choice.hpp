// Turning a visitor's choice into a new record. The UI never builds records.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "config.hpp"
#include "error.hpp"
#include "record.hpp"

namespace cookiegate {

enum class choice_kind {
  accept_all,
  reject_all,
  custom,       ///< the listed categories/services; unlisted ones keep a still-valid
                ///< earlier decision, else are refused (nothing is pre-ticked)
  gpc_default,  ///< no click: record that Global Privacy Control refused its categories
  allow,        ///< click-to-load: grants the listed categories (only the listed services
                ///< of them, when any are listed) on top of the valid earlier decisions;
                ///< unlisted categories keep those or stay undecided (still asked)
  dismiss,      ///< the banner was closed without a choice: a refusal of everything not
                ///< decided under opt-in and pipl (PIPL: closing refuses); under opt-out
                ///< and notice the visitor was informed and nothing is written as consent
  stricter,     ///< the visitor switches to the strictest profile (regional_state::
                ///< stricter_offered): their explicit decisions stand, what ran by default
                ///< stops, and the rest is asked under opt-in
};

struct choice {
  choice_kind kind = choice_kind::reject_all;
  std::vector<std::pair<std::string, bool>> categories;  ///< id -> granted
  std::vector<std::pair<std::string, bool>> services;    ///< id -> granted
  consent_source source = consent_source::api;  ///< ui only for a trusted user event
};

/// Reads a choice from its JSON form (boundary.hpp, choice): strict JSON, only the
/// members kind, categories, services and source. Errors are choice_invalid with the
/// path of the offending member ("choice.kind", "choice.categories", ...).
result<choice> parse_choice(std::string_view json_text);

inline constexpr std::size_t consent_id_bytes = 16;

/// `prior` is the currently valid record (state::record) or null. A new record gets
/// its id from `random` (at least consent_id_bytes bytes); an existing one keeps its
/// id and creation time. The record is for the policy in force at `now`, which also
/// counts as acknowledged; an announced upcoming version only when its notice was the
/// prompt under `prior` (see choice.cpp). Every service of a granted optional category
/// gets a decision, except pipl's separate-consent services, which only a choice
/// naming them decides. `gpc` is the browser's signal right now. With `regions`, the
/// record stores the profile for `region` and its model; under opt-out and notice a
/// refusal survives a MAJOR policy change.
result<consent_record> apply_choice(const config& cfg, const consent_record* prior,
                                    const choice& c, std::int64_t now,
                                    std::string_view random, std::string language,
                                    bool gpc, std::string_view region = {});

/// The visitor saw the pending notice: records the version it was about. Decisions
/// and their timestamps are left alone, so acknowledging never extends consent. The
/// record's source becomes `source`: who made this (last) change.
consent_record acknowledge(const config& cfg, consent_record record, std::int64_t now,
                           consent_source source = consent_source::api);

}  // namespace cookiegate
