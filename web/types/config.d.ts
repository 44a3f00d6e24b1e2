// The site owner's config, as the core validates it (core/config.cpp). Mirrors
// config.schema.json; rules a type cannot express (id formats, ranges, compliance,
// texts for every language) are the core's and the schema's.
import type { Signal } from './index.js';

/** A text, the same in every language, or one text per declared language. */
export type LocalizedText = string | { [language: string]: string };

export interface ServiceConfig {
  /** 1-40 of a-z 0-9 - _, unique across the config. */
  id: string;
  title?: LocalizedText;
  /** Script URLs of the service (`*` matches any run), each with a path (`"host/*"`, not `"host"`); injected scripts matching them are held. */
  scripts?: string[];
  /** Cookie names deleted when consent is withdrawn, or a grant refused when asked again. */
  cookies?: string[];
  /** localStorage / sessionStorage keys deleted likewise. */
  storage?: string[];
  consentMode?: Signal[];
  /** Who receives the data (PIPL Art. 23, 39); required under pipl, with `purpose` and
   *  `data`, for a sensitive, thirdParty or crossBorder service. */
  recipient?: Recipient;
  /** Under pipl each of these needs a separate consent, never part of Accept all. */
  sensitive?: boolean;
  thirdParty?: boolean;
  crossBorder?: boolean;
}

/** Who receives a service's data, shown on its separate-consent sheet under pipl. */
export interface Recipient {
  name: string;
  /** E-mail address, phone number or postal address. */
  contact: string;
  /** ISO 3166-1 alpha-2, e.g. "US". */
  country: string;
  /** What the recipient uses the data for. */
  purpose?: LocalizedText;
  /** The kinds of personal information provided, e.g. "device identifier, pages viewed". */
  data?: LocalizedText;
}

export interface CookieTableRow {
  name: string;
  provider?: string;
  purpose?: LocalizedText;
  duration?: LocalizedText;
}

interface CategoryBase {
  /** 1-40 of a-z 0-9 - _. */
  id: string;
  title: LocalizedText;
  description?: LocalizedText;
  /** Raise it when the purpose changes: returning visitors are asked again (default 1). */
  revision?: number;
  services?: ServiceConfig[];
  /** Granted only while the category and every service of it are allowed; a signal
   *  that should follow one service goes on that service. */
  consentMode?: Signal[];
  cookieTable?: CookieTableRow[];
  /** Sensitive personal information: opt-in under every regional model. */
  sensitive?: boolean;
  /** Sells or shares personal information: the opt-out link, and what GPC opts out of. */
  saleOrSharing?: boolean;
}

/** Strictly necessary: always on, cannot be refused; only functionality_storage and
 *  security_storage signals. */
export interface RequiredCategoryConfig extends CategoryBase {
  required: true;
  default?: boolean;
}

/** Optional: nothing is pre-ticked, so `default` can only be false. */
export interface OptionalCategoryConfig extends CategoryBase {
  required?: false;
  default?: false;
}

export type CategoryConfig = RequiredCategoryConfig | OptionalCategoryConfig;

/** "MAJOR.MINOR.PATCH", digits only. */
export type PolicyVersion = `${number}.${number}.${number}`;

export interface CookieGateConfig {
  /** This schema's URL, for editors (e.g. node_modules/cookiegate/web/dist/config.schema.json). */
  $schema?: string;
  policy: {
    version: PolicyVersion;
    /** https://, http:// or a path starting with "/". */
    url: string;
    upcoming?: { version: PolicyVersion; /** "YYYY-MM-DD", UTC */ effective: string; summary?: LocalizedText };
  };
  /** 1-32 categories, in display order. */
  categories: CategoryConfig[];
  /** Days, 1-395 (default 182 each). */
  expiry?: { acceptDays?: number; rejectDays?: number };
  cookie?: {
    name?: string;
    domain?: string;
    path?: string;
    sameSite?: 'Lax' | 'Strict';
    secure?: boolean;
    hostPrefix?: boolean;
  };
  gpc?: { honour?: boolean; categories?: string[] };
  /** waitForUpdate: ms, 0-10000 (default 500). */
  consentMode?: { enabled?: boolean; waitForUpdate?: number };
  /** Language tags offered; the first is the fallback (default ["en"]). */
  languages?: string[];
  /** Overrides of the UI texts by language. */
  texts?: { [language: string]: Partial<Record<TextKey, string>> };
  /** Options of the bundled banner. */
  ui?: UiOptions;
  /** Consent receipts (README "Proof of consent"): a path on this site or an https:// URL. */
  log?: { endpoint: string };
  /** Profiles by region: "US-CA", "DE", "EEA", "*" or "unknown" (which must be opt-in).
   *  Days 1-395; an opt-out keeps refusals at least 365 days. */
  regions?: { [selector: string]: RegionProfile };
}

