// Browser tests of the customer widget (resources/widget/) against real switchboard-server
// processes: Debian's Chromium driven by playwright-core, a protocol-v1 test agent in Node.
//
//   SWITCHBOARD_SERVER_BINARY=build/server/switchboard-server node --test widget.test.mjs
//
// Run through ctest as `widget_browser` (tests/widget/run.sh). Missing Chromium or Node fails.
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { chromium } from 'playwright-core';
import {
  CHROMIUM,
  CHROMIUM_ARGS,
  ServerProcess,
  StaticServer,
  TestAgent,
  ensureDir,
  freePort,
  handshakeStatus,
  removeDir,
  shopPage,
  sleep,
  tempDir,
  waitUntil,
} from './harness.mjs';

const SCREENSHOT_DIR = ensureDir(process.env.SCREENSHOT_DIR || path.join(process.cwd(), 'screenshots'));
const ALICE = { login: 'alice', password: 'alice-password-1' };
const BOB = { login: 'bob', password: 'bob-password-12' };
const STEP = { timeout: 90000 };

let tmp;
let server; // the main server: demo page and all the chat
let shop; // pages on other origins
let browser;
let context;
let page;
let alice;
let conversation; // the customer's conversation id, as the agent sees it
const consoleLines = [];
const pageErrors = [];

function watch(p) {
  if (process.env.WIDGET_DEBUG) {
    p.on('websocket', (ws) => {
      ws.on('framesent', (f) => console.log('>>', String(f.payload).slice(0, 200)));
      ws.on('framereceived', (f) => console.log('<<', String(f.payload).slice(0, 200)));
    });
  }
  p.on('console', (message) => consoleLines.push(`${message.type()}: ${message.text()}`));
  p.on('pageerror', (error) => pageErrors.push(String(error)));
  return p;
}

// Everything the widget shows, read from its shadow root.
function widgetState(p) {
  return p.evaluate(() => {
    const host = document.querySelector('switchboard-widget');
    if (!host || !host.shadowRoot) return null;
    const root = host.shadowRoot;
    const q = (selector) => root.querySelector(selector);
    const shown = (node) => node && !node.hidden;
    return {
      open: shown(q('.sb-panel')),
      status: q('.sb-status').textContent,
      notice: shown(q('.sb-notice')) ? q('.sb-notice').textContent : '',
      typing: shown(q('.sb-typing')) ? q('.sb-typing').textContent : '',
      badge: shown(q('.sb-badge')) ? q('.sb-badge').textContent : '',
      prechat: shown(q('.sb-prechat')),
      composer: shown(q('.sb-composer')),
      rating: shown(q('.sb-rating')),
      ratingError: shown(q('.sb-rating .sb-error')) ? q('.sb-rating .sb-error').textContent : '',

      launcherLabel: q('.sb-launcher').getAttribute('aria-label'),
      focused: root.activeElement ? root.activeElement.id || root.activeElement.className : '',
      items: [...root.querySelectorAll('.sb-message, .sb-event')].map((node) => {
        const event = node.classList.contains('sb-event');
        return {
          seq: node.hasAttribute('data-seq') && node.getAttribute('data-seq') !== '' ? Number(node.getAttribute('data-seq')) : null,
          kind: event ? 'event' : node.classList.contains('sb-mine') ? 'mine' : 'theirs',
          text: event ? node.firstChild.textContent : node.querySelector('.sb-text').textContent,
          author: event ? '' : (node.querySelector('.sb-author') || {}).textContent || '',
          status: node.getAttribute('data-status'),
          clientId: node.getAttribute('data-client-id') || '',
        };
      }),
    };
  });
}

async function waitForWidget(p, what, predicate, timeoutMs = 15000) {
  let last = null;
  try {
    return await waitUntil(
      what,
      async () => {
        last = await widgetState(p);
        return last && predicate(last) ? last : null;
      },
      timeoutMs,
      100
    );
  } catch (error) {
    error.message += `\nwidget state: ${JSON.stringify(last, null, 1)}\nconsole: ${consoleLines.slice(-10).join('\n')}`;
    throw error;
  }
}

