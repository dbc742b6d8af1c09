#!/usr/bin/env node
// The widget's budget on a shop's page, measured in Debian's Chromium (playwright-core from
// tests/widget) against a real switchboard-server on loopback:
//
//   (cd tests/widget && npm ci)   # once
//   node bench/widget-budget.mjs --server build/server/switchboard-server [--runs 7] [--json FILE]
//
// For every run and each of the two embeds (the code docs/widget.md offers first, which asks
// for the script at once and runs it after the page's load, and the one-line `<script async>`),
// in a fresh browser
// profile: a first visit (bytes, DOMContentLoaded -> launcher visible, main-thread time against
// the same page without the widget, layout shift), then the visitor writes once, then a repeat
// visit (bytes, launcher, DOMContentLoaded -> WebSocket open) and a reload (the browser
// revalidates: 304s). Then "never in the way": the shop page's `load` event with a chat server
// that accepts connections and never answers, for both embeds. Prints a Markdown report
// (docs/benchmarks.md, "Widget"); medians and maxima over the runs.
import { createRequire } from 'node:module';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CHROMIUM, CHROMIUM_ARGS, ServerProcess, StaticServer, docsEmbedSnippet, freePort, removeDir, tempDir } from '../tests/widget/harness.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const { chromium } = createRequire(path.join(here, '../tests/widget/package.json'))('playwright-core');

function argument(name, fallback) {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 && index + 1 < process.argv.length ? process.argv[index + 1] : fallback;
}
const RUNS = Number(argument('runs', '7'));
const JSON_OUT = argument('json', '');
const STALL_WAIT_MS = 10000;
process.env.SWITCHBOARD_SERVER_BINARY = path.resolve(argument('server', process.env.SWITCHBOARD_SERVER_BINARY || 'build/server/switchboard-server'));

// Recorded in every page before its own scripts run: the moments that matter, in
// performance.now() milliseconds.
function instrument() {
  const m = (window.__budget = { dcl: null, load: null, launcher: null, wsOpen: null, cls: 0, longTaskMs: 0 });
  document.addEventListener('DOMContentLoaded', () => (m.dcl = performance.now()), { once: true });
  addEventListener('load', () => (m.load = performance.now()), { once: true });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) m.cls += entry.value;
  }).observe({ type: 'layout-shift', buffered: true });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) m.longTaskMs += entry.duration;
  }).observe({ type: 'longtask', buffered: true });
  const Native = window.WebSocket;
  window.WebSocket = new Proxy(Native, {
    construct(target, args) {
      const socket = new target(...args);
      socket.addEventListener('open', () => {
        if (m.wsOpen === null) m.wsOpen = performance.now();
      });
      return socket;
    },
  });
  // Visible: laid out and no longer hidden while its stylesheet loads. Checked every frame.
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

const article = Array.from({ length: 12 }, (_, i) => `<p>Paragraph ${i + 1} of the shop's page: beans, grinders, filters and a long line of text so the page has something to shift.</p>`).join('\n');

