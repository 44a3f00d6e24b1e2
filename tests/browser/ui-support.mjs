// Shared setup for the UI browser tests: bundles the UI test page, serves the repo
// with a strict CSP, and builds configs and core states for each banner variant.
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { build } from 'esbuild';
import { collectProblems, repoRoot, startServer, startSession } from './harness.mjs';

export { repoRoot };
export const shotDir = join(repoRoot, 'build/screenshots/ui');

// The strictest policy a site might run: no inline styles or <style>, no HTML sinks.
export const strictCsp =
  "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self'; " +
  "connect-src 'self'; base-uri 'none'; object-src 'none'; form-action 'none'; " +
  "require-trusted-types-for 'script'; trusted-types 'none'";

let built;
export function buildFixture() {
  built ||= build({
    entryPoints: [join(repoRoot, 'tests/browser/pages/ui-fixture.mjs')],
    bundle: true,
    format: 'esm',
    outfile: join(repoRoot, 'build/ui-test/ui-fixture.js'),
    logLevel: 'error',
  });
  return built;
}

/** Browser + server for one test file. `?nocsp` serves a page without the CSP. */
export async function setup() {
  await buildFixture();
  await mkdir(shotDir, { recursive: true });
  const server = await startServer({
    mounts: { '/': repoRoot },
    headers: (_req, url) =>
      url.pathname.endsWith('.html') && !url.searchParams.has('nocsp')
        ? { 'Content-Security-Policy': strictCsp }
        : {},
  });
  return startSession(server);
}

export const en = {
  necessary: 'Strictly necessary',
  analytics: 'Analytics',
  marketing: 'Marketing',
};
export const zh = { necessary: '必要', analytics: '统计分析', marketing: '营销' };

// Arabic texts for every key (a language without built-in texts must give them all),
// to see a right-to-left language end to end.
export const arTexts = {
  bannerTitle: 'ملفات تعريف الارتباط على هذا الموقع',
  bannerText: 'نستخدم ملفات تعريف الارتباط التي يحتاجها الموقع ليعمل. وبإذنك نود أيضًا استخدام ملفات اختيارية، مثلًا لإحصاء الزيارات. يمكنك قبولها أو رفضها أو الاختيار حسب الفئة، وتغيير رأيك في أي وقت.',
  acceptAll: 'قبول الكل', rejectAll: 'رفض الكل', customize: 'تخصيص', policyLink: 'سياسة الخصوصية',
  preferencesTitle: 'تفضيلات الخصوصية',
  preferencesText: 'اختر أنواع ملفات تعريف الارتباط والتقنيات المشابهة التي يمكننا استخدامها. الملفات الضرورية تُبقي الموقع يعمل وهي مفعّلة دائمًا.',
  save: 'حفظ الاختيارات', close: 'إغلاق', alwaysOn: 'مفعّل دائمًا', services: 'الخدمات',
  cookieName: 'ملف تعريف الارتباط', cookieProvider: 'المزوّد', cookiePurpose: 'الغرض', cookieDuration: 'المدة',
  noticeUpdateTitle: 'تغيّرت سياسة الخصوصية لدينا',
  noticeUpdateText: 'حدّثنا سياسة الخصوصية (الإصدار {version}). تبقى اختياراتك كما هي.',
  noticeUpcomingTitle: 'ستتغيّر سياسة الخصوصية لدينا',
  noticeUpcomingText: 'يسري الإصدار {version} من سياسة الخصوصية في {date}.',
  dismiss: 'فهمت', reconsentTitle: 'يرجى مراجعة اختياراتك',
  reconsentText: 'غيّرنا طريقة استخدامنا لما يلي: {categories}. يرجى إخبارنا بما إذا كنت توافق.',
  agree: 'أوافق', refuse: 'أرفض',
  openPreferences: 'إعدادات ملفات تعريف الارتباط',
  unavailable: 'لا يمكن حفظ اختياراتك الآن. تبقى الملفات الاختيارية معطّلة. يرجى المحاولة لاحقًا.',
  saved: 'تم حفظ اختياراتك.', on: 'مفعّل', off: 'معطّل', languageName: 'العربية',
};
export const ar = { necessary: 'ضرورية', analytics: 'تحليلات', marketing: 'تسويق' };

