// Built-in texts, written for CookieGate. The keys are exactly core/texts.hpp's
// text_keys (tests/node/ui-texts.test.mjs compares them with the core's textKeys()),
// so a config may override any of them and the core rejects a misspelt key instead of
// showing a blank button.
// Texts only a part loaded on demand shows live in that part's file
// (./placeholder-texts.js, ./regional-texts.js): a page without it never downloads them.
// Placeholders: {version}, {date}, {categories}; {service} and {category} (the
// click-to-load texts, ./placeholder.js). Links: [label](url).

export const en = {
  bannerTitle: 'Cookies on this site',
  bannerText:
    'We use cookies that the site needs to work. With your permission we would also like ' +
    'to use optional cookies, for example to count visits. You can accept them, reject ' +
    'them or choose by category, and change your mind at any time.',
  acceptAll: 'Accept all',
  rejectAll: 'Reject all',
  customize: 'Customize',
  policyLink: 'Privacy policy',
  preferencesTitle: 'Privacy preferences',
  preferencesText:
    'Choose which kinds of cookies and similar technologies we may use. The required ones ' +
    'keep the site working and are always on. Your choice holds until you change it here.',
  save: 'Save choices',
  close: 'Close',
  alwaysOn: 'Always on',
  services: 'Services',
  cookieName: 'Cookie',
  cookieProvider: 'Provider',
  cookiePurpose: 'Purpose',
  cookieDuration: 'Duration',
  noticeUpdateTitle: 'Our privacy policy has changed',
  noticeUpdateText:
    'We have updated our privacy policy (version {version}). Your choices stay as they were.',
  noticeUpcomingTitle: 'Our privacy policy is changing',
  noticeUpcomingText: 'Version {version} of our privacy policy takes effect on {date}.',
  dismiss: 'Got it',
  reconsentTitle: 'Please review your choices',
  reconsentText:
    'We have changed how we use: {categories}. Please tell us whether you agree.',
  // The re-ask banner's choices (they decide only the categories it names); the
  // regional layers' too.
  agree: 'Agree',
  refuse: 'Refuse',
  openPreferences: 'Cookie settings',
  unavailable:
    'Your choices cannot be saved right now. Optional cookies stay off. Please try again later.',
  saved: 'Your choices have been saved.',
  on: 'On',
  off: 'Off',
  languageName: 'English',
};

export const zh = {
  bannerTitle: '本网站使用 Cookie',
  bannerText:
    '我们使用网站正常运行所必需的 Cookie。经您同意，我们还希望使用可选 Cookie，例如用于统计访问量。' +
    '您可以接受或拒绝这些 Cookie，也可以按类别选择，并可随时更改。',
  acceptAll: '全部接受',
  rejectAll: '全部拒绝',
  customize: '自定义',
  policyLink: '隐私政策',
  preferencesTitle: '隐私偏好设置',
  preferencesText:
    '请选择我们可以使用哪些类型的 Cookie 及类似技术。必要的 Cookie 保障网站正常运行，始终开启。' +
    '您的选择在您于此处更改之前一直有效。',
  save: '保存选择',
  close: '关闭',
  alwaysOn: '始终开启',
  services: '服务',
  cookieName: 'Cookie 名称',
  cookieProvider: '提供方',
  cookiePurpose: '用途',
  cookieDuration: '有效期',
  noticeUpdateTitle: '我们的隐私政策已更新',
  noticeUpdateText: '我们更新了隐私政策（版本 {version}）。您之前的选择保持不变。',
  noticeUpcomingTitle: '我们的隐私政策即将变更',
  noticeUpcomingText: '新版隐私政策（版本 {version}）将于 {date} 生效。',
  dismiss: '知道了',
  reconsentTitle: '请重新确认您的选择',
  reconsentText: '我们对以下类别的使用方式有所变更：{categories}。请告诉我们您是否同意。',
  agree: '同意',
  refuse: '拒绝',
  openPreferences: 'Cookie 设置',
  unavailable: '目前无法保存您的选择，可选 Cookie 将保持关闭。请稍后再试。',
  saved: '您的选择已保存。',
  on: '开',
  off: '关',
  languageName: '简体中文',
};

// Shown instead of `unavailable` when the site's config is what failed (an owner's
// mistake, not an outage). Not a config text key: a broken config's texts are not read.
export const misconfigured = {
  en: 'Cookie settings are not available on this site right now.',
  zh: '本网站的 Cookie 设置暂时不可用。',
};
