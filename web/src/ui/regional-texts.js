// Built-in texts of the regional layers (./regional.js), written for CookieGate. They
// are core/texts.hpp text keys like those of ./texts.js (tests/browser/ui-texts.test.mjs
// checks the two files together against the core), kept apart so that a page whose
// visitors get today's opt-in banner never downloads them. Placeholder: {service}.
// The link title is the statute's own words: CCPA 1798.135(a)(1) ("Do Not Sell or
// Share My Personal Information"); the GPC confirmation follows 11 CCR 7025(c)(6).

export const en = {
  optOutTitle: 'Your privacy choices',
  optOutText:
    'We use optional cookies, for example to count visits and for advertising. Advertising ' +
    'cookies may count as selling or sharing your personal information. They stay on unless ' +
    'you opt out, which you can do here or at any time later.',
  optOut: 'Opt out',
  ok: 'OK',
  optOutLink: 'Do Not Sell or Share My Personal Information',
  gpcHonoured: 'Opt-out preference signal honoured',
  gpcConflictTitle: 'Your opt-out signal conflicts with an earlier choice',
  gpcConflictText:
    'Your browser sends an opt-out preference signal (Global Privacy Control), but you ' +
    'earlier allowed us to sell or share your personal information. We follow the signal ' +
    'unless you give your permission again.',
  keepOptOut: 'Keep my opt-out',
  allowSale: 'Allow selling and sharing',
  noticeText:
    'We use cookies that the site needs to work and optional cookies, for example to count ' +
    'visits. You can refuse the optional ones in the cookie settings, now or at any time.',
  separateTitle: 'Separate consent: {service}',
  separateText:
    'This service provides your personal information to another party or abroad, or ' +
    'processes sensitive information, so it needs your separate consent. Refusing does not ' +
    'limit your use of the site.',
  recipient: 'Recipient',
  contact: 'Contact',
  country: 'Country or region',
  personalInformation: 'Personal information provided',
  stricterTitle: 'Stricter privacy rules',
  stricterText:
    'Where you are, some optional cookies run unless you opt out. You can choose instead ' +
    'that nothing optional runs until you agree to it, wherever you visit from. You cannot ' +
    'switch back to the less strict rules.',
  stricter: 'Use the stricter rules',
  stricterChosen: 'You chose the stricter rules: nothing optional runs until you agree to it.',
};

export const zh = {
  optOutTitle: '您的隐私选择',
  optOutText:
    '我们使用可选 Cookie，例如用于统计访问量和广告。广告 Cookie 可能构成出售或共享您的个人信息。' +
    '除非您选择退出，这些 Cookie 将保持开启；您可以现在或随时退出。',
  optOut: '选择退出',
  ok: '好的',
  optOutLink: '请勿出售或共享我的个人信息',
  gpcHonoured: '已遵从您的退出偏好信号',
  gpcConflictTitle: '您的退出信号与之前的选择冲突',
  gpcConflictText:
    '您的浏览器发送了退出偏好信号（全球隐私控制），但您之前允许我们出售或共享您的个人信息。' +
    '除非您再次给予许可，我们将遵从该信号。',
  keepOptOut: '保持退出',
  allowSale: '允许出售和共享',
  noticeText: '我们使用网站正常运行所必需的 Cookie 以及可选 Cookie，例如用于统计访问量。您可以现在或随时在 Cookie 设置中拒绝可选 Cookie。',
  separateTitle: '单独同意：{service}',
  separateText: '该服务会向其他方或境外提供您的个人信息，或处理敏感个人信息，因此需要您的单独同意。拒绝不会影响您使用本网站。',
  recipient: '接收方',
  contact: '联系方式',
  country: '国家或地区',
  personalInformation: '提供的个人信息种类',
  stricterTitle: '更严格的隐私规则',
  stricterText: '在您所在的地区，部分可选 Cookie 会默认运行，除非您选择退出。您也可以选择：无论从哪里访问，未经您同意，任何可选 Cookie 都不运行。选择后无法改回较宽松的规则。',
  stricter: '使用更严格的规则',
  stricterChosen: '您已选择更严格的规则：未经您同意，任何可选 Cookie 都不运行。',
};