/** A config offering Arabic first, as the core answers it (`directions` is the core's). */
export function rtlConfig(extra = {}) {
  const c = makeConfig({ languages: ['ar', 'en', 'zh'], directions: { ar: 'rtl', en: 'ltr', zh: 'ltr' }, texts: { ar: arTexts }, ...extra });
  for (const cat of c.categories) cat.title.ar = ar[cat.id];
  return c;
}

export function makeConfig(extra = {}) {
  return {
    policy: {
      version: '1.3.0',
      url: '/privacy',
      upcoming: {
        version: '2.0.0',
        effective: '2027-03-01',
        summary: { en: 'We will add a new analytics provider.', zh: '我们将新增一家统计服务商。' },
      },
    },
    languages: ['en', 'zh'],
    categories: [
      {
        id: 'necessary',
        required: true,
        title: { en: en.necessary, zh: zh.necessary },
        description: { en: 'Needed for the site to work, such as keeping you signed in.', zh: '网站运行所必需，例如保持登录状态。' },
        cookieTable: [{ name: 'session', provider: 'example.com', purpose: { en: 'Keeps you signed in', zh: '保持登录' }, duration: { en: 'Session', zh: '会话' } }],
      },
      {
        id: 'analytics',
        title: { en: en.analytics, zh: zh.analytics },
        description: { en: 'Counts visits so we can see which pages are useful.', zh: '统计访问量，帮助我们了解哪些页面有用。' },
        services: [{ id: 'matomo', title: 'Matomo' }],
        cookieTable: [{ name: '_pk_id', provider: 'Matomo', purpose: { en: 'Tells visits apart', zh: '区分访问' }, duration: { en: '13 months', zh: '13 个月' } }],
      },
      {
        id: 'marketing',
        title: { en: en.marketing, zh: zh.marketing },
        description: { en: 'Shows ads that match your interests.', zh: '展示符合您兴趣的广告。' },
        services: [{ id: 'ads', title: { en: 'Ad network', zh: '广告网络' } }],
      },
    ],
    texts: {},
    ui: {},
    ...extra,
  };
}

const cat = (id, o = {}) => ({
  id, required: id === 'necessary', allowed: id === 'necessary', ask: false, changed: false, gpc: false,
  services: { necessary: [], analytics: [{ id: 'matomo', allowed: false }], marketing: [{ id: 'ads', allowed: false }] }[id],
  ...o,
});

/** A core state (boundary.hpp shape) for each banner variant. */
export function makeState(variant) {
  const base = { prompt: 'none', reason: 'none', recordError: null, policy: '1.3.0', notice: null, gpcApplied: false, firstLayerReject: 'reject_all', expiresAt: null, record: null };
  const cats = ['necessary', 'analytics', 'marketing'].map((id) => cat(id));
  switch (variant) {
    case 'pending': // the runtime's provisional state when a consent cookie exists
      return { ...base, pending: true, prompt: 'none', categories: cats };
    case 'pending-consent': // ... and when there is none
      return { ...base, pending: true, prompt: 'consent', reason: 'no_record', categories: cats.map((c) => ({ ...c, ask: !c.required })) };
    case 'consent':
      return { ...base, prompt: 'consent', reason: 'no_record', categories: cats.map((c) => ({ ...c, ask: !c.required })) };
    case 'reconsent':
      return {
        ...base, prompt: 'reconsent', reason: 'category_changed', firstLayerReject: 'asked',
        categories: [cat('necessary'), cat('analytics', { ask: true, changed: true }), cat('marketing', { allowed: true, services: [{ id: 'ads', allowed: true }] })],
      };
    case 'update':
      return { ...base, prompt: 'notice', notice: { kind: 'update', version: '1.3.0', effective: null }, categories: cats };
    case 'upcoming':
      return { ...base, prompt: 'notice', notice: { kind: 'upcoming', version: '2.0.0', effective: '2027-03-01' }, categories: cats };
    case 'none':
      return { ...base, categories: [cat('necessary'), cat('analytics', { allowed: true, services: [{ id: 'matomo', allowed: true }] }), cat('marketing')] };
    default:
      throw new Error('unknown variant ' + variant);
  }
}

