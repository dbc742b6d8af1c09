// Test harness for the widget's browser tests: real switchboard-server processes, a tiny static
// web server for "shop" pages on other origins, a protocol-v1 test agent, and Chromium.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';

export const CHROMIUM = process.env.CHROMIUM_BINARY || '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox', // we run as root in CI
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function serverBinary() {
  const binary = process.env.SWITCHBOARD_SERVER_BINARY;
  if (!binary) throw new Error('set SWITCHBOARD_SERVER_BINARY to the switchboard-server binary');
  if (!existsSync(binary)) throw new Error(`no server binary at ${binary}`);
  return binary;
}

export function tempDir(prefix) {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function removeDir(dir) {
  if (dir && !process.env.KEEP_TEMP) rmSync(dir, { recursive: true, force: true });
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export async function waitUntil(what, predicate, timeoutMs = 10000, stepMs = 50) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await predicate();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(stepMs);
  }
}

// `ca` (PEM text): ask over https:// trusting that CA, as a TLS server answers nothing else.
function httpStatus(port, pathName, ca) {
  return new Promise((resolve) => {
    const get = ca ? https.get : http.get;
    const options = ca ? { host: 'localhost', port, path: pathName, timeout: 2000, ca } : { host: '127.0.0.1', port, path: pathName, timeout: 2000 };
    const request = get(options, (response) => {
      response.resume();
      resolve(response.statusCode);
    });
    request.on('error', () => resolve(0));
    request.on('timeout', () => {
      request.destroy();
      resolve(0);
    });
  });
}

function run(binary, args, input) {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(output) : reject(new Error(`${path.basename(binary)} ${args.join(' ')} exited ${code}: ${output}`))));
    child.stdin.end(input ?? '');
  });
}

// One real switchboard-server: its own data directory and port, restartable on both. With
// `tls` ({ cert, key, ca }: file paths and the CA's PEM text) it serves https:// and wss:// only.
export class ServerProcess {
  constructor({ dataDir, port, extraArgs = [], name = 'server', tls = null }) {
    this.tls = tls;
    this.binary = serverBinary();
    this.dataDir = dataDir;
    this.port = port;
    this.extraArgs = extraArgs;
    this.name = name;
    this.child = null;
    this.log = '';
  }

  async addUser(login, { role = 'agent', name, teams = [], password }) {
    const args = ['user', 'add', login, '--role', role, '--password-stdin', '--data', this.dataDir];
    if (name) args.push('--name', name);
    for (const team of teams) args.push('--team', team);
    await run(this.binary, args, `${password}\n`);
  }

  get httpUrl() {
    return this.tls ? `https://localhost:${this.port}` : `http://127.0.0.1:${this.port}`;
  }

  get wsUrl() {
    return this.tls ? `wss://localhost:${this.port}/ws` : `ws://127.0.0.1:${this.port}/ws`;
  }

  async start() {
    const tlsArgs = this.tls ? ['--tls-cert', this.tls.cert, '--tls-key', this.tls.key] : [];
    const args = ['--listen', `127.0.0.1:${this.port}`, '--data', this.dataDir, '--log-format', 'json', ...tlsArgs, ...this.extraArgs];
    const child = spawn(this.binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    this.exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
    const keep = (chunk) => {
      this.log += chunk;
      if (this.log.length > 400000) this.log = this.log.slice(-200000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    let exited = false;
    this.exited.then(() => (exited = true));
    await waitUntil(
      `${this.name} to answer /readyz`,
      async () => {
        if (exited) throw new Error(`${this.name} exited during start-up:\n${this.log.slice(-4000)}`);
        return (await httpStatus(this.port, '/readyz', this.tls?.ca)) === 200;
      },
      20000,
      50
    );
  }

  async stop(signal = 'SIGTERM') {
    if (!this.child) return;
    const child = this.child;
    this.child = null;
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), 10000);
    await this.exited;
    clearTimeout(timer);
  }

  logTail(chars = 3000) {
    return this.log.slice(-chars);
  }
}

// Pages for other origins: a static server that serves fixed HTML strings.
export class StaticServer {
  constructor(pages) {
    this.pages = pages;
    this.server = http.createServer((request, response) => {
      const pathName = new URL(request.url, 'http://x').pathname;
      const body = this.pages[pathName];
      if (body === undefined) {
        response.writeHead(404, { 'content-type': 'text/plain' });
        response.end('not found\n');
        return;
      }
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      response.end(body);
    });
  }

  async start() {
    this.port = await freePort();
    await new Promise((resolve) => this.server.listen(this.port, '127.0.0.1', resolve));
    return this;
  }

  get origin() {
    return `http://127.0.0.1:${this.port}`;
  }

