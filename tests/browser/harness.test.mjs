// The test browser itself (harness.mjs's launchBrowser): the Chromium switches that keep
// the browser tests' CPU down must take effect, and must not drop what playwright-core
// sets up for its own use. Both can break on an update of Chromium or playwright-core.
import assert from 'node:assert/strict';
import { after, before } from 'node:test';

import { launchBrowser, test } from './harness.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

test("the browser's --disable-features keeps every feature playwright-core disables", async () => {
  const page = await (await browser.newContext()).newPage();
  await page.goto('chrome://version');
  const commandLine = await page.locator('#command_line').textContent();
  // Chromium reads only the last --disable-features; playwright-core's own comes first.
  // (Debian's /usr/bin/chromium may put switches of /etc/chromium.d before both.)
  const lists = [...commandLine.matchAll(/--disable-features=(\S+)/g)].map((m) => m[1].split(','));
  assert.ok(lists.length >= 2, `playwright-core's and the harness's switch, in: ${commandLine}`);
  const inForce = lists[lists.length - 1];
  const dropped = lists.slice(0, -1).flat().filter((f) => !inForce.includes(f));
  assert.deepEqual(dropped, [], "playwright-core's disabled features missing from the harness's " +
    '--disable-features (update playwrightDisabledFeatures in tests/browser/harness.mjs)');
});

test('a page opens no omnibox popup WebUI beside it', async () => {
  const page = await (await browser.newContext()).newPage();
  await page.goto('data:text/html,<title>page</title>');
  const session = await browser.newBrowserCDPSession();
  const { targetInfos } = await session.send('Target.getTargets');
  // Chromium lists the popups as 'browser_ui' targets at chrome://omnibox-popup.top-chrome
  // (the first test's chrome://version page is a page of its own).
  assert.deepEqual(targetInfos.filter((t) => t.type !== 'page' || t.url.includes('.top-chrome/')).map((t) => t.url), [],
    'WebUI pages a test page costs CPU for (a renamed Chromium feature? see chromiumArgs)');
});

test('a new page starts one renderer process, no spare beside it', async () => {
  // A browser of its own: a spare started for another test's page would already be
  // counted, and then replaced by one for this page.
  const own = await launchBrowser();
  try {
    const session = await own.newBrowserCDPSession();
    const renderers = async () => (await session.send('SystemInfo.getProcessInfo')).processInfo
      .filter((p) => p.type === 'renderer').length;
    assert.equal(await renderers(), 0, 'a renderer before any page');
    await (await own.newContext()).newPage();
    // Chromium starts the spare as it creates the page: it is there when newPage returns
    // (without the switch this count was 2).
    assert.equal(await renderers(), 1,
      'a spare renderer per page (a renamed Chromium feature? see disabledFeatures in harness.mjs)');
  } finally {
    await own.close();
  }
});
