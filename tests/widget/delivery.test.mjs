// Browser tests of how the widget reaches a shop's page (issue 22): compression, validators and
// caching, keep-alive, and a chat server that is slow or stalls. Debian's Chromium driven by
// playwright-core against a real switchboard-server; run by tests/widget/run.sh with
// widget.test.mjs.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS, ServerProcess, StaticServer, docsEmbedSnippet, freePort, removeDir, sleep, tempDir, waitUntil } from './harness.mjs';

const WIDGET_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../resources/widget');
const STEP = { timeout: 90000 };
const BUDGET_BYTES = 15 * 1024; // embed.js plus widget.css, compressed (docs/benchmarks.md)
const SLOW_MS = 2500;

let tmp;
let server;
let shop;
let browser;
let stalled; // accepts connections and never answers
let slow; // answers through to the real server after SLOW_MS
const stalledSockets = new Set(); // every socket of both, closed at the end
let stalledAccepted = 0;

function shopPage(embed) {
  const text = Array.from({ length: 8 }, (_, i) => `<p>Paragraph ${i + 1}: beans, grinders and filters.</p>`).join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop</title></head><body><h1>Northwind Coffee</h1>${text}${embed}</body></html>`;
}

// Records, before the page's own scripts, when load fired, layout shifts, and launcher visibility.
function instrument() {
  const m = (window.__marks = { load: null, launcher: null, cls: 0 });
  addEventListener('load', () => (m.load = performance.now()), { once: true });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) m.cls += entry.value;
  }).observe({ type: 'layout-shift', buffered: true });
  const poll = () => {
    const host = document.querySelector('switchboard-widget');
    const launcher = host && host.shadowRoot && host.shadowRoot.querySelector('.sb-launcher');
    if (launcher && launcher.getBoundingClientRect().width > 0 && getComputedStyle(launcher).visibility === 'visible') {
      m.launcher = performance.now();
      return;
    }
    requestAnimationFrame(poll);
  };
  requestAnimationFrame(poll);
}

// The chat server's widget requests of one tab, from Chromium's network events.
async function networkLog(context, tab) {
  const session = await context.newCDPSession(tab);
  await session.send('Network.enable');
  const entries = new Map();
  session.on('Network.requestWillBeSent', (e) => {
    if (new URL(e.request.url).port === String(server.port)) entries.set(e.requestId, { url: e.request.url, requestHeaders: e.request.headers, cached: false });
  });
  session.on('Network.requestServedFromCache', (e) => entries.has(e.requestId) && (entries.get(e.requestId).cached = true));
  session.on('Network.responseReceived', (e) => {
    const entry = entries.get(e.requestId);
    if (!entry) return;
    entry.status = e.response.status;
    entry.cached = entry.cached || e.response.fromDiskCache;
    entry.connectionId = e.response.connectionId;
    entry.headers = Object.fromEntries(Object.entries(e.response.headers).map(([k, v]) => [k.toLowerCase(), v]));
  });
  // What went on the wire; these may arrive before the events above.
  const sent = new Map();
  const wireStatus = new Map();
  session.on('Network.requestWillBeSentExtraInfo', (e) => sent.set(e.requestId, Object.fromEntries(Object.entries(e.headers).map(([k, v]) => [k.toLowerCase(), v]))));
  session.on('Network.responseReceivedExtraInfo', (e) => wireStatus.set(e.requestId, e.statusCode));
  const find = (file) =>
    [...entries.entries()]
      .filter(([, e]) => new URL(e.url).pathname.endsWith(file))
      .map(([id, e]) => ({ ...e, sentHeaders: sent.get(id) || {}, wireStatus: wireStatus.get(id) }));
  return { entries, find, session };
}

async function launcherVisible(tab, timeout = 10000) {
  await tab.waitForFunction(() => window.__marks.launcher !== null, null, { timeout, polling: 50 });
}

// A raw HTTP/1.1 exchange on one socket: sends each request once the previous answer is in.
function rawExchange(port, requests) {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const answers = [];
    let buffer = Buffer.alloc(0);
    let index = 0;
    const sendNext = () => socket.write(requests[index]);
    socket.on('connect', sendNext);
    socket.on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        const end = buffer.indexOf('\r\n\r\n');
        if (end < 0) return;
        const head = buffer.subarray(0, end).toString('latin1');
        const status = Number(head.split(' ')[1]);
        const length = Number((/\r\ncontent-length: *(\d+)/i.exec(head) || [0, 0])[1]);
        const isHead = requests[index].startsWith('HEAD ');
        const bodyLength = status === 304 || isHead ? 0 : length;
        if (buffer.length < end + 4 + bodyLength) return;
        answers.push({ head, status, body: buffer.subarray(end + 4, end + 4 + bodyLength) });
        buffer = buffer.subarray(end + 4 + bodyLength);
        if (++index < requests.length) sendNext();
        else resolve({ answers, socket });
      }
    });
    socket.on('error', reject);
  });
}

// A widget file as the server sends it to a client that accepts no compression: the source
// without its comments and indentation (server/src/http/servedtext.h).
function plainBody(file) {
  return new Promise((resolve, reject) => {
    http.get({ host: '127.0.0.1', port: server.port, path: `/widget/${file}` }, (response) => {
      const chunks = [];
      response.on('data', (chunk) => chunks.push(chunk));
      response.on('end', () => (response.headers['content-encoding'] ? reject(new Error('compressed without being asked')) : resolve(Buffer.concat(chunks))));
    }).on('error', reject);
  });
}

const header = (head, name) => (new RegExp(`\\r\\n${name}: *([^\\r]*)`, 'i').exec(head) || [null, null])[1];

describe('how the widget reaches a shop page', () => {
  before(async () => {
    tmp = tempDir('switchboard-widget-delivery-');
    server = new ServerProcess({ dataDir: path.join(tmp, 'data'), port: await freePort(), name: 'delivery server' });
    await server.start();
    stalled = net.createServer((socket) => {
      stalledAccepted++;
      stalledSockets.add(socket);
      socket.on('error', () => {});
    });
    await new Promise((resolve) => stalled.listen(0, '127.0.0.1', resolve));
    slow = net.createServer((client) => {
      client.on('error', () => {});
      stalledSockets.add(client);
      setTimeout(() => {
        const upstream = net.connect(server.port, '127.0.0.1');
        upstream.on('error', () => client.destroy());
        client.pipe(upstream);
        upstream.pipe(client);
      }, SLOW_MS);
    });
    await new Promise((resolve) => slow.listen(0, '127.0.0.1', resolve));
    const script = `${server.httpUrl}/widget/embed.js`;
    shop = await new StaticServer({
      '/embedded': shopPage(docsEmbedSnippet(script)),
      '/async': shopPage(`<script src="${script}" data-team="sales" async></script>`),
      '/control': shopPage(''),
      // The embed code docs/widget.md offers first, against a stalled and a slow server.
      '/stalled': shopPage(docsEmbedSnippet(`http://127.0.0.1:${stalled.address().port}/widget/embed.js`)),
      '/slow': shopPage(docsEmbedSnippet(`http://127.0.0.1:${slow.address().port}/widget/embed.js`)),
    }).start();
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  });

  after(async () => {
    if (browser) await browser.close();
    if (shop) await shop.stop();
    for (const socket of stalledSockets) socket.destroy();
    if (stalled) stalled.close();
    if (slow) slow.close();
    if (server) await server.stop();
    removeDir(tmp);
  });

  test('a first visit gets the script and stylesheet compressed, with validators, within the budget, on one connection', STEP, async () => {
    const context = await browser.newContext();
    await context.addInitScript(instrument);
    const tab = await context.newPage();
    const log = await networkLog(context, tab);
    await tab.goto(`${shop.origin}/embedded`);
    await launcherVisible(tab);
    // And /healthz from the page, as the widget asks it when the server refuses it.
    await tab.evaluate((url) => fetch(url, { mode: 'no-cors', credentials: 'include' }), `${server.httpUrl}/healthz`);
    await waitUntil('the network events of all three', () => ['embed.js', 'widget.css', '/healthz'].every((f) => log.find(f).some((e) => e.connectionId !== undefined && e.sentHeaders['accept-encoding'])), 5000);
    let budget = 0;
    for (const file of ['embed.js', 'widget.css']) {
      const [entry] = log.find(file);
      assert.ok(entry, `${file} was fetched`);
      assert.equal(entry.status, 200);
      assert.match(entry.sentHeaders['accept-encoding'] || '', /\bbr\b/, 'Chromium offers Brotli to localhost');
      assert.equal(entry.headers['content-encoding'], 'br', `${file} comes Brotli-compressed`);
      assert.equal(entry.headers.vary, 'Accept-Encoding');
      assert.match(entry.headers.etag, /^"[A-Za-z0-9_-]+-br"$/, 'a strong ETag of the Brotli representation');
      assert.equal(entry.headers['cache-control'], 'public, max-age=300');
      budget += Number(entry.headers['content-length']);
    }
    assert.ok(budget <= BUDGET_BYTES, `embed.js + widget.css are ${budget} bytes compressed, over the ${BUDGET_BYTES}-byte budget`);
    // The embed code asks for the script while the page loads and runs it after load: one
    // download, the script element served from the browser's cache.
    const scripts = log.find('embed.js');
    assert.equal(scripts.length, 2, `the early request and the script element: ${JSON.stringify(scripts.map((e) => e.status))}`);
    // (Chromium does not flag an answer read from a cache entry still being written as cached;
    // one that went on the wire has the request headers it sent.)
    const onWire = scripts.filter((e) => Object.keys(e.sentHeaders).length > 0);
    assert.equal(onWire.length, 1, `embed.js came over the network once: ${JSON.stringify(scripts.map((e) => [e.status, e.connectionId, Object.keys(e.sentHeaders).length]))}`);
    const [health] = log.find('/healthz');
    assert.equal(health.status, 200);
    // (The widget reads texts.json with credentials: 'omit', which Chromium sends on a
    // connection of its own, apart from those that may carry cookies.)
    const shared = ['embed.js', 'widget.css', '/healthz'].map((file) => log.find(file)[0]);
    const connections = new Set(shared.map((e) => e.connectionId));
    assert.equal(connections.size, 1, `the script, the stylesheet and /healthz share one connection: ${JSON.stringify(shared.map((e) => [e.url, e.connectionId]))}`);
    const [texts] = log.find('texts.json');
    assert.ok(texts, 'the widget asked for the shop texts');
    assert.equal(texts.headers['cache-control'], 'public, max-age=300', 'texts.json is cached like the files');
    assert.match(texts.headers.etag || '', /^"[A-Za-z0-9_-]+"$/);
    assert.equal(await tab.evaluate(() => window.__marks.cls), 0, 'no layout shift on the host page');
    await context.close();
  });

  test('a browser that offers only gzip gets gzip, and the widget works from it', STEP, async () => {
    const context = await browser.newContext({ extraHTTPHeaders: { 'accept-encoding': 'gzip, deflate' } });
    await context.addInitScript(instrument);
    const tab = await context.newPage();
    const log = await networkLog(context, tab);
    await tab.goto(`${shop.origin}/async`);
    await launcherVisible(tab);
    const [script] = log.find('embed.js');
    assert.equal(script.headers['content-encoding'], 'gzip');
    assert.match(script.headers.etag, /-gzip"$/);
    // The same bytes as the file, through a real gzip decoder (not zlib's own format).
    const fromServer = await new Promise((resolve, reject) => {
      http.get({ host: '127.0.0.1', port: server.port, path: '/widget/embed.js', headers: { 'accept-encoding': 'gzip' } }, (response) => {
        const chunks = [];
        response.on('data', (chunk) => chunks.push(chunk));
        response.on('end', () => resolve({ headers: response.headers, body: Buffer.concat(chunks) }));
      }).on('error', reject);
    });
    assert.equal(fromServer.headers['content-encoding'], 'gzip');
    const plain = await plainBody('embed.js');
    assert.deepEqual(gunzipSync(fromServer.body), plain);
    // What is sent is the source without its comments and indentation, and nothing else.
    const source = readFileSync(path.join(WIDGET_DIR, 'embed.js'), 'utf8');
    const codeLines = (text) => text.split('\n').map((line) => line.trim()).filter((line) => line && !line.startsWith('//'));
    assert.ok(plain.length < source.length * 0.9, `sent ${plain.length} of ${source.length} bytes`);
    assert.deepEqual(codeLines(plain.toString('utf8')), codeLines(source.replace(/^\s*\/\*[^]*?\*\/[ \t]*$/gm, '')));
    await context.close();
  });

  test('a repeat visit takes the files and the shop texts from the cache; a revalidation gets 304 without a body; HEAD is GET without the body', STEP, async () => {
    const context = await browser.newContext();
    await context.addInitScript(instrument);
    const first = await context.newPage();
    await first.goto(`${shop.origin}/async`);
    await launcherVisible(first);
    await first.close();

    const repeat = await context.newPage();
    const log = await networkLog(context, repeat);
    await repeat.goto(`${shop.origin}/async`);
    await launcherVisible(repeat);
    for (const file of ['embed.js', 'widget.css', 'texts.json']) {
      const entries = log.find(file);
      assert.equal(entries.length, 1);
      assert.ok(entries[0].cached, `${file} came from the browser's cache, not the network`);
    }
    // After max-age the browser asks with If-None-Match; a no-cache fetch makes it ask now.
    log.entries.clear();
    const ok = await repeat.evaluate((url) => fetch(url, { cache: 'no-cache', mode: 'no-cors', credentials: 'include' }).then((r) => r.type), `${server.httpUrl}/widget/embed.js`);
    assert.equal(ok, 'opaque');
    // Chromium reports what went on the wire in events of their own, sometimes late.
    const [revalidation] = await waitUntil('the revalidation on the wire', () => {
      const found = log.find('embed.js');
      return found.length && found[0].wireStatus !== undefined && found[0].sentHeaders['if-none-match'] ? found : null;
    }, 5000);
    assert.match(revalidation.sentHeaders['if-none-match'] || '', /-br"$/, 'the browser revalidates with the ETag it got');
    assert.equal(revalidation.wireStatus, 304, 'the server answers 304 Not Modified');
    await context.close();

    const tagged = await rawExchange(server.port, ['GET /widget/widget.css HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\n\r\n']);
    tagged.socket.destroy();
    const etag = header(tagged.answers[0].head, 'etag');
    const { answers, socket } = await rawExchange(server.port, [
      `GET /widget/widget.css HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\nIf-None-Match: ${etag}\r\n\r\n`,
      `GET /widget/widget.css HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\nIf-None-Match: "another"\r\n\r\n`,
      'HEAD /widget/widget.css HTTP/1.1\r\nHost: x\r\nAccept-Encoding: br\r\n\r\n',
      'GET /widget/widget.css HTTP/1.1\r\nHost: x\r\nAccept-Encoding: br\r\n\r\n',
    ]);
    socket.destroy();
    const [notModified, changed, head, get] = answers;
    assert.equal(notModified.status, 304);
    assert.equal(header(notModified.head, 'etag'), etag);
    assert.equal(header(notModified.head, 'content-length'), null, 'a 304 has no body and says no length');
    assert.equal(changed.status, 200);
    const plainCss = await plainBody('widget.css');
    assert.deepEqual(gunzipSync(changed.body), plainCss);
    assert.equal(head.status, 200);
    assert.equal(head.body.length, 0);
    assert.equal(head.head, get.head, 'HEAD answers with the very head of GET');
    assert.deepEqual(brotliDecompressSync(get.body), plainCss);
  });

  test('HTTP/1.1 connections stay open for the next request, close after a short idle time, and are capped per address', STEP, async () => {
    const { answers, socket } = await rawExchange(server.port, ['GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n', 'GET /widget/embed.js HTTP/1.1\r\nHost: x\r\n\r\n', 'GET /readyz HTTP/1.1\r\nHost: x\r\n\r\n']);
    assert.deepEqual(answers.map((a) => a.status), [200, 200, 200], 'three answers on one connection');
    assert.deepEqual(answers.map((a) => header(a.head, 'connection')), ['keep-alive', 'keep-alive', 'keep-alive']);
    const closedAfter = await new Promise((resolve) => {
      const idleFrom = Date.now();
      socket.on('close', () => resolve(Date.now() - idleFrom));
    });
    assert.ok(closedAfter >= 4000 && closedAfter <= 8000, `an idle kept connection is closed after about 5 s (took ${closedAfter} ms)`);

    // Requests sent back to back in one write (pipelined) are answered in order.
    const pipelined = await new Promise((resolve, reject) => {
      const client = net.connect(server.port, '127.0.0.1', () =>
        client.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nHEAD /widget/widget.css HTTP/1.1\r\nHost: x\r\n\r\nGET /readyz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')
      );
      let text = '';
      client.on('data', (chunk) => (text += chunk.toString('latin1')));
      client.on('end', () => resolve(text));
      client.on('error', reject);
    });
    assert.deepEqual([...pipelined.matchAll(/HTTP\/1\.1 (\d+)/g)].map((m) => m[1]), ['200', '200', '200']);
    assert.match(pipelined, /^HTTP\/1\.1 200 OK[^]*\r\n\r\nok\n/, '/healthz first');
    assert.match(pipelined, /"ready":true[^]*$/, '/readyz last, then the server closed as asked');

    // Connection: close and HTTP/1.0 are honoured.
    const closing = await rawExchange(server.port, ['GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n']);
    assert.equal(header(closing.answers[0].head, 'connection'), 'close');
    closing.socket.destroy();
    const old = await rawExchange(server.port, ['GET /healthz HTTP/1.0\r\n\r\n']);
    assert.equal(header(old.answers[0].head, 'connection'), 'close');
    old.socket.destroy();

    // One address keeps at most 8 connections open; the ninth is answered and closed.
    const kept = [];
    for (let i = 0; i < 9; i++) kept.push(await rawExchange(server.port, ['GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n']));
    const verdicts = kept.map((k) => header(k.answers[0].head, 'connection'));
    assert.deepEqual(verdicts, [...Array(8).fill('keep-alive'), 'close']);
    for (const k of kept) k.socket.destroy();
    await sleep(300);
    const again = await rawExchange(server.port, ['GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n']);
    assert.equal(header(again.answers[0].head, 'connection'), 'keep-alive', 'closed connections give their place back');
    again.socket.destroy();
  });

  test('a chat server that accepts and stalls costs the page nothing: load fires on time, nothing shifts, nothing shows', STEP, async () => {
    const timeLoad = async (pagePath) => {
      const context = await browser.newContext();
      await context.addInitScript(instrument);
      const tab = await context.newPage();
      await tab.goto(`${shop.origin}${pagePath}`, { waitUntil: 'load', timeout: 5000 });
      await sleep(1000);
      const marks = await tab.evaluate(() => window.__marks);
      const widget = await tab.evaluate(() => !!document.querySelector('switchboard-widget'));
      const heading = await tab.locator('h1').isVisible();
      await context.close();
      return { ...marks, widget, heading };
    };
    const control = await timeLoad('/control');
    const stalledPage = await timeLoad('/stalled');
    assert.ok(stalledPage.load !== null && stalledPage.load < control.load + 1000, `load fired at ${stalledPage.load} ms (control ${control.load} ms)`);
    assert.equal(stalledPage.cls, 0);
    assert.equal(stalledPage.widget, false, 'no half-made widget');
    assert.equal(stalledPage.heading, true);
    assert.ok(stalledAccepted > 0, 'the browser did reach the stalled server');
  });

  test('a slow chat server: load fires on time and the launcher appears once the server answers', STEP, async () => {
    const context = await browser.newContext();
    await context.addInitScript(instrument);
    const tab = await context.newPage();
    const started = Date.now();
    await tab.goto(`${shop.origin}/slow`, { waitUntil: 'load', timeout: 5000 });
    const loadedAfter = Date.now() - started;
    assert.ok(loadedAfter < SLOW_MS, `load fired after ${loadedAfter} ms, not after the slow server's ${SLOW_MS} ms`);
    assert.equal(await tab.evaluate(() => window.__marks.launcher), null, 'no launcher before the server answers');
    await launcherVisible(tab, 15000);
    const marks = await tab.evaluate(() => window.__marks);
    assert.ok(marks.launcher >= SLOW_MS - 100, `the launcher came at ${marks.launcher} ms, when the server answered`);
    assert.equal(marks.cls, 0, 'the launcher appearing late shifts nothing');
    await context.close();
  });
});