  stop() {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

// A test agent speaking protocol v1 over the `ws` package. Keeps every frame it received.
// `ca` (PEM text) is the one CA it trusts for a wss:// URL.
export class TestAgent {
  constructor(url, credentials, { ca } = {}) {
    this.ca = ca;
    this.url = url;
    this.credentials = credentials;
    this.inbox = [];
    this.token = null;
    this.waiters = new Set();
  }

  async connect({ origin } = {}) {
    this.inbox = [];
    const socket = new WebSocket(this.url, { ...(origin ? { origin } : {}), ...(this.ca ? { ca: this.ca } : {}) });
    this.socket = socket;
    socket.on('message', (data) => {
      let frame;
      try {
        frame = JSON.parse(String(data));
      } catch {
        return;
      }
      this.inbox.push(frame);
      for (const waiter of [...this.waiters]) waiter();
    });
    socket.on('close', () => {
      for (const waiter of [...this.waiters]) waiter();
    });
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
      socket.once('unexpected-response', (request, response) => reject(new Error(`handshake answered ${response.statusCode}`)));
    });
    const hello = this.token
      ? { type: 'hello', v: 1, role: 'agent', token: this.token }
      : { type: 'hello', v: 1, role: 'agent', login: this.credentials.login, password: this.credentials.password };
    this.send(hello);
    const welcome = await this.waitFor((m) => m.type === 'welcome' || m.type === 'error', 15000, 'welcome');
    if (welcome.type !== 'welcome') throw new Error(`agent sign-in failed: ${JSON.stringify(welcome)}`);
    this.token = welcome.token;
    this.welcome = welcome;
    return welcome;
  }

  send(object) {
    this.socket.send(JSON.stringify(object));
  }

  get open() {
    return this.socket && this.socket.readyState === WebSocket.OPEN;
  }

  // Resolves with the first frame (from `since` on) that matches.
  waitFor(predicate, timeoutMs = 10000, what = 'a frame', since = 0) {
    return new Promise((resolve, reject) => {
      const check = () => {
        for (let i = since; i < this.inbox.length; i++) {
          if (predicate(this.inbox[i])) {
            cleanup();
            resolve(this.inbox[i]);
            return true;
          }
        }
        return false;
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`agent timed out after ${timeoutMs} ms waiting for ${what}; last frames: ${JSON.stringify(this.inbox.slice(-6))}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      this.waiters.add(check);
      check();
    });
  }

  // Sends and waits for the ack; returns it.
  async say(conversation, text, kind = 'text') {
    const clientId = `agent-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
    const mark = this.inbox.length;
    this.send({ type: 'send', conversation, client_id: clientId, text, kind });
    return this.waitFor((m) => (m.type === 'ack' || m.type === 'error') && (m.client_id === clientId || m.ref === clientId), 10000, `ack of ${clientId}`, mark);
  }

  // Every stored message of a conversation, via sync from the start.
  async history(conversation) {
    const mark = this.inbox.length;
    this.send({ type: 'sync', conversation, after_seq: 0, limit: 1000 });
    await this.waitFor((m) => m.type === 'synced' && m.conversation === conversation, 10000, 'synced', mark);
    const end = this.inbox.findIndex((m, i) => i >= mark && m.type === 'synced' && m.conversation === conversation);
    return this.inbox.slice(mark, end).filter((m) => m.type === 'message' && m.conversation === conversation);
  }

  close() {
    if (this.socket) this.socket.terminate();
  }
}

// Tries a raw WebSocket handshake with a given Origin and reports the HTTP status.
export function handshakeStatus(url, origin) {
  return new Promise((resolve) => {
    const socket = new WebSocket(url, { origin });
    socket.on('open', () => {
      socket.terminate();
      resolve(101);
    });
    socket.on('unexpected-response', (request, response) => {
      resolve(response.statusCode);
      request.destroy();
    });
    socket.on('error', () => resolve(0));
  });
}

export function shopPage({ src, attributes = '', title = 'Shop' }) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<style>body{font:16px Georgia,serif;background:#faf7f2;margin:40px}button{border-radius:0}</style></head>
<body><h1>${title}</h1><p>A page on another origin that embeds the widget.</p>
<script src="${src}" ${attributes} async></script></body></html>`;
}

// The embed code docs/widget.md offers first (the one a shop owner copies), for the script at
// src: the first ```html block there, with its example address replaced. The tests load shop
// pages with it, so they check what the docs tell shops to paste.
const DOCS_EXAMPLE_SCRIPT = 'https://chat.example.com/widget/embed.js';
export function docsEmbedSnippet(src) {
  const docs = readFileSync(new URL('../../docs/widget.md', import.meta.url), 'utf8');
  const block = /```html\n([\s\S]*?)```/.exec(docs);
  if (!block || !block[1].includes(DOCS_EXAMPLE_SCRIPT)) throw new Error(`docs/widget.md: no html block with ${DOCS_EXAMPLE_SCRIPT}`);
  return block[1].split(DOCS_EXAMPLE_SCRIPT).join(src);
}

export function ensureDir(dir) {
  mkdirSync(dir, { recursive: true });
  return dir;
}

export function writeText(file, text) {
  writeFileSync(file, text);
}