/**
 * A config as TypeScript types it when imported from a JSON file (`resolveJsonModule`,
 * as bundler apps do): CookieGateConfig's shape with its literal types widened, so a
 * `policy.version` is a `string`, `consentMode` a `string[]`, `required` a `boolean`.
 * What the widening lets through (a version that is not MAJOR.MINOR.PATCH, a misspelt
 * signal, a pre-ticked optional category) the core refuses at init(), with the field
 * and the fix (README "Errors"); `cookiegate check` and the JSON Schema say it sooner.
 */
export type CookieGateConfigJson = Widened<CookieGateConfig>;
/**
 * The type a config argument is checked against (init(), createRuntime(), the server's
 * evaluateRequest() and prepare()); `C`, the argument's type as written, only picks it:
 * - JSON text: `string`;
 * - a config TypeScript widened, whose version is a plain `string` (imported from a
 *   JSON file): CookieGateConfigJson;
 * - any other, a config written in the code above all: CookieGateConfig, with its
 *   literal types, so a pre-ticked optional category, a misspelt signal or a version
 *   that is not MAJOR.MINOR.PATCH (`'v1'`) does not compile.
 * The argument is checked against that type alone, not intersected with `C`: an object
 * literal written in the call then gets TypeScript's excess-property check at every
 * depth the config's types describe (`categorys`, a category's `requird`: "Object
 * literal may only specify known properties"). `C & CookieGateConfig` let those
 * through: `C`, inferred from the literal, already has every member written in it.
 * How it works: TypeScript infers `C` from the argument through this type's branches
 * (the first is `C` itself), and the functions declare `C` as a `const` type parameter,
 * so a literal's version is inferred as written (TypeScript 5.1 or later; 5.0 parses
 * `const` but widens it still); plain inference widens a version that is not a
 * PolicyVersion to `string`, which then passed as a JSON import's. `C` has no
 * constraint: constrained to the three config types, it was inferred widened again.
 */
export type ConfigArgument<C> = C extends string ? C
  : C extends { policy: { version: infer V } } ? string extends V ? CookieGateConfigJson : CookieGateConfig
  : CookieGateConfig;
type Widened<T> = T extends string ? string : T extends number ? number : T extends boolean ? boolean
  : T extends readonly (infer U)[] ? Widened<U>[] : T extends object ? { [K in keyof T]: Widened<T[K]> } : T;

export interface RegionProfile {
  model: 'opt-in' | 'opt-out' | 'notice' | 'pipl';
  acceptDays?: number;
  rejectDays?: number;
}

/**
 * The config's `ui` member, validated by the core like every other field; its
 * normalised config fills the defaults (layout "bar", position "bottom", modal false,
 * floatingButton true, bilingual []). `modal: true` is layout "modal" (position
 * "center"); "top"/"bottom" go with "bar", "bottom-right"/"bottom-left" with "box".
 */
export interface UiOptions {
  layout?: 'bar' | 'box' | 'modal';
  position?: 'bottom' | 'top' | 'bottom-right' | 'bottom-left' | 'center';
  modal?: boolean;
  /** Keep a small button to reopen the preferences after a choice. */
  floatingButton?: boolean;
  /** Two or more of the config's languages, shown side by side. */
  bilingual?: string[];
}


/** The keys of `texts` (core/texts.hpp). */
export type TextKey =
  | 'bannerTitle' | 'bannerText' | 'acceptAll' | 'rejectAll' | 'customize' | 'policyLink'
  | 'preferencesTitle' | 'preferencesText' | 'save' | 'close' | 'alwaysOn' | 'services'
  | 'cookieName' | 'cookieProvider' | 'cookiePurpose' | 'cookieDuration' | 'noticeUpdateTitle'
  | 'noticeUpdateText' | 'noticeUpcomingTitle' | 'noticeUpcomingText' | 'dismiss'
  | 'reconsentTitle' | 'reconsentText' | 'openPreferences' | 'unavailable' | 'saved' | 'on'
  | 'off' | 'languageName' | 'placeholderText' | 'placeholderLoad'
  // The regional layers (README, Regions).
  | 'optOutTitle' | 'optOutText' | 'optOut' | 'ok' | 'optOutLink' | 'gpcHonoured'
  | 'gpcConflictTitle' | 'gpcConflictText' | 'keepOptOut' | 'allowSale' | 'noticeText' | 'agree'
  | 'refuse' | 'separateTitle' | 'separateText' | 'recipient' | 'contact' | 'country'
  | 'personalInformation'
  // The preferences' switch to the strictest rules (README, Regions).
  | 'stricterTitle' | 'stricterText' | 'stricter' | 'stricterChosen';