const item = (state, text) => state.items.find((entry) => entry.text === text);
const count = (state, text) => state.items.filter((entry) => entry.text === text).length;

async function typeAndSend(p, text) {
  const box = p.locator('#sb-input');
  await box.fill(text);
  await box.press('Enter');
}

// The server's history of the conversation and the widget's list must be the same, once each.
async function assertSameHistory(p) {
  const all = await alice.history(conversation);
  const allSeqs = all.map((m) => m.seq);
  assert.deepEqual(allSeqs, allSeqs.map((_, i) => i + 1), 'server seqs run 1..N without gaps');
  const history = all.filter((m) => m.kind !== 'note');
  const seqs = history.map((m) => m.seq);
  const state = await waitForWidget(p, 'the widget to show the whole history', (s) => s.items.filter((i) => i.seq !== null).length >= history.length);
  assert.deepEqual(
    state.items.map((i) => i.seq),
    seqs,
    'the widget shows every stored message exactly once, in order, and nothing unsent'
  );
  assert.deepEqual(
    state.items.map((i) => i.text),
    history.map((m) => m.text)
  );
  const clientIds = history.map((m) => m.client_id);
  assert.equal(new Set(clientIds).size, clientIds.length, 'no client_id stored twice');
  return { history, state };
}

describe('customer widget in Chromium', () => {
  before(async () => {
    assert.ok(existsSync(CHROMIUM), `Chromium is missing at ${CHROMIUM}: run tools/debian-deps.sh test (package chromium)`);
    tmp = tempDir('switchboard-widget-');
    server = new ServerProcess({ dataDir: path.join(tmp, 'main'), port: await freePort(), extraArgs: ['--heartbeat', '3'] });
    await server.addUser(ALICE.login, { name: 'Alice', teams: ['sales'], password: ALICE.password });
    await server.addUser(BOB.login, { name: 'Bob', teams: ['billing'], password: BOB.password });
    await server.start();
    shop = await new StaticServer({}).start();
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    page = watch(await context.newPage());
  });

  after(async () => {
    if (alice) alice.close();
    if (browser) await browser.close();
    if (shop) await shop.stop();
    if (server) await server.stop('SIGKILL');
    removeDir(tmp);
    if (pageErrors.length) console.log('page errors:\n' + pageErrors.join('\n'));
  });

  test('the demo page embeds the widget with one script tag and leaves the page alone', STEP, async () => {
    const response = await page.goto(`${server.httpUrl}/widget/`);
    assert.equal(response.status(), 200);
    await page.locator('.sb-launcher').waitFor({ state: 'visible' });
    const report = await page.evaluate(() => {
      // Globals: compare with a clean window of the same origin.
      const frame = document.createElement('iframe');
      document.body.appendChild(frame);
      const clean = new Set(Object.getOwnPropertyNames(frame.contentWindow));
      const added = Object.getOwnPropertyNames(window).filter((name) => !clean.has(name) && !/^\d+$/.test(name));
      frame.remove();
      const host = document.querySelector('switchboard-widget');
      const launcher = host.shadowRoot.querySelector('.sb-launcher');
      const style = getComputedStyle(launcher);
      return {
        added,
        api: typeof window.SwitchboardWidget.open,
        scripts: document.querySelectorAll('script[src]').length,
        documentStyles: document.querySelectorAll('link, style').length,
        bodyFont: getComputedStyle(document.body).fontFamily,
        launcherFont: style.fontFamily,
        launcherTransform: style.textTransform,
        launcherRadius: style.borderTopLeftRadius,
        launcherWidth: style.width,
      };
    });
    assert.deepEqual(report.added, ['SwitchboardWidget'], 'the only new global is SwitchboardWidget');
    assert.equal(report.api, 'function');
    assert.equal(report.scripts, 1, 'the demo page embeds the widget with one script tag');
    assert.equal(report.documentStyles, 1, 'the widget adds no stylesheet to the page');
    assert.match(report.bodyFont, /Georgia/, "the shop's own font stays the shop's");
    assert.doesNotMatch(report.launcherFont, /Georgia/, "the shop's button styles do not reach the widget");
    assert.equal(report.launcherTransform, 'none');
    assert.equal(report.launcherRadius, '50%');
    assert.equal(report.launcherWidth, '60px');
  });

  test('a customer opens the widget with the keyboard and sends a message', STEP, async () => {
    await page.locator('.sb-launcher').focus();
    await page.keyboard.press('Enter');
    let state = await waitForWidget(page, 'the open panel with the pre-chat form', (s) => s.open && s.prechat && s.focused === 'sb-name');
    assert.equal(state.launcherLabel, 'Minimize chat');
    const aria = await page.evaluate(() => {
      const root = document.querySelector('switchboard-widget').shadowRoot;
      const panel = root.querySelector('.sb-panel');
      return {
        role: panel.getAttribute('role'),
        title: root.getElementById(panel.getAttribute('aria-labelledby')).textContent,
        expanded: root.querySelector('.sb-launcher').getAttribute('aria-expanded'),
        log: root.querySelector('.sb-log').getAttribute('role'),
        labels: [...root.querySelectorAll('label')].map((label) => `${label.htmlFor}:${label.textContent}`),
      };
    });
    assert.deepEqual(
      { role: aria.role, title: aria.title, expanded: aria.expanded, log: aria.log },
      { role: 'dialog', title: 'Northwind Coffee', expanded: 'true', log: 'log' }
    );
    assert.ok(aria.labels.includes('sb-name:Name') && aria.labels.includes('sb-email:E-mail') && aria.labels.includes('sb-input:Message'));

    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'widget-prechat.png') });
    // The whole pre-chat form by keyboard: name, Tab, e-mail, Tab, question, Enter.
    await page.keyboard.type('Ann');
    await page.keyboard.press('Tab');
    await page.keyboard.type('ann@example.com');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Hello! Is the Kochere still in stock?');
    await page.keyboard.press('Enter');
    state = await waitForWidget(
      page,
      'the first message acknowledged, queued, composer focused',
      (s) => item(s, 'Hello! Is the Kochere still in stock?')?.status === 'sent' && /next in line/.test(s.status) && s.focused === 'sb-input'
    );
    assert.equal(state.prechat, false);
    assert.equal(item(state, 'Hello! Is the Kochere still in stock?').seq, 1);

    // Escape closes the panel and gives focus back to the launcher; Enter opens it again.
    await page.keyboard.press('Escape');
    state = await waitForWidget(page, 'the closed panel', (s) => !s.open && /sb-launcher/.test(s.focused));
    await page.keyboard.press('Enter');
    await waitForWidget(page, 'the reopened panel with the composer focused', (s) => s.open && s.focused === 'sb-input');
    const stored = await page.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith('switchboard:')));
    assert.equal(stored.length, 1, 'the visitor token lives in localStorage');
  });

  test('the agent is named once assigned, types, replies, and receipts flow both ways', STEP, async () => {
    alice = new TestAgent(server.wsUrl, ALICE);
    const welcome = await alice.connect();
    const listed = welcome.conversations.find((c) => c.customer && c.customer.name === 'Ann');
    assert.ok(listed, 'the queued conversation is listed for the agent');
    conversation = listed.id;
    assert.equal(listed.customer.email, 'ann@example.com');
    if (listed.state !== 'assigned') await alice.waitFor((m) => m.type === 'assigned' && m.conversation.id === conversation, 10000, 'assigned');

    let state = await waitForWidget(page, 'the agent name', (s) => s.status === 'You are chatting with Alice' && !!item(s, 'Assigned to Alice'));
    assert.equal(item(state, 'Assigned to Alice').kind, 'event', 'system events show as centred lines');

    const history = await alice.history(conversation);
    assert.equal(history.filter((m) => m.text === 'Hello! Is the Kochere still in stock?' && m.from.role === 'customer').length, 1);

    alice.send({ type: 'typing', conversation, active: true });
    await waitForWidget(page, 'the agent typing indicator', (s) => s.typing === 'Alice is typing…');
    const reply = await alice.say(conversation, 'Yes! We roasted a fresh batch this morning.');
    assert.equal(reply.type, 'ack');
    state = await waitForWidget(page, 'the reply', (s) => !!item(s, 'Yes! We roasted a fresh batch this morning.') && !s.typing);
    assert.equal(item(state, 'Yes! We roasted a fresh batch this morning.').author, 'Alice');
    await alice.waitFor((m) => m.type === 'delivered' && m.by === 'customer' && m.seq >= reply.seq, 10000, 'delivered by the customer');
    await alice.waitFor((m) => m.type === 'read' && m.by === 'customer' && m.seq >= reply.seq, 10000, 'read by the customer');

    const mark = alice.inbox.length;
    await page.locator('#sb-input').fill('Great, I will take two bags');
    await alice.waitFor((m) => m.type === 'typing' && m.by === 'customer' && m.active === true, 10000, 'customer typing', mark);
    await page.locator('#sb-input').press('Enter');
    const message = await alice.waitFor((m) => m.type === 'message' && m.text === 'Great, I will take two bags', 10000, 'the second customer message', mark);
    assert.equal(message.from.role, 'customer');
    assert.match(message.client_id, /^[A-Za-z0-9_-]{1,64}$/);
    await alice.waitFor((m) => m.type === 'typing' && m.by === 'customer' && m.active === false, 10000, 'customer typing stopped', mark);

    state = await waitForWidget(page, 'delivered/read ticks before the agent reads', (s) => item(s, 'Great, I will take two bags')?.status === 'sent');
    alice.send({ type: 'delivered', conversation, seq: message.seq });
    await waitForWidget(page, 'the delivered tick', (s) => item(s, 'Great, I will take two bags')?.status === 'delivered');
    alice.send({ type: 'read', conversation, seq: message.seq });
    state = await waitForWidget(page, 'the read tick', (s) => s.items.filter((i) => i.kind === 'mine').every((i) => i.status === 'read'));

    await alice.say(conversation, 'Lovely. Grind size: whole bean or for a filter? Here is our guide: https://example.com/grind');
    state = await waitForWidget(page, 'the link reply', (s) => s.items.length >= 5);
    const link = await page.evaluate(() => {
      const a = document.querySelector('switchboard-widget').shadowRoot.querySelector('.sb-text a');
      return a && { href: a.href, rel: a.rel, text: a.textContent };
    });
    assert.deepEqual(link, { href: 'https://example.com/grind', rel: 'noopener noreferrer nofollow', text: 'https://example.com/grind' });
    // "Still typing" is forwarded at most once a second; "stopped" resets that.
    alice.send({ type: 'typing', conversation, active: false });
    alice.send({ type: 'typing', conversation, active: true });
    await waitForWidget(page, 'typing again for the picture', (s) => !!s.typing);
    const shot = path.join(SCREENSHOT_DIR, 'widget.png');
    await page.screenshot({ path: shot });
    assert.ok(statSync(shot).size > 20000, 'the screenshot has content');
    if (process.env.WIDGET_SCREENSHOT_COPY) copyFileSync(shot, process.env.WIDGET_SCREENSHOT_COPY);
    console.log(`screenshot of the open widget: ${shot}`);
    await page.setViewportSize({ width: 390, height: 760 }); // a phone: the panel fills the screen
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'widget-phone.png') });
    await page.setViewportSize({ width: 1280, height: 800 });
    alice.send({ type: 'typing', conversation, active: false });
  });

  test('notes never reach the customer and HTML renders as text', STEP, async () => {
    await alice.say(conversation, 'VIP customer, offer free shipping', 'note');
    const payload = '<img src=x onerror="window.__sbPwned=1"><b>bold</b><script>window.__sbPwned=2</script>';
    await alice.say(conversation, payload);
    const customerPayload = '<svg onload="window.__sbPwned=3"></svg><a href="javascript:window.__sbPwned=4">click</a>';
    await typeAndSend(page, customerPayload);
    const state = await waitForWidget(page, 'both payloads', (s) => !!item(s, payload) && item(s, customerPayload)?.status === 'sent');
    await sleep(500);
    const dom = await page.evaluate(() => {
      const root = document.querySelector('switchboard-widget').shadowRoot;
      const log = root.querySelector('.sb-log');
      return {
        pwned: window.__sbPwned ?? null,
        injected: log.querySelectorAll('img, b, script, svg:not([aria-hidden]), a[href^="javascript"]').length,
        pageInjected: document.querySelectorAll('img, b').length,
      };
    });
    assert.deepEqual(dom, { pwned: null, injected: 0, pageInjected: 0 });
    assert.equal(count(state, payload), 1);
    assert.equal(state.items.some((i) => /VIP customer/.test(i.text)), false, 'the note is not shown');
  });

  test('a dropped ack or a dropped send still gives exactly one message, with the same client_id', STEP, async () => {
    // A second tab of the same visitor whose WebSocket runs through a proxy we control.
    let mode = 'pass';
    let pings = 0;
    const routed = watch(await context.newPage());
    await routed.routeWebSocket(/\/ws$/, (ws) => {
      const upstream = ws.connectToServer();
      ws.onMessage((frame) => {
        const data = JSON.parse(String(frame));
        if (data.type === 'ping') pings++;
        if (mode === 'drop-send' && data.type === 'send') {
          mode = 'pass';
          ws.close({ code: 1000, reason: 'test drops the send' });
          upstream.close();
          return;
        }
        upstream.send(frame);
      });
      upstream.onMessage((frame) => {
        const data = JSON.parse(String(frame));
        if (mode === 'drop-ack' && data.type === 'ack') {
          mode = 'pass';
          ws.close({ code: 1000, reason: 'test drops the ack' });
          upstream.close();
          return;
        }
        ws.send(frame);
      });
    });
    await routed.goto(`${server.httpUrl}/widget/`);
    await routed.locator('.sb-launcher').click();
    await waitForWidget(routed, 'the second tab to resume the conversation', (s) => s.status === 'You are chatting with Alice' && s.items.length >= 6);

    for (const [which, text] of [
      ['drop-ack', 'Second tab: the ack of this one gets lost'],
      ['drop-send', 'Second tab: this send gets lost on the way'],
    ]) {
      const mark = alice.inbox.length;
      mode = which;
      await typeAndSend(routed, text);
      const state = await waitForWidget(routed, `${text} acknowledged after the reconnect`, (s) => typeof item(s, text)?.seq === 'number', 20000);
      assert.equal(mode, 'pass', `the proxy did ${which}`);
      await sleep(1000);
      const copies = alice.inbox.slice(mark).filter((m) => m.type === 'message' && m.text === text);
      assert.equal(copies.length, 1, `${which}: the agent got the message once`);
      assert.equal(copies[0].client_id, item(state, text).clientId, 'stored under the client_id the widget chose');
      await waitForWidget(page, 'the first tab to show it too', (s) => count(s, text) === 1);
      assert.equal(count(await widgetState(routed), text), 1);
    }
    await waitUntil('the widget to send the app-level ping', () => pings >= 1, 10000);
    await assertSameHistory(routed);
    await routed.close();
  });

  test('the server restarts (SIGTERM, then SIGKILL) and the conversation resumes with nothing lost or doubled', STEP, async () => {
    for (const signal of ['SIGTERM', 'SIGKILL']) {
      await server.stop(signal);
      await waitForWidget(page, 'the reconnecting notice', (s) => /Reconnecting/.test(s.notice));
      const offline = `Typed while the server was down (${signal})`;
      await typeAndSend(page, offline);
      await waitForWidget(page, 'the offline message waiting', (s) => item(s, offline)?.status === 'waiting');
      await sleep(1500); // a few reconnect attempts fail meanwhile
      await server.start();
      await waitForWidget(page, 'the offline message acknowledged', (s) => typeof item(s, offline)?.seq === 'number' && !s.notice, 30000);

      await alice.connect(); // resumes with its token
      const reply = `Back again after ${signal}`;
      await alice.say(conversation, reply);
      await waitForWidget(page, 'the reply after the restart', (s) => !!item(s, reply));
      const { history } = await assertSameHistory(page);
      assert.equal(history.filter((m) => m.text === offline).length, 1, 'the offline message is stored once');
    }
  });

  test('a reload resumes from localStorage and shows the history once', STEP, async () => {
    await page.reload();
    await page.locator('.sb-launcher').waitFor({ state: 'visible' });
    await alice.say(conversation, 'Anything else I can help with?');
    let state = await waitForWidget(page, 'the unread badge on the closed launcher', (s) => !s.open && s.badge === '1');
    assert.match(state.launcherLabel, /1 unread message/);
    await page.locator('.sb-launcher').click();
    state = await waitForWidget(page, 'the badge cleared', (s) => s.open && !s.badge && s.status === 'You are chatting with Alice');
    await assertSameHistory(page);
  });

  test('a conversation that ends while the visitor is away stays ended, and writing again starts a new one', STEP, async () => {
    shop.pages['/sales.html'] = shopPage({ title: 'Sales', src: `${server.httpUrl}/widget/embed.js`, attributes: 'data-team="sales" data-prechat="off"' });
    const other = await browser.newContext();
    const customer = watch(await other.newPage());
    await customer.goto(`${shop.origin}/sales.html`);
    await customer.locator('.sb-launcher').click();
    const mark = alice.inbox.length;
    await typeAndSend(customer, 'Do you ship to Norway?');
    await waitForWidget(customer, 'assignment to Alice', (s) => s.status === 'You are chatting with Alice' && item(s, 'Do you ship to Norway?')?.status === 'sent');
    const assigned = await alice.waitFor((m) => m.type === 'assigned', 10000, 'the new assignment', mark);
    const first = assigned.conversation.id;

    await customer.goto('about:blank'); // the visitor browses elsewhere
    await alice.say(first, 'We do, in 3 to 5 days. Bye!');
    alice.send({ type: 'close', conversation: first });
    await alice.waitFor((m) => m.type === 'conversation' && m.conversation.id === first && m.conversation.state === 'closed', 10000, 'the close');

    const back = alice.inbox.length;
    await customer.goto(`${shop.origin}/sales.html`);
    await customer.locator('.sb-launcher').click();
    let state = await waitForWidget(customer, 'the ended conversation with its last reply', (s) =>
      s.status === 'This chat has ended' && !!item(s, 'We do, in 3 to 5 days. Bye!') && !!item(s, 'Closed by Alice')
    );
    assert.equal(count(state, 'Do you ship to Norway?'), 1);
    await sleep(1500);
    // Resuming a closed conversation makes the server start a new one; the widget closes it.
    for (const frame of alice.inbox.slice(back).filter((m) => m.type === 'assigned')) {
      await alice.waitFor((m) => m.type === 'conversation' && m.conversation.id === frame.conversation.id && m.conversation.state === 'closed', 10000, 'the unwanted conversation closed', back);
    }
    const device = new TestAgent(server.wsUrl, ALICE);
    const open = (await device.connect()).conversations.map((c) => c.id);
    device.close();
    assert.deepEqual(open, [conversation], 'Alice has no other open conversation: the unwanted one was closed');

    await typeAndSend(customer, 'One more thing: gift wrapping?');
    state = await waitForWidget(customer, 'a new conversation', (s) => typeof item(s, 'One more thing: gift wrapping?')?.seq === 'number' && s.status !== 'This chat has ended');
    const divider = await customer.evaluate(() => document.querySelector('switchboard-widget').shadowRoot.querySelectorAll('.sb-divider').length);
    assert.equal(divider, 1, 'a "New conversation" divider separates the two');
    const latest = await alice.waitFor((m) => m.type === 'message' && m.text === 'One more thing: gift wrapping?', 10000, 'the new message');
    assert.notEqual(latest.conversation, first);
    alice.send({ type: 'close', conversation: latest.conversation });
    await waitForWidget(customer, 'the second conversation ended', (s) => s.status === 'This chat has ended');
    await other.close();
  });

  test('when the agent closes the chat the customer rates it once, by keyboard, and the agent sees the rating', STEP, async () => {
    const other = await browser.newContext();
    const customer = watch(await other.newPage());
    await customer.goto(`${shop.origin}/sales.html`);
    await customer.locator('.sb-launcher').click();
    const mark = alice.inbox.length;
    await typeAndSend(customer, 'Can I change my delivery address?');
    const assigned = await alice.waitFor((m) => m.type === 'assigned', 10000, 'the assignment', mark);
    const rated = assigned.conversation.id;
    await waitForWidget(customer, 'assignment to Alice', (s) => s.status === 'You are chatting with Alice');
    assert.equal((await widgetState(customer)).rating, false, 'no rating is asked while the chat is open');
    alice.send({ type: 'close', conversation: rated });
    await waitForWidget(customer, 'the rating form', (s) => s.status === 'This chat has ended' && s.rating);

    const form = await customer.evaluate(() => {
      const root = document.querySelector('switchboard-widget').shadowRoot;
      const rating = root.querySelector('.sb-rating');
      return {
        title: root.getElementById(rating.getAttribute('aria-labelledby')).textContent,
        legend: rating.querySelector('legend').textContent,
        stars: [...rating.querySelectorAll('input[type=radio]')].map((radio) => radio.closest('label').textContent),
        comment: rating.querySelector('label[for="sb-rate-comment"]').textContent,
      };
    });
    assert.deepEqual(form, {
      title: 'How did we do?',
      legend: 'Rate this chat from 1 (poor) to 5 (excellent)',
      stars: ['★1 star', '★2 stars', '★3 stars', '★4 stars', '★5 stars'],
      comment: 'Anything to add? (optional)',
    });
    // Sending without a choice: the browser asks for one (the stars are required); nothing is sent.
    await customer.locator('.sb-rating button[type=submit]').click();
    await sleep(300);
    assert.equal(await customer.evaluate(() => document.querySelector('switchboard-widget').shadowRoot.querySelector('.sb-rating input:invalid') !== null), true);
    assert.ok(!alice.inbox.slice(mark).some((m) => m.type === 'rating'), 'nothing was rated without a choice');
    assert.equal((await widgetState(customer)).rating, true);
    // The keyboard alone: arrows choose among the stars, Tab to the comment, Tab to Send, Enter.
    await customer.locator('.sb-rating input[value="1"]').focus();
    for (let i = 0; i < 3; i++) await customer.keyboard.press('ArrowRight');
    await customer.keyboard.press('Tab');
    await customer.keyboard.type('Quick and friendly');
    await customer.keyboard.press('Tab');
    await customer.screenshot({ path: path.join(SCREENSHOT_DIR, 'widget-rating.png') });
    await customer.keyboard.press('Enter');
    const copy = await alice.waitFor((m) => m.type === 'rating' && m.conversation === rated, 10000, 'the rating at the agent', mark);
    assert.equal(copy.rating, 4);
    assert.equal(copy.comment, 'Quick and friendly');
    const state = await waitForWidget(customer, 'the thanks', (s) => s.notice === 'Thank you for your feedback!' && !s.rating);
    assert.equal(state.ratingError, '');
    await other.close();
  });

  test('with no agent free the customer sees a note and can still leave a message', STEP, async () => {
    shop.pages['/offline.html'] = shopPage({
      title: 'Billing help',
      src: `${server.httpUrl}/widget/embed.js`,
      attributes: 'data-team="billing" data-prechat="off" data-offline-after="2"',
    });
    const other = await browser.newContext({ viewport: { width: 1000, height: 760 } });
    const customer = watch(await other.newPage());
    await customer.goto(`${shop.origin}/offline.html`);
    await customer.locator('.sb-launcher').click();
    let state = await waitForWidget(customer, 'the composer without a pre-chat form', (s) => s.open && s.composer && !s.prechat);
    await typeAndSend(customer, 'Is anyone there? My invoice is wrong.');
    state = await waitForWidget(customer, 'the no-agent note', (s) => /agents are away or busy/.test(s.notice) && item(s, 'Is anyone there? My invoice is wrong.')?.status === 'sent', 20000);
    await typeAndSend(customer, 'Please e-mail me at carl@example.com');
    await waitForWidget(customer, 'the left message', (s) => item(s, 'Please e-mail me at carl@example.com')?.status === 'sent');
    await customer.screenshot({ path: path.join(SCREENSHOT_DIR, 'widget-no-agent.png') });

    // A second visitor waits behind the first one and is told so.
    const third = await browser.newContext();
    const second = watch(await third.newPage());
    await second.goto(`${shop.origin}/offline.html`);
    await second.locator('.sb-launcher').click();
    await typeAndSend(second, 'Me too, please');
    await waitForWidget(second, 'queue position 2', (s) => s.status === 'You are number 2 in the queue');

    const bob = new TestAgent(server.wsUrl, BOB);
    const welcome = await bob.connect();
    let id = welcome.conversations.find((c) => c.team === 'billing')?.id;
    if (!id) id = (await bob.waitFor((m) => m.type === 'assigned', 10000, 'assigned')).conversation.id;
    state = await waitForWidget(customer, 'Bob taking over', (s) => s.status === 'You are chatting with Bob' && !s.notice);
    const texts = (await bob.history(id)).map((m) => m.text);
    assert.ok(texts.includes('Is anyone there? My invoice is wrong.') && texts.includes('Please e-mail me at carl@example.com'));
    bob.close();
    await other.close();
    await third.close();
  });

  test('data-endpoints fails over from a dead server to the next one', STEP, async () => {
    const dead = await freePort(); // nothing listens here
    shop.pages['/failover.html'] = shopPage({
      title: 'Failover',
      src: `${server.httpUrl}/widget/embed.js`,
      attributes: `data-prechat="off" data-endpoints="ws://127.0.0.1:${dead}/ws, ${server.httpUrl}"`,
    });
    const other = await browser.newContext();
    const customer = watch(await other.newPage());
    await customer.goto(`${shop.origin}/failover.html`);
    await customer.locator('.sb-launcher').click();
    await typeAndSend(customer, 'Hello via the second endpoint');
    await waitForWidget(customer, 'the message sent through the second endpoint', (s) => item(s, 'Hello via the second endpoint')?.status === 'sent', 20000);
    await other.close();
  });

  test('an origin that is not on the allow-list is refused with a clear console message', STEP, async () => {
    const foreign = await new StaticServer({}).start();
    const guarded = new ServerProcess({
      dataDir: path.join(tmp, 'guarded'),
      port: await freePort(),
      extraArgs: ['--allowed-origins', shop.origin],
      name: 'guarded server',
    });
    await guarded.start();
    try {
      assert.equal(await handshakeStatus(guarded.wsUrl, 'http://evil.example'), 403, 'the server answers a foreign upgrade with 403');
      assert.equal(await handshakeStatus(guarded.wsUrl, shop.origin), 101);
      const page1 = shopPage({ title: 'Allowed shop', src: `${guarded.httpUrl}/widget/embed.js`, attributes: 'data-prechat="off"' });
      shop.pages['/allowed.html'] = page1;
      foreign.pages['/foreign.html'] = page1.replaceAll('Allowed shop', 'Foreign shop');

      const other = await browser.newContext();
      const allowed = watch(await other.newPage());
      await allowed.goto(`${shop.origin}/allowed.html`);
      await allowed.locator('.sb-launcher').click();
      await typeAndSend(allowed, 'Hello from an allowed origin');
      await waitForWidget(allowed, 'the allowed origin to chat', (s) => item(s, 'Hello from an allowed origin')?.status === 'sent');

      const refusedLines = [];
      const refused = watch(await other.newPage());
      refused.on('console', (message) => {
        if (message.type() === 'error') refusedLines.push(message.text());
      });
      await refused.goto(`${foreign.origin}/foreign.html`);
      await refused.locator('.sb-launcher').click();
      await typeAndSend(refused, 'Hello from a foreign origin');
      const state = await waitForWidget(refused, 'the refusal notice', (s) => /not available on this page/.test(s.notice), 20000);
      assert.equal(item(state, 'Hello from a foreign origin').status, 'waiting', 'nothing was sent');
      await refused.screenshot({ path: path.join(SCREENSHOT_DIR, 'widget-refused.png') });
      const explained = refusedLines.find((line) => line.startsWith('Switchboard widget:'));
      assert.ok(explained, `a console error from the widget; got: ${refusedLines.join(' | ')}`);
      assert.match(explained, new RegExp(`"${foreign.origin.replace(/[.:/]/g, '\\$&')}"`));
      assert.match(explained, /allowed-origins/);
      assert.match(explained, /403/);
      await other.close();
    } finally {
      await guarded.stop();
      await foreign.stop();
    }
  });

  test('the page raised no script errors', () => {
    assert.deepEqual(pageErrors, []);
  });
});
