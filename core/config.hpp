// The site owner's policy configuration: parsed and validated once, then read-only.
// Validation is strict: unknown fields, wrong types and anything that would make the
// banner break consent law are errors naming the field path and the fix.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "consent_mode.hpp"
#include "error.hpp"
#include "profile.hpp"
#include "version.hpp"

namespace cookiegate {

/// A text in every declared language: language tag -> text.
using localized = std::map<std::string, std::string>;

struct cookie_entry {  // one row of a category's cookie table (shown, not enforced)
  std::string name;
  std::string provider;
  localized purpose;
  localized duration;
};

/// Who receives data a service collects, when that is another party. PIPL Art. 23 and
/// 39 require telling the individual the recipient's name, contact, purpose and the
/// kinds of personal information provided; the country shows where data abroad goes.
struct recipient_info {
  std::string name;     ///< empty: not given
  std::string contact;  ///< e-mail address, phone number or postal address
  std::string country;  ///< ISO 3166-1 alpha-2, e.g. "US"
  localized purpose;    ///< what the recipient uses the data for; empty: not given
  localized data;       ///< the kinds of personal information provided; empty: not given
};

struct service {
  std::string id;
  std::uint32_t key = 0;  ///< service_key(category id, id): its decision's key in the cookie
  /// short_key(id): the key records written before service_key (codec.hpp) gave it.
  std::uint32_t unscoped_key = 0;
  localized title;        ///< empty: the UI shows the id
  std::vector<std::string> scripts;  ///< script URL patterns (`*` matches any run)
  std::vector<std::string> cookies;  ///< cookie name patterns, deleted on withdrawal
  std::vector<std::string> storage;  ///< local/sessionStorage key patterns, likewise
  std::vector<consent_signal> consent_mode;
  recipient_info recipient;
  bool sensitive = false;     ///< processes sensitive personal information (PIPL Art. 28)
  bool third_party = false;   ///< provides data to another handler (PIPL Art. 23)
  bool cross_border = false;  ///< sends data abroad (PIPL Art. 39)
  /// Needs a consent of its own under the pipl model, never bundled into "Accept all".
  bool needs_separate_consent() const noexcept { return sensitive || third_party || cross_border; }
};

struct category {
  std::string id;
  std::uint32_t key = 0;
  bool required = false;       ///< strictly necessary: always on, cannot be refused
  /// Sensitive personal information (GDPR Art. 9, CPRA 1798.140(ae), PIPL Art. 28):
  /// opt-in under every model.
  bool sensitive = false;
  /// Sells or shares personal information (CCPA 1798.140(ad), (ah)): under opt-out it
  /// needs the "Do Not Sell or Share" link and is what GPC opts out of.
  bool sale_or_sharing = false;
  std::uint32_t revision = 1;  ///< raising it asks returning visitors again
  localized title;
  localized description;
  std::vector<service> services;
  std::vector<consent_signal> consent_mode;
  std::vector<cookie_entry> cookie_table;
};

struct upcoming_change {
  version ver;
  std::int64_t effective = 0;  ///< seconds since the epoch, 00:00 UTC of the date
  std::string effective_date;  ///< as written, "YYYY-MM-DD"
  localized summary;
};

struct policy_info {
  version ver;
  std::string url;
  std::optional<upcoming_change> upcoming;
};

inline constexpr std::uint32_t max_expiry_days = 395;  // 13 months
inline constexpr std::uint32_t default_expiry_days = 182;

struct expiry_settings {
  std::uint32_t accept_days = default_expiry_days;
  std::uint32_t reject_days = default_expiry_days;
};

enum class same_site { lax, strict };

struct cookie_settings {
  std::string name = "cookiegate";
  std::string domain;      ///< empty: host-only cookie
  std::string path = "/";
  same_site site = same_site::lax;
  bool secure = true;      ///< add `Secure` whenever the page is served over https
  bool host_prefix = false;///< name it `__Host-<name>`: no domain, path "/", Secure

  /// The name the cookie is stored under (with the `__Host-` prefix when enabled).
  std::string stored_name() const;
};

struct gpc_settings {
  bool honour = true;
  /// Categories the Global Privacy Control signal refuses by default. Defaults to
  /// every optional category.
  std::vector<std::string> categories;
};

struct consent_mode_settings {
  bool enabled = false;
  std::uint32_t wait_for_update_ms = 500;
};

/// How the banner's first layer is laid out (the `ui` member, read by the UI only).
enum class ui_layout { bar, box, modal };
/// Where it sits: bar top/bottom, box in a bottom corner; a modal is centred.
enum class ui_position { bottom, top, bottom_right, bottom_left, center };

struct ui_settings {
  ui_layout layout = ui_layout::bar;
  ui_position position = ui_position::bottom;  ///< the layout's default when absent
  bool floating_button = true;
  /// Languages shown side by side, in this order; empty: one language at a time.
  std::vector<std::string> bilingual;
};

std::string_view layout_name(ui_layout l) noexcept;
std::string_view position_name(ui_position p) noexcept;
/// The SameSite attribute value: "Lax" or "Strict".
std::string_view same_site_name(same_site s) noexcept;

/// Where the runtime sends consent receipts (see the README's "Proof of consent").
struct log_settings {
  std::string endpoint;  ///< empty: no receipts are sent (the default)
};

struct config {
  policy_info policy;
  std::vector<category> categories;
  expiry_settings expiry;
  cookie_settings cookie;
  gpc_settings gpc;
  consent_mode_settings consent_mode;
  log_settings log;
  std::vector<std::string> languages;  ///< first one is the fallback
  /// Text overrides: language -> text key -> text.
  std::map<std::string, std::map<std::string, std::string>> texts;
  ui_settings ui;
  /// Profiles by region selector; empty when the config has no `regions` (one opt-in
  /// model, today's rules). Otherwise it always holds an "unknown" profile.
  std::vector<profile> regions;

  const category* find_category(std::string_view id) const noexcept;
  /// The service with this id in any category; `owner` receives its category.
  const service* find_service(std::string_view id,
                              const category** owner = nullptr) const noexcept;
};

inline constexpr std::size_t max_config_bytes = 64 * 1024;
inline constexpr std::size_t max_categories = 32;
inline constexpr std::size_t max_services = 128;

/// Parses and validates, the `ui` member included (the core never acts on it, but a
/// typo there should fail as loudly as anywhere else).
result<config> parse_config(std::string_view json_text);

// negotiate_language() is in language.hpp.

}  // namespace cookiegate
