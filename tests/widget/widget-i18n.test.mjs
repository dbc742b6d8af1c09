// The widget in the visitor's language, in the shop's own words (resources/widget/embed.js and
// resources/widget/i18n/): Debian's Chromium with a Chinese and an English locale, data-lang,
// the shop's texts from data- attributes and from the server's widget-texts setting, the
// accessible names of every control, and Enter while an input method composes. Real
// switchboard-server processes, shop pages on another origin, a protocol-v1 test agent.
//
//   SWITCHBOARD_SERVER_BINARY=build/server/switchboard-server node --test widget-i18n.test.mjs
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS, ServerProcess, StaticServer, TestAgent, freePort, removeDir, shopPage, sleep, tempDir, waitUntil } from './harness.mjs';

const ALICE = { login: 'alice', password: 'alice-password-1' };
const STEP = { timeout: 90000 };
const CJK = /[\u4e00-\u9fff]/;

// The shop's texts for every page, as an operator writes them in the widget-texts file.
const SHOP_TEXTS = {
  en: { greeting: 'Welcome to Northwind, from the server settings.' },
  'zh-CN': { title: '北风咖啡', greeting: '北风咖啡欢迎您（来自服务器设置）。' },
};

let tmp;
let server;
let shop;
let browser;
const pageErrors = [];
const contexts = [];

async function visitor(locale, pathName) {
  const context = await browser.newContext({ locale, viewport: { width: 1000, height: 760 } });
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(String(error)));
  await page.goto(`${shop.origin}${pathName}`);
  await page.locator('.sb-launcher').waitFor({ state: 'visible' });
  return page;
}

function addPage(pathName, attributes) {
  shop.pages[pathName] = shopPage({ title: 'Northwind', src: `${server.httpUrl}/widget/embed.js`, attributes });
}

// What the widget says and how its controls are named, read from its shadow root.
function widgetTexts(page) {
  return page.evaluate(() => {
    const host = document.querySelector('switchboard-widget');
    const root = host.shadowRoot;
    const q = (selector) => root.querySelector(selector);
    const shown = (node) => node && !node.hidden;
    const labelOf = (node) => {
      if (node.getAttribute('aria-label')) return node.getAttribute('aria-label');
      if (node.getAttribute('aria-labelledby')) return root.getElementById(node.getAttribute('aria-labelledby')).textContent;
      const label = node.id ? root.querySelector(`label[for="${node.id}"]`) : null;
      return label ? label.textContent : node.textContent.trim();
    };
    return {
      hostLang: host.getAttribute('lang'),
      rootLang: q('.sb-root').getAttribute('lang'),
      title: q('.sb-title').textContent,
      status: q('.sb-status').textContent,
      notice: shown(q('.sb-notice')) ? q('.sb-notice').textContent : '',
      greeting: [...root.querySelectorAll('.sb-greeting p, .sb-prechat-intro')].map((p) => p.textContent),
      question: q('label[for="sb-first"]').textContent,
      launcher: q('.sb-launcher').getAttribute('aria-label'),
      placeholder: q('#sb-input').placeholder,
      // Every control and landmark a screen reader names, with the name it gets.
      names: [...root.querySelectorAll('button, input, textarea, form, [role="dialog"], [role="log"]')].map((node) => ({
        what: node.tagName.toLowerCase() + (node.id ? '#' + node.id : '.' + node.className),
        name: labelOf(node),
      })),
      times: [...root.querySelectorAll('.sb-message time')].map((time) => ({ text: time.textContent, datetime: time.getAttribute('datetime') })),
      statuses: [...root.querySelectorAll('.sb-mine .sb-status-text')].map((node) => node.textContent),
      mine: [...root.querySelectorAll('.sb-mine .sb-text')].map((node) => node.textContent),
    };
  });
}

async function waitForTexts(page, what, predicate, timeoutMs = 15000) {
  let last = null;
  try {
    return await waitUntil(
      what,
      async () => {
        last = await widgetTexts(page);
        return predicate(last) ? last : null;
      },
      timeoutMs,
      100
    );
  } catch (error) {
    error.message += `\nwidget: ${JSON.stringify(last, null, 1)}`;
    throw error;
  }
}