function page(title, embed) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<style>body{font:16px Georgia,serif;background:#faf7f2;margin:40px}</style></head>
<body><h1>${title}</h1>${article}${embed}</body></html>`;
}

// The embed code docs/widget.md offers first (it adds the script after the page's load event),
// read from there, with these attributes in place of its data-team line.
function loaderSnippet(src, attributes) {
  const sets = Object.entries(attributes)
    .map(([name, value]) => `s.setAttribute('${name}', '${value}');`)
    .join(' ');
  const snippet = docsEmbedSnippet(src);
  const example = /s\.setAttribute\('data-team', 'sales'\);[^\n]*/;
  if (!example.test(snippet)) throw new Error('docs/widget.md: the first embed code no longer sets data-team; update loaderSnippet');
  return snippet.replace(example, sets);
}

const median = (values) => {
  const sorted = values.filter((v) => v !== null && v !== undefined).sort((a, b) => a - b);
  return sorted.length ? sorted[Math.floor((sorted.length - 1) / 2)] : null;
};
const max = (values) => {
  const present = values.filter((v) => v !== null && v !== undefined);
  return present.length ? Math.max(...present) : null;
};

// What one page view fetched from the chat server, from Chromium's own network events.
class NetworkLog {
  constructor(session, port) {
    this.port = String(port);
    this.entries = new Map();
    session.on('Network.requestWillBeSent', (e) => {
      if (new URL(e.request.url).port === this.port && e.type !== 'WebSocket') this.entries.set(e.requestId, { url: e.request.url, cached: false, bytes: 0, status: 0, headers: {}, requestHeaders: e.request.headers });
    });
    session.on('Network.requestServedFromCache', (e) => {
      const entry = this.entries.get(e.requestId);
      if (entry) entry.cached = true;
    });
    session.on('Network.responseReceived', (e) => {
      const entry = this.entries.get(e.requestId);
      if (!entry) return;
      entry.status = e.response.status;
      // An answer read from a cache entry another request is still writing (the embed code's
      // early fetch) is flagged neither way; it came over no connection.
      entry.cached = entry.cached || e.response.fromDiskCache || e.response.fromPrefetchCache || !e.response.connectionId;
      entry.connectionId = e.response.connectionId;
      entry.headers = Object.fromEntries(Object.entries(e.response.headers).map(([k, v]) => [k.toLowerCase(), v]));
    });
    // The status on the wire: a revalidated answer reaches the page as the cached 200.
    session.on('Network.responseReceivedExtraInfo', (e) => {
      const entry = this.entries.get(e.requestId);
      if (entry) entry.wireStatus = e.statusCode;
    });
    session.on('Network.loadingFinished', (e) => {
      const entry = this.entries.get(e.requestId);
      if (entry) entry.bytes = e.encodedDataLength; // on the wire: headers and body
    });
  }

  summary() {
    const files = [...this.entries.values()].filter((e) => /\/widget\/[^/]+$/.test(new URL(e.url).pathname));
    // Chromium's wire status comes in an event of its own that is sometimes missing; a
    // response with fewer bytes on the wire than its body was a revalidation all the same.
    const status = (e) => e.wireStatus || (e.status === 200 && e.bytes > 0 && e.bytes < Number(e.headers['content-length'] || 0) ? 304 : e.status);
    const bodyBytes = (e) => (e.cached || status(e) === 304 ? 0 : Number(e.headers['content-length'] || 0));
    return {
      requests: files.length,
      wireBytes: files.reduce((sum, e) => sum + (e.cached ? 0 : e.bytes), 0),
      bodyBytes: files.reduce((sum, e) => sum + bodyBytes(e), 0),
      statuses: files.map((e) => `${path.basename(new URL(e.url).pathname)} ${e.cached ? 'cache' : status(e)}${e.headers['content-encoding'] ? ' ' + e.headers['content-encoding'] : ''}`).join(', '),
      connections: new Set(files.filter((e) => !e.cached && e.connectionId).map((e) => e.connectionId)).size,
    };
  }
}

async function view(context, url, port) {
  const tab = await context.newPage();
  const session = await context.newCDPSession(tab);
  await session.send('Network.enable');
  await session.send('Performance.enable');
  const log = new NetworkLog(session, port);
  const before = await mainThreadMs(session);
  await tab.goto(url, { waitUntil: 'load' });
  return { tab, session, log, before };
}

async function settle(tab, what) {
  await tab.waitForFunction(what, null, { timeout: 15000, polling: 20 });
  await tab.waitForTimeout(500); // late tasks and shifts land in the numbers too
}

// Main-thread time a trace attributes to the widget: its script (compiling, running, its
// callbacks) and parsing its stylesheet, overlapping events counted once.
function widgetMainThreadMs(events) {
  const mainThreads = new Set(events.filter((e) => e.name === 'thread_name' && e.args && e.args.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  const ours = (e) => {
    const data = (e.args && (e.args.data || e.args.beginData)) || {};
    const url = data.url || data.styleSheetUrl || (e.args && e.args.fileName) || '';
    return /\/widget\/(embed\.js|widget\.css)/.test(url);
  };
  const spans = { script: [], style: [] };
  for (const e of events) {
    if (e.ph !== 'X' || !e.dur || !mainThreads.has(`${e.pid}:${e.tid}`) || !ours(e)) continue;
    (e.name === 'ParseAuthorStyleSheet' ? spans.style : spans.script).push([e.ts, e.ts + e.dur]);
  }
  const merged = (list) => {
    list.sort((a, b) => a[0] - b[0]);
    let total = 0;
    let end = -Infinity;
    for (const [from, to] of list) {
      if (to <= end) continue;
      total += to - Math.max(from, end);
      end = to;
    }
    return total / 1000;
  };
  return { script: merged(spans.script), stylesheet: merged(spans.style) };
}

// Main-thread time of the tab's renderer so far (cumulative; subtract a reading from before).
async function mainThreadMs(session) {
  const { metrics } = await session.send('Performance.getMetrics');
  const value = (name) => (metrics.find((m) => m.name === name) || { value: 0 }).value * 1000;
  return { task: value('TaskDuration'), script: value('ScriptDuration'), layout: value('LayoutDuration') + value('RecalcStyleDuration') };
}

async function budgetRun(browser, shop, server, pagePath) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript(instrument);
  const run = {};

  // The same page without the widget, for the main-thread time the widget adds: the second
  // of two views, so the renderer's start-up is not counted. Both are read 1 s after load.
  const quietSecond = async (tab) => tab.waitForFunction(() => performance.now() - window.__budget.load > 1000, null, { timeout: 15000, polling: 50 });
  let controlThread = null;
  for (let i = 0; i < 2; i++) {
    const control = await view(context, `${shop.origin}/control`, server.port);
    await quietSecond(control.tab);
    const after = await mainThreadMs(control.session);
    controlThread = { task: after.task - control.before.task, script: after.script - control.before.script, layout: after.layout - control.before.layout };
    await control.tab.close();
  }

  // Traced in a profile of its own (tracing costs time too), with a cold cache like the first visit.
  const traceContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await traceContext.addInitScript(instrument);
  const traceTab = await traceContext.newPage();
  await browser.startTracing(traceTab, { categories: ['devtools.timeline', 'v8', 'blink'] });
  await traceTab.goto(`${shop.origin}${pagePath}`, { waitUntil: 'load' });
  await settle(traceTab, () => window.__budget.launcher !== null);
  await quietSecond(traceTab);
  const trace = JSON.parse(String(await browser.stopTracing()));
  await traceContext.close();

  const first = await view(context, `${shop.origin}${pagePath}`, server.port);
  await settle(first.tab, () => window.__budget.launcher !== null);
  await quietSecond(first.tab);
  const firstMarks = await first.tab.evaluate(() => window.__budget);
  const firstThread = await mainThreadMs(first.session);
  run.first = { ...first.log.summary(), launcher: firstMarks.launcher - firstMarks.dcl, cls: firstMarks.cls, longTaskMs: firstMarks.longTaskMs };
  run.first.attributed = widgetMainThreadMs(trace.traceEvents || trace);
  run.first.mainThread = {
    task: firstThread.task - first.before.task - controlThread.task,
    script: firstThread.script - first.before.script - controlThread.script,
    layout: firstThread.layout - first.before.layout - controlThread.layout,
  };

  // The visitor writes once: from now on every page of the shop reconnects at once.
  await first.tab.locator('.sb-launcher').click();
  await first.tab.locator('#sb-input').fill('Do you ship the grinder to Norway?');
  await first.tab.locator('#sb-input').press('Enter');
  await first.tab.waitForFunction(() => {
    const root = document.querySelector('switchboard-widget').shadowRoot;
    const mine = root.querySelector('.sb-message.sb-mine');
    return mine && mine.getAttribute('data-status') === 'sent';
  }, null, { timeout: 15000 });
  await first.tab.close();

  const repeat = await view(context, `${shop.origin}${pagePath}`, server.port);
  await settle(repeat.tab, () => window.__budget.launcher !== null && window.__budget.wsOpen !== null);
  const repeatMarks = await repeat.tab.evaluate(() => window.__budget);
  run.repeat = { ...repeat.log.summary(), launcher: repeatMarks.launcher - repeatMarks.dcl, wsOpen: repeatMarks.wsOpen - repeatMarks.dcl, cls: repeatMarks.cls };

  // After max-age the browser asks again with If-None-Match: what every visit after the
  // first five minutes costs. A no-cache fetch makes it revalidate now.
  const revalidation = new NetworkLog(repeat.session, server.port);
  await repeat.tab.evaluate(async (base) => {
    for (const file of ['embed.js', 'widget.css']) await fetch(base + file, { cache: 'no-cache', mode: 'no-cors', credentials: 'include' });
  }, `${server.httpUrl}/widget/`);
  await repeat.tab.waitForTimeout(1000); // the last network events arrive after the fetch resolves
  run.revalidated = { ...revalidation.summary(), launcher: null, wsOpen: null, cls: null };
  await context.close();
  return run;
}

// How long the shop page's load event takes (from navigation), or null if not within the wait.
async function loadEventMs(browser, url, stalledPort) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript(instrument);
  const tab = await context.newPage();
  const start = Date.now();
  let loaded = null;
  try {
    await tab.goto(url, { waitUntil: 'load', timeout: STALL_WAIT_MS });
    loaded = await tab.evaluate(() => window.__budget.load);
  } catch {
    loaded = null;
  }
  if (loaded !== null) await tab.waitForTimeout(1500); // time for the launcher, if it comes
  const marks = await tab.evaluate(() => window.__budget).catch(() => ({}));
  const widgetShown = await tab.evaluate(() => !!document.querySelector('switchboard-widget')).catch(() => false);
  await context.close();
  const launcher = marks.launcher != null && marks.dcl != null ? marks.launcher - marks.dcl : null;
  return { loaded, launcher, cls: marks.cls ?? null, widgetShown, waitedMs: Date.now() - start, stalledPort };
}

function sizesWith(port, file, encoding) {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: `/widget/${file}`, headers: encoding ? { 'accept-encoding': encoding } : {} }, (response) => {
        let bytes = 0;
        response.on('data', (chunk) => (bytes += chunk.length));
        response.on('end', () => resolve(bytes));
      })
      .on('error', reject);
  });
}

// The whole answer to a revalidation, head included, as raw bytes on the socket.
function notModifiedBytes(port, file, etag) {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () =>
      socket.write(`GET /widget/${file} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept-Encoding: gzip, deflate, br\r\nIf-None-Match: ${etag}\r\nConnection: close\r\n\r\n`)
    );
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk));
    socket.on('end', () => resolve({ bytes: answer.length, status: Number(answer.split(' ')[1]) }));
    socket.on('error', reject);
  });
}

function etagWith(port, file, encoding) {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: `/widget/${file}`, headers: { 'accept-encoding': encoding } }, (response) => {
        response.resume();
        resolve(response.headers.etag);
      })
      .on('error', reject);
  });
}

const fmt = (v, digits = 0) => (v === null || v === undefined ? '—' : Number(v).toFixed(digits));

async function main() {
  const tmp = tempDir('switchboard-widget-budget-');
  const server = new ServerProcess({ dataDir: path.join(tmp, 'data'), port: await freePort() });
  const stalled = net.createServer(() => {}); // accepts, never answers
  const sockets = new Set();
  stalled.on('connection', (socket) => sockets.add(socket));
  await new Promise((resolve) => stalled.listen(0, '127.0.0.1', resolve));
  const stalledPort = stalled.address().port;
  await server.start();
  const script = `${server.httpUrl}/widget/embed.js`;
  const stalledScript = `http://127.0.0.1:${stalledPort}/widget/embed.js`;
  const attributes = { 'data-team': 'sales', 'data-prechat': 'off', 'data-title': 'Northwind Coffee' };
  const tag = (src) => `<script src="${src}" ${Object.entries(attributes).map(([k, v]) => `${k}="${v}"`).join(' ')} async></script>`;
  const shop = await new StaticServer({
    '/control': page('Northwind Coffee', ''),
    '/async': page('Northwind Coffee', tag(script)),
    '/loader': page('Northwind Coffee', loaderSnippet(script, attributes)),
    '/stalled-async': page('Northwind Coffee', tag(stalledScript)),
    '/stalled-loader': page('Northwind Coffee', loaderSnippet(stalledScript, attributes)),
    '/stalled-endpoint': page('Northwind Coffee', tag(script).replace(' async>', ` data-endpoints="ws://127.0.0.1:${stalledPort}/ws" async>`)),
  }).start();
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  const LOAD_PAGES = {
    control: 'without the widget',
    loader: "docs/widget.md's embed code, healthy server",
    'stalled-async': 'one-line `<script async>`, stalled server',
    'stalled-loader': "docs/widget.md's embed code, stalled server",
    'stalled-endpoint': 'one-line `<script async>`, script served, WebSocket endpoint stalled',
  };
  // The two embeds measured in every run, in turn, so both meet the same moments of a busy machine.
  const EMBEDS = { loader: "docs/widget.md's embed code (the default: script fetched at once, run after load)", async: 'one-line `<script async>`' };
  const report = { chromium: browser.version(), runs: { loader: [], async: [] }, sizes: {}, stalled: {} };
  try {
    for (const file of ['embed.js', 'widget.css']) {
      report.sizes[file] = {
        identity: await sizesWith(server.port, file, ''),
        gzip: await sizesWith(server.port, file, 'gzip'),
        br: await sizesWith(server.port, file, 'br'),
        notModified: await notModifiedBytes(server.port, file, await etagWith(server.port, file, 'gzip, deflate, br')),
      };
    }
    for (let i = 0; i < RUNS; i++) {
      for (const embed of Object.keys(EMBEDS)) report.runs[embed].push(await budgetRun(browser, shop, server, `/${embed}`));
      process.stderr.write(`run ${i + 1}/${RUNS} done\n`);
    }
    for (const name of Object.keys(LOAD_PAGES)) {
      const results = [];
      for (let i = 0; i < Math.min(RUNS, 3); i++) results.push(await loadEventMs(browser, `${shop.origin}/${name}`, stalledPort));
      report.stalled[name] = results;
    }
  } finally {
    await browser.close();
    await shop.stop();
    for (const socket of sockets) socket.destroy();
    stalled.close();
    await server.stop();
    removeDir(tmp);
  }
  if (JSON_OUT) writeFileSync(JSON_OUT, JSON.stringify(report, null, 2));

  const s = report.sizes;
  const lines = [];
  lines.push(`Chromium ${report.chromium} headless on loopback, ${RUNS} runs, each in a fresh profile; medians (max).`, '');
  lines.push('| file | as is | gzip | Brotli | a 304, head and all |', '| --- | ---: | ---: | ---: | ---: |');
  for (const file of Object.keys(s)) lines.push(`| ${file} | ${s[file].identity} | ${s[file].gzip} | ${s[file].br} | ${s[file].notModified.status === 304 ? s[file].notModified.bytes : 'not a 304!'} |`);
  const sum = (k) => Object.values(s).reduce((t, f) => t + f[k], 0);
  lines.push(`| together | ${sum('identity')} | ${sum('gzip')} | ${sum('br')} | ${Object.values(s).reduce((t, f) => t + f.notModified.bytes, 0)} |`, '');
  lines.push('| embed | visit | widget bodies (bytes) | on the wire (bytes) | answers | connections | launcher after DCL (ms) | WebSocket open after DCL (ms) | layout shift |');
  lines.push('| --- | --- | ---: | ---: | --- | ---: | ---: | ---: | ---: |');
  for (const [embed, embedLabel] of Object.entries(EMBEDS)) {
    const runs = report.runs[embed];
    const col = (phase, key) => runs.map((r) => r[phase][key]);
    for (const [phase, label] of [['first', 'first'], ['repeat', 'repeat (within max-age)'], ['revalidated', 'after max-age (revalidated)']]) {
      lines.push(`| ${embedLabel} | ${label} | ${fmt(median(col(phase, 'bodyBytes')))} | ${fmt(median(col(phase, 'wireBytes')))} | ${runs[0][phase].statuses} | ${fmt(median(col(phase, 'connections')))} | ${fmt(median(col(phase, 'launcher')), 1)} ${phase === 'revalidated' ? '' : `(${fmt(max(col(phase, 'launcher')), 1)})`} | ${phase === 'revalidated' ? '—' : phase === 'first' ? 'none: nothing connects before the visitor writes' : `${fmt(median(col(phase, 'wsOpen')), 1)} (${fmt(max(col(phase, 'wsOpen')), 1)})`} | ${fmt(max(col(phase, 'cls')), 3)} |`);
    }
  }
  lines.push('');
  for (const [embed, embedLabel] of Object.entries(EMBEDS)) {
    const runs = report.runs[embed];
    const attributed = (k) => runs.map((r) => r.first.attributed[k]);
    const longTasks = runs.map((r) => r.first.longTaskMs);
    // The whole renderer's time with the widget minus without is in the JSON (first.mainThread),
    // but on a shared machine it is mostly noise; the trace's attribution is what we report.
    lines.push(`Main-thread time on a first visit, ${embedLabel}: the trace attributes ${fmt(median(attributed('script')), 1)} ms (max ${fmt(max(attributed('script')), 1)}) to embed.js (compiling, running, its callbacks until 1 s after load) and ${fmt(median(attributed('stylesheet')), 1)} ms (max ${fmt(max(attributed('stylesheet')), 1)}) to parsing widget.css. Long tasks (over 50 ms) on the page: ${fmt(median(longTasks), 0)} ms (max ${fmt(max(longTasks), 0)}).`, '');
  }
  lines.push(`| shop page | its load event (ms after navigation) | launcher after DCL (ms) | layout shift |`, '| --- | ---: | ---: | ---: |');
  for (const [name, results] of Object.entries(report.stalled)) {
    const loads = results.map((r) => r.loaded);
    const notFired = loads.filter((l) => l === null).length;
    lines.push(`| ${LOAD_PAGES[name]} | ${notFired ? `not within ${STALL_WAIT_MS / 1000} s (${notFired}/${loads.length})` : `${fmt(median(loads), 1)} (${fmt(max(loads), 1)})`} | ${results.some((r) => r.launcher !== null) ? fmt(median(results.map((r) => r.launcher)), 1) : results.some((r) => r.widgetShown) ? 'not visible' : 'no widget'} | ${fmt(max(results.map((r) => r.cls)), 3)} |`);
  }
  console.log(lines.join('\n'));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
