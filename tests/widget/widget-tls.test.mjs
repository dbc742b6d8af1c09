// The customer widget over TLS (issue 17): the server has a certificate from a throwaway CA
// made here with the openssl command line; Chromium loads the widget's page over https:// and
// its WebSocket goes to wss://. Chromium trusts the certificate's public key alone
// (--ignore-certificate-errors-spki-list, its way of accepting one key it is told about), not
// every certificate.
//
//   SWITCHBOARD_SERVER_BINARY=build/server/switchboard-server node --test widget-tls.test.mjs
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS, ServerProcess, TestAgent, freePort, removeDir, tempDir, waitUntil } from './harness.mjs';

const ALICE = { login: 'alice', password: 'alice-password-1' };
const STEP = { timeout: 90000 };

let tmp;
let server;
let browser;
let page;
let alice;
const sockets = [];

function openssl(args) {
  return execFileSync('openssl', args, { stdio: ['ignore', 'pipe', 'pipe'] });
}

// A CA, and a certificate for localhost and 127.0.0.1 it signs; returns the paths, the CA's
// PEM and the base64 SHA-256 of the server key's SubjectPublicKeyInfo (what Chromium pins).
function makeCertificates(dir) {
  const file = (name) => path.join(dir, name);
  openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', file('ca.key'), '-out', file('ca.pem'), '-days', '2', '-subj', '/CN=Widget Test CA']);
  openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', file('server.key'), '-out', file('server.csr'), '-subj', '/CN=localhost']);
  writeFileSync(file('server.ext'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  openssl(['x509', '-req', '-in', file('server.csr'), '-CA', file('ca.pem'), '-CAkey', file('ca.key'), '-set_serial', '7001', '-days', '2', '-extfile', file('server.ext'), '-out', file('server.pem')]);
  const spki = openssl(['pkey', '-in', file('server.key'), '-pubout', '-outform', 'der']);
  const spkiHash = execFileSync('openssl', ['dgst', '-sha256', '-binary'], { input: spki });
  return { cert: file('server.pem'), key: file('server.key'), ca: readFileSync(file('ca.pem'), 'utf8'), spki: spkiHash.toString('base64') };
}

function widgetState(p) {
  return p.evaluate(() => {
    const host = document.querySelector('switchboard-widget');
    if (!host || !host.shadowRoot) return null;
    const root = host.shadowRoot;
    return {
      status: root.querySelector('.sb-status').textContent,
      items: [...root.querySelectorAll('.sb-message')].map((node) => ({
        text: node.querySelector('.sb-text').textContent,
        status: node.getAttribute('data-status'),
      })),
    };
  });
}

describe('customer widget over https:// and wss://', () => {
  before(async () => {
    tmp = tempDir('switchboard-widget-tls-');
    const tls = makeCertificates(tmp);
    server = new ServerProcess({ dataDir: path.join(tmp, 'data'), port: await freePort(), tls, name: 'TLS server' });
    await server.addUser(ALICE.login, { name: 'Alice', teams: ['sales'], password: ALICE.password });
    await server.start();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [...CHROMIUM_ARGS, `--ignore-certificate-errors-spki-list=${tls.spki}`],
    });
    page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    page.on('websocket', (socket) => sockets.push(socket.url()));
    alice = new TestAgent(server.wsUrl, ALICE, { ca: tls.ca });
    await alice.connect();
  });

  after(async () => {
    if (alice) alice.close();
    if (browser) await browser.close();
    if (server) await server.stop('SIGKILL');
    removeDir(tmp);
  });

  test('the page comes over https:// and the chat over wss://, both ways', STEP, async () => {
    const response = await page.goto(`${server.httpUrl}/widget/`);
    assert.equal(response.status(), 200);
    const security = await response.securityDetails();
    assert.ok(security, 'the page was served over TLS');
    assert.match(security.protocol, /^TLS 1\.[23]$/);
    assert.equal(security.subjectName, 'localhost');

    // The pre-chat form by keyboard, as in widget.test.mjs: name, e-mail, question.
    await page.locator('.sb-launcher').focus();
    await page.keyboard.press('Enter');
    await page.locator('#sb-name').waitFor({ state: 'visible' });
    await page.keyboard.type('Ann');
    await page.keyboard.press('Tab');
    await page.keyboard.type('ann@example.com');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Hello over TLS');
    await page.keyboard.press('Enter');
    await waitUntil('the message acknowledged over wss://', async () => {
      const state = await widgetState(page);
      return state && state.items.some((i) => i.text === 'Hello over TLS' && i.status === 'sent');
    }, 20000, 100);
    assert.ok(sockets.length > 0 && sockets.every((url) => url.startsWith('wss://localhost:')), `WebSockets: ${sockets.join(', ')}`);

    const assigned = await alice.waitFor((m) => m.type === 'assigned', 15000, 'assigned');
    const conversation = assigned.conversation.id ?? assigned.conversation;
    const ack = await alice.say(conversation, 'Hi Ann, this came over wss:// too');
    assert.equal(ack.type, 'ack');
    await waitUntil('the reply in the widget', async () => {
      const state = await widgetState(page);
      return state && state.items.some((i) => i.text === 'Hi Ann, this came over wss:// too');
    }, 15000, 100);
  });

  test('plain http:// on the TLS port gets no page', STEP, async () => {
    const context = await browser.newContext();
    const plain = await context.newPage();
    await assert.rejects(plain.goto(`http://127.0.0.1:${server.port}/widget/`, { timeout: 10000 }));
    await context.close();
  });
});