/**
 * Opens a UI page and mounts the UI on the fake runtime.
 * @returns {Promise<{page, problems}>}
 */
export async function openUI(ctx, context, { page: file = 'ui-fake.html', query = '', variant = 'consent', state, language = 'en', config, failed = false, rejectActions = false } = {}) {
  const page = await context.newPage();
  const problems = await collectProblems(page);
  await page.goto(ctx.server.url(`/tests/browser/pages/${file}${query}`));
  // The fixture is one module; on a 2-CPU machine running the whole suite it once took
  // over 30 s to define window.cg. A page that never does fails with its own errors.
  await page.waitForFunction(() => window.cg, null, { timeout: 90000 }).catch((e) => {
    throw new Error(`${file}: window.cg never defined (${e.message}); page problems: ${JSON.stringify(problems)}`);
  });
  await page.evaluate((o) => window.cg.boot(o), {
    config: config || makeConfig(), state: state || makeState(variant), language, failed, rejectActions,
  });
  return { page, problems };
}

// Selectors pierce the open shadow root (playwright's css engine does).
export const sel = {
  banner: 'cookiegate-ui .bn',
  dialog: 'cookiegate-ui dialog.dg[open]',
  fab: 'cookiegate-ui .fb',
  live: 'cookiegate-ui [role=status]',
};

/** Describes the deepest focused element, through shadow roots. */
export function focused(page) {
  return page.evaluate(() => {
    let a = document.activeElement;
    while (a && a.shadowRoot && a.shadowRoot.activeElement) a = a.shadowRoot.activeElement;
    if (!a) return null;
    const dialog = a.closest('dialog.dg');
    return {
      tag: a.localName,
      text: (a.textContent || '').trim(),
      id: a.id,
      role: a.getAttribute('role'),
      inBanner: !!a.closest('.bn'),
      inDialog: !!dialog,
      isHost: a.localName === 'cookiegate-ui',
    };
  });
}

/** Presses Tab until `match(focused)` holds; returns how many presses it took. */
export async function tabUntil(page, match, max = 30) {
  for (let i = 1; i <= max; i++) {
    await page.keyboard.press('Tab');
    if (match(await focused(page))) return i;
  }
  throw new Error('never reached by Tab');
}

let axeSource;
/**
 * axe-core over the UI (its host element; axe walks open shadow roots), the WCAG 2.1
 * A/AA and best-practice rules. The one audit of the UI tests: ui-screenshots.test.mjs
 * sweeps it over every variant, ui-a11y.test.mjs shows that it catches a violation.
 * @returns {Promise<{ bad: Array<{id: string, nodes: string[]}>, passes: string[],
 *   inapplicable: string[], switchNamesPassed: boolean }>} `bad`: the serious and
 *   critical violations; `switchNamesPassed`: a [role=switch] passed a naming rule.
 */
export async function auditUI(page) {
  axeSource ??= await readFile(join(repoRoot, 'node_modules/axe-core/axe.min.js'), 'utf8');
  if (!(await page.evaluate(() => !!window.axe))) await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const r = await window.axe.run({ include: [['cookiegate-ui']] }, {
      resultTypes: ['violations', 'passes'],
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    });
    return {
      bad: r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => ({ id: v.id, nodes: v.nodes.map((n) => n.target.join(' ') + ' ' + n.failureSummary) })),
      passes: r.passes.map((p) => p.id),
      inapplicable: r.inapplicable.map((p) => p.id),
      switchNamesPassed: r.passes.some((p) => (p.id === 'aria-toggle-field-name' || p.id === 'button-name')
        && p.nodes.some((n) => n.html.includes('role="switch"'))),
    };
  });
}