describe('the widget in the visitor language', () => {
  before(async () => {
    assert.ok(existsSync(CHROMIUM), `Chromium is missing at ${CHROMIUM}: run tools/debian-deps.sh test (package chromium)`);
    tmp = tempDir('switchboard-widget-i18n-');
    const textsFile = path.join(tmp, 'widget-texts.json');
    writeFileSync(textsFile, JSON.stringify(SHOP_TEXTS));
    server = new ServerProcess({ dataDir: path.join(tmp, 'data'), port: await freePort(), extraArgs: ['--widget-texts', textsFile] });
    await server.addUser(ALICE.login, { name: 'Alice', teams: ['sales'], password: ALICE.password });
    await server.start();
    shop = await new StaticServer({}).start();
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  });

  after(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    if (browser) await browser.close();
    if (shop) await shop.stop();
    if (server) await server.stop('SIGKILL');
    removeDir(tmp);
  });

  test('the server serves the language files and the shop texts to other origins', STEP, async () => {
    for (const file of ['/widget/i18n/zh-CN.json', '/widget/texts.json']) {
      const response = await fetch(`${server.httpUrl}${file}`, { headers: { Origin: shop.origin } });
      assert.equal(response.status, 200, file);
      assert.match(response.headers.get('content-type'), /^application\/json/);
      assert.equal(response.headers.get('access-control-allow-origin'), '*', `${file} is readable from a shop's page`);
      const body = await response.json();
      if (file.endsWith('texts.json')) assert.deepEqual(body, SHOP_TEXTS);
      else assert.equal(body.open, '打开聊天');
    }
  });

  test('Chromium in Chinese shows the Chinese widget with the shop greeting from the server, a Chinese name for every control', STEP, async () => {
    addPage('/zh.html', 'data-team="sales" data-offline-after="1"');
    const page = await visitor('zh-CN', '/zh.html');
    assert.deepEqual(await page.evaluate(() => navigator.languages), ['zh-CN']);
    await page.locator('.sb-launcher').click();
    let texts = await waitForTexts(page, 'the Chinese pre-chat form', (s) => s.title === '北风咖啡');
    assert.equal(texts.hostLang, 'zh-CN', 'lang is set for screen readers');
    assert.equal(texts.rootLang, 'zh-CN');
    assert.equal(texts.launcher, '收起聊天');
    assert.equal(texts.question, '请问有什么可以帮您？');
    assert.equal(texts.status, '有任何问题都可以问我们，我们很乐意为您解答。');
    assert.ok(texts.greeting.includes('北风咖啡欢迎您（来自服务器设置）。'), "the shop's Chinese greeting from the server");
    assert.ok(texts.greeting.includes('北风咖啡欢迎您（来自服务器设置）。 姓名和电子邮箱可以不填。'));
    for (const { what, name } of texts.names) assert.match(name, CJK, `${what} is named in Chinese, got "${name}"`);

    // The accessible names as Chromium computes them, through the shadow root.
    for (const [role, name] of [
      ['button', '收起聊天'],
      ['textbox', '姓名'],
      ['textbox', '电子邮箱'],
      ['textbox', '请问有什么可以帮您？'],
      ['button', '开始聊天'],
      ['dialog', '北风咖啡'],
      ['form', '发起聊天'],
    ]) {
      assert.ok(await page.getByRole(role, { name, exact: true }).first().isVisible(), `${role} "${name}"`);
    }

    await page.getByRole('textbox', { name: '姓名', exact: true }).fill('张伟');
    await page.getByRole('textbox', { name: '请问有什么可以帮您？', exact: true }).fill('请问肯尼亚咖啡豆还有货吗？');
    await page.getByRole('button', { name: '开始聊天', exact: true }).click();
    texts = await waitForTexts(page, 'sent, queued, no agent', (s) => s.statuses[0] === '已发送' && s.status === '下一位就轮到您' && !!s.notice);
    assert.equal(texts.notice, '我们的客服现在都不在或正忙。请先留言，一有客服空闲就会在这里回复您。');
    assert.equal(texts.placeholder, '输入消息…');
    for (const [role, name] of [
      ['textbox', '消息'],
      ['button', '发送消息'],
      ['form', '写消息'],
      ['log', '会话'],
    ]) {
      assert.ok(await page.getByRole(role, { name, exact: true }).isVisible(), `${role} "${name}"`);
    }
    texts = await widgetTexts(page);
    for (const { what, name } of texts.names) assert.match(name, CJK, `${what} is named in Chinese, got "${name}"`);
    // Times in the chosen locale: 24-hour Chinese, whatever the machine's own.
    const expected = await page.evaluate(
      (iso) => new Intl.DateTimeFormat('zh-CN', { hour: '2-digit', minute: '2-digit' }).format(new Date(iso)),
      texts.times[0].datetime
    );
    assert.equal(texts.times[0].text, expected);
    assert.doesNotMatch(texts.times[0].text, /AM|PM/);

    // A second Chinese visitor waits behind the first, and hears where in Chinese.
    const second = await visitor('zh-CN', '/zh.html');
    await second.locator('.sb-launcher').click();
    await second.getByRole('textbox', { name: '请问有什么可以帮您？', exact: true }).fill('我也想问');
    await second.keyboard.press('Enter');
    await waitForTexts(second, 'queue position 2 in Chinese', (s) => s.status === '您在队列中排第 2 位');

    // The agent takes the first; two replies while the panel is closed: a translated count.
    const alice = new TestAgent(server.wsUrl, ALICE);
    try {
      const welcome = await alice.connect();
      const mine = welcome.conversations.find((c) => c.customer && c.customer.name === '张伟');
      assert.ok(mine, 'the conversation reached the agent');
      await waitForTexts(page, 'the agent named in Chinese', (s) => s.status === '正在与 Alice 聊天');
      await page.keyboard.press('Escape');
      await alice.say(mine.id, '有的，还有货。');
      await alice.say(mine.id, '需要帮您留一袋吗？');
      texts = await waitForTexts(page, 'two unread in Chinese', (s) => s.launcher === '打开聊天，2 条未读消息');
    } finally {
      alice.close();
    }
  });

  test('Chromium started with --lang=zh-CN gets the Chinese widget on the demo page', STEP, async () => {
    // Headless Chromium takes its languages from --accept-lang; --lang alone sets the UI only.
    const zhBrowser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: [...CHROMIUM_ARGS, '--lang=zh-CN', '--accept-lang=zh-CN'] });
    try {
      const page = await (await zhBrowser.newContext()).newPage();
      page.on('pageerror', (error) => pageErrors.push(String(error)));
      await page.goto(`${server.httpUrl}/widget/`);
      assert.deepEqual(await page.evaluate(() => navigator.languages), ['zh-CN']);
      await page.locator('.sb-launcher').waitFor({ state: 'visible' });
      let texts = await waitForTexts(page, 'the Chinese launcher', (s) => s.launcher === '打开聊天');
      await page.getByRole('button', { name: '打开聊天', exact: true }).click();
      texts = await waitForTexts(page, 'the Chinese panel', (s) => s.launcher === '收起聊天');
      assert.equal(texts.hostLang, 'zh-CN');
      assert.equal(texts.title, 'Northwind Coffee', "the demo page's data-title, for every language");
      assert.equal(texts.greeting[1], '北风咖啡欢迎您（来自服务器设置）。');
      assert.equal(texts.question, '请问有什么可以帮您？');
    } finally {
      await zhBrowser.close();
    }
  });

  test('data-lang overrides the browser, and the shop greeting comes from data- attributes in both languages', STEP, async () => {
    const attributes = 'data-prechat="off" data-greeting="Hello from this page." data-greeting-zh-CN="来自本页面的问候。"';
    addPage('/lang-zh.html', `data-lang="zh-CN" ${attributes}`);
    addPage('/lang-en.html', `data-lang="en" ${attributes}`);
    addPage('/plain.html', 'data-prechat="off"');

    const chinese = await visitor('en-US', '/lang-zh.html');
    await chinese.locator('.sb-launcher').click();
    let texts = await waitForTexts(chinese, 'Chinese by data-lang', (s) => s.launcher === '收起聊天');
    assert.equal(texts.hostLang, 'zh-CN');
    assert.equal(texts.greeting[1], '来自本页面的问候。', "the page's Chinese greeting beats the server's");
    assert.equal(texts.title, '北风咖啡', "the server's Chinese title where the page sets none");

    const english = await visitor('zh-CN', '/lang-en.html');
    await english.locator('.sb-launcher').click();
    texts = await waitForTexts(english, 'English by data-lang', (s) => s.launcher === 'Minimize chat');
    assert.equal(texts.hostLang, 'en');
    assert.equal(texts.greeting[1], 'Hello from this page.', "the page's greeting beats the shop's");
    assert.equal(texts.title, 'Chat with us');
    for (const { what, name } of texts.names) assert.doesNotMatch(name, CJK, `${what} is named in English, got "${name}"`);

    // No data-lang and no greeting on the page: the visitor's language, the server's words.
    const plain = await visitor('en-GB', '/plain.html');
    await plain.locator('.sb-launcher').click();
    texts = await waitForTexts(plain, "the server's English greeting", (s) => s.greeting[1] === 'Welcome to Northwind, from the server settings.');
    assert.equal(texts.hostLang, 'en-GB', 'English, formatted the way the visitor reads it');
  });

  test('shop text is shown as text, never as HTML', STEP, async () => {
    addPage('/html.html', `data-prechat="off" data-title="&lt;img src=x onerror=&quot;window.pwned=1&quot;&gt;Shop"`);
    const page = await visitor('en-US', '/html.html');
    await page.locator('.sb-launcher').click();
    const texts = await waitForTexts(page, 'the title as text', (s) => s.title.startsWith('<img'));
    assert.equal(texts.title, '<img src=x onerror="window.pwned=1">Shop');
    assert.equal(await page.evaluate(() => document.querySelector('switchboard-widget').shadowRoot.querySelectorAll('img').length), 0);
    assert.equal(await page.evaluate(() => window.pwned), undefined);
  });

  test('Enter while an input method composes does not send; Enter after it does', STEP, async () => {
    addPage('/ime.html', 'data-prechat="off" data-lang="zh-CN"');
    const page = await visitor('zh-CN', '/ime.html');
    await page.locator('.sb-launcher').click();
    const box = page.locator('#sb-input');
    await box.focus();
    const frames = [];
    page.on('websocket', (ws) => ws.on('framesent', (frame) => frames.push(String(frame.payload))));

    // Three ways browsers report the Enter that picks a candidate. Each must leave the text.
    const enterWhileComposing = (way) =>
      page.evaluate((way) => {
        const input = document.querySelector('switchboard-widget').shadowRoot.getElementById('sb-input');
        const fire = (type) => input.dispatchEvent(new CompositionEvent(type, { bubbles: true, data: '你好' }));
        fire('compositionstart');
        input.value = '你好';
        const init = { key: 'Enter', code: 'Enter', bubbles: true, cancelable: true, composed: true };
        if (way === 'isComposing') Object.assign(init, { isComposing: true, keyCode: 229 }); // Chrome, Firefox
        if (way === 'keyCode229') fire('compositionend'); // Safari: the composition ends first
        if (way === 'keyCode229') init.keyCode = 229;
        const allowed = input.dispatchEvent(new KeyboardEvent('keydown', init));
        if (way !== 'keyCode229') fire('compositionend');
        return { allowed, value: input.value };
      }, way);

    for (const way of ['isComposing', 'keyCode229', 'flag']) {
      const result = await enterWhileComposing(way);
      assert.ok(result.value.length > 0, `${way}: the text stays in the box`);
      await page.waitForTimeout(300);
      const texts = await widgetTexts(page);
      assert.deepEqual(texts.mine, [], `${way}: nothing was sent`);
    }
    assert.equal(frames.filter((f) => f.includes('"type":"send"')).length, 0);

    // The composition is over: the next Enter sends what it produced.
    await box.press('Enter');
    const texts = await waitForTexts(page, 'the message sent after the composition', (s) => s.mine.length === 1 && s.statuses[0] === '已发送');
    assert.deepEqual(texts.mine, ['你好']);
    assert.equal(await box.inputValue(), '');
  });

  test('a real input method composition in Chromium does not send on Enter', STEP, async () => {
    addPage('/ime-real.html', 'data-prechat="off"');
    const page = await visitor('zh-CN', '/ime-real.html');
    await page.locator('.sb-launcher').click();
    const box = page.locator('#sb-input');
    await box.focus();
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Input.imeSetComposition', { text: 'ni', selectionStart: 2, selectionEnd: 2 });
    await page.keyboard.press('Enter'); // Chromium still composes: the Enter is the input method's
    await page.waitForTimeout(300);
    assert.deepEqual((await widgetTexts(page)).mine, [], 'Enter during a composition sent nothing');
    await cdp.send('Input.insertText', { text: '你' }); // the candidate is chosen
    await box.press('Enter');
    await waitForTexts(page, 'the chosen text sent', (s) => s.mine.length === 1 && s.mine[0].endsWith('你'));
  });

  test('the launcher does not wait for the texts; a panel opened before they come opens with them, never in English first', STEP, async () => {
    // Under the widget's 3 s fallback to English, with room for a slow machine on both sides.
    const TEXTS_DELAY_MS = 2000;
    addPage('/slow-texts.html', 'data-team="sales"');
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1000, height: 760 } });
    contexts.push(context);
    let textsReleased = false;
    await context.route(/\/widget\/(texts\.json|i18n\/)/, async (route) => {
      await sleep(TEXTS_DELAY_MS);
      textsReleased = true;
      await route.continue();
    });
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(String(error)));
    const started = Date.now();
    await page.goto(`${shop.origin}/slow-texts.html`);
    await page.locator('.sb-launcher').waitFor({ state: 'visible' });
    const shownAfter = Date.now() - started;
    assert.equal(textsReleased, false, `the launcher showed after ${shownAfter} ms, only once the texts had come`);

    // What the panel says in the moment it first shows.
    await page.evaluate(() => {
      const root = document.querySelector('switchboard-widget').shadowRoot;
      const panel = root.querySelector('.sb-panel');
      new MutationObserver((changes, observer) => {
        if (panel.hidden) return;
        window.__firstPanel = { title: root.querySelector('.sb-title').textContent, lang: root.querySelector('.sb-root').getAttribute('lang') };
        observer.disconnect();
      }).observe(panel, { attributes: true, attributeFilter: ['hidden'] });
    });
    await page.locator('.sb-launcher').click();
    assert.equal(textsReleased, false, 'clicked before the texts came');
    assert.equal(await page.locator('.sb-panel').isVisible(), false, 'the panel waits for the texts');
    const texts = await waitForTexts(page, 'the panel open in Chinese', (s) => s.title === '北风咖啡' && s.launcher === '收起聊天');
    assert.deepEqual(await page.evaluate(() => window.__firstPanel), { title: '北风咖啡', lang: 'zh-CN' }, 'the panel showed first in Chinese, with the shop title');
    assert.ok(texts.greeting.some((line) => line.includes('北风咖啡欢迎您（来自服务器设置）。')), "the shop's greeting from the server");
    assert.equal(await page.locator('#sb-name').evaluate((node) => node === node.getRootNode().activeElement), true, 'focus went to the first field');
  });

  test('the pages raised no script errors', () => {
    assert.deepEqual(pageErrors, []);
  });
});
