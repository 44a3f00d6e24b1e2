// The UI's text keys. The core validates configs against this list so that a missing
// or misspelt text is a config error, not a blank button; web/ keeps its built-in
// texts in step with it (a test compares the two).
#pragma once

#include <array>
#include <string_view>

namespace cookiegate {

inline constexpr std::array<std::string_view, 54> text_keys = {
    "bannerTitle",       "bannerText",        "acceptAll",
    "rejectAll",         "customize",         "policyLink",
    "preferencesTitle",  "preferencesText",   "save",
    "close",             "alwaysOn",          "services",
    "cookieName",        "cookieProvider",    "cookiePurpose",
    "cookieDuration",    "noticeUpdateTitle", "noticeUpdateText",
    "noticeUpcomingTitle", "noticeUpcomingText", "dismiss",
    "reconsentTitle",    "reconsentText",     "openPreferences",
    "unavailable",       "saved",             "on",
    "off",               "languageName",      "placeholderText",
    "placeholderLoad",
    // The regional first layers (README, Regions): opt-out, GPC, notice, pipl; `agree`
    // and `refuse` label the opt-in re-ask's choices too.
    "optOutTitle",       "optOutText",        "optOut",
    "ok",                "optOutLink",        "gpcHonoured",
    "gpcConflictTitle",  "gpcConflictText",   "keepOptOut",
    "allowSale",         "noticeText",        "agree",
    "refuse",            "separateTitle",     "separateText",
    "recipient",         "contact",           "country",
    "personalInformation",
    // The switch to the strictest rules in the preferences.
    "stricterTitle",     "stricterText",      "stricter",
    "stricterChosen",
};

/// Languages whose texts ship with web/: a config may override any of their keys.
/// Any other declared language must provide every key.
inline constexpr std::array<std::string_view, 2> builtin_languages = {"en", "zh"};

bool is_text_key(std::string_view key) noexcept;
bool is_builtin_language(std::string_view lang) noexcept;

}  // namespace cookiegate
