#!/usr/bin/env node
// An independent load client for bench/compare: W1's closed loop written again in Node.js on
// the `ws` package (the one the node-ws peer uses), sharing no code with switchboard-bench.
// bench/compare runs it against each in-memory peer in the same run as switchboard-bench: if
// this client gets more acked messages/s out of a peer than switchboard-bench does, the load
// generator is the limit, not the server.
//
//   NODE_PATH=<dir holding ws> node bench/independent-client.js --url ws://127.0.0.1:PORT/ws \
//       --idle N --agents M --active P --window W --warmup S --seconds S [--message-bytes N]
//       [--agent-prefix LOGIN] [--agent-password PASSWORD] [--phase-timeout S]
//       [--server-pid PID]
//
// Agents sign in, then active customers, then idle ones (connects 512 at a time); each active
// customer keeps W messages in flight and sends the next on each ack, agents answer every
// message with a `delivered` receipt. Prints one JSON line: acked and delivered per second over
// the measured seconds (after the warm-up), ack and delivery milliseconds (p50, p99), this
// process's CPU seconds in the measured window (and the server's, from /proc/PID/stat, with
// --server-pid), the connections held and the errors counted.
'use strict';
const fs = require('fs');
const WebSocket = require('ws');

function parseArguments(argv) {
  const options = {
    url: 'ws://127.0.0.1:8420/ws', idle: 0, agents: 1, active: 1, window: 1, warmup: 1,
    seconds: 10, 'message-bytes': 64, 'agent-prefix': 'bench-agent-',
    'agent-password': 'bench-password', 'phase-timeout': 120, 'server-pid': 0,
  };
  for (let i = 0; i < argv.length; i += 2) {
    const name = argv[i].replace(/^--/, '');
    if (!(name in options) || i + 1 >= argv.length) {
      process.stderr.write(`independent-client: unknown option or missing value: ${argv[i]}\n`);
      process.exit(2);
    }
    const value = argv[i + 1];
    if (typeof options[name] === 'number') {
      const number = Number(value);
      if (!Number.isFinite(number) || number < 0) {
        process.stderr.write(`independent-client: --${name} expects a number, got "${value}"\n`);
        process.exit(2);
      }
      options[name] = number;
    } else {
      options[name] = value;
    }
  }
  if (!/^ws:\/\/127\.\d+\.\d+\.\d+:\d+\//.test(options.url)) {
    process.stderr.write('independent-client: --url must be ws://127.x.x.x:PORT/... (loopback)\n');
    process.exit(2);
  }
  return options;
}

const options = parseArguments(process.argv.slice(2));
const text = 'x'.repeat(options['message-bytes']);
const errors = {};
const countError = (what) => { errors[what] = (errors[what] || 0) + 1; };
const now = () => Number(process.hrtime.bigint()) / 1e6; // ms
const sockets = [];
let assigned = 0;
let sending = false;
let measuring = false;
let acked = 0;
let delivered = 0;
const ackMs = [];
const deliveryMs = [];
const sentAt = new Map(); // client_id -> ms, until acked and delivered
const deliveredIds = new Set();

function open(role, index) {
  return new Promise((resolve) => {
    const ws = new WebSocket(options.url, { perMessageDeflate: false });
    ws.role = role;
    ws.index = index;
    ws.inFlight = 0;
    ws.next = 0;
    let settled = false;
    const done = (ok) => { if (!settled) { settled = true; resolve(ok); } };
    ws.on('open', () => {
      const hello = role === 'agent'
        ? { type: 'hello', v: 1, role: 'agent', login: options['agent-prefix'] + index,
            password: options['agent-password'] }
        : { type: 'hello', v: 1, role: 'customer', token: null, name: `${role} ${index}` };
      ws.send(JSON.stringify(hello));
    });
    ws.on('message', (data) => {
      let frame;
      try { frame = JSON.parse(data); } catch { countError('bad_json'); return; }
      switch (frame.type) {
        case 'welcome':
          if (role === 'agent') ws.send('{"type":"status","state":"available"}');
          sockets.push(ws);
          done(true);
          break;
        case 'assigned': ++assigned; break;
        case 'ack': onAck(ws, frame); break;
        case 'message': if (role === 'agent') onMessage(ws, frame); break;
        case 'error': countError(`error_${frame.code}`); break;
        default: break;
      }
    });
    ws.on('error', () => { countError(settled ? 'socket' : 'connect'); done(false); });
    ws.on('close', () => { if (sending) countError('closed'); done(false); });
  });
}

function sendNext(ws) {
  if (!sending || ws.readyState !== WebSocket.OPEN || ws.inFlight >= options.window) return;
  const id = `a${ws.index}-${ws.next++}`;
  ++ws.inFlight;
  sentAt.set(id, now());
  ws.send(`{"type":"send","client_id":"${id}","text":"${text}"}`);
}

function onAck(ws, frame) {
  const started = sentAt.get(frame.client_id);
  if (started === undefined) return;
  if (measuring) { ++acked; ackMs.push(now() - started); }
  if (deliveredIds.delete(frame.client_id)) sentAt.delete(frame.client_id);
  else sentAt.set(frame.client_id, -started - 1); // acked: kept (negative) until delivered
  --ws.inFlight;
  sendNext(ws);
}

function onMessage(ws, frame) {
  const stamp = sentAt.get(frame.client_id);
  if (stamp !== undefined) {
    const started = stamp < 0 ? -stamp - 1 : stamp;
    if (measuring) { ++delivered; deliveryMs.push(now() - started); }
    if (stamp < 0) sentAt.delete(frame.client_id);
    else deliveredIds.add(frame.client_id);
  }
  ws.send(`{"type":"delivered","conversation":"${frame.conversation}","seq":${frame.seq}}`);
}

async function connectAll(role, count) {
  let next = 0;
  const deadline = now() + options['phase-timeout'] * 1000;
  const worker = async () => {
    while (next < count && now() < deadline) await open(role, next++);
  };
  await Promise.all(Array.from({ length: Math.min(512, count) }, worker));
}

function percentile(samples, p) {
  if (!samples.length) return 0;
  samples.sort((a, b) => a - b);
  const index = Math.min(samples.length - 1, Math.ceil(p * samples.length) - 1);
  return Math.round(samples[Math.max(0, index)] * 100) / 100;
}

// utime + stime of a process in seconds (the name in parentheses may hold spaces); -1 if gone.
function processCpuSeconds(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // USER_HZ is 100 on Linux
  } catch {
    return -1;
  }
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function main() {
  await connectAll('agent', options.agents);
  await connectAll('active', options.active);
  const assignDeadline = now() + 5000;
  while (options.agents > 0 && assigned < options.active && now() < assignDeadline) await sleep(10);
  await connectAll('idle', options.idle);
  const held = sockets.length;
  sending = true;
  for (const ws of sockets) {
    if (ws.role === 'active') for (let i = 0; i < options.window; ++i) sendNext(ws);
  }
  await sleep(options.warmup * 1000);
  measuring = true;
  const cpuBefore = process.cpuUsage();
  const serverBefore = options['server-pid'] ? processCpuSeconds(options['server-pid']) : -1;
  const started = now();
  await sleep(options.seconds * 1000);
  measuring = false;
  const seconds = (now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const serverAfter = options['server-pid'] ? processCpuSeconds(options['server-pid']) : -1;
  sending = false;
  const report = {
    client: 'node-ws-independent', connections_held: held,
    acked_per_s: Math.round(acked / seconds), delivered_per_s: Math.round(delivered / seconds),
    ack_ms: { p50: percentile(ackMs, 0.5), p99: percentile(ackMs, 0.99), samples: ackMs.length },
    delivery_ms: { p50: percentile(deliveryMs, 0.5), p99: percentile(deliveryMs, 0.99),
      samples: deliveryMs.length },
    cpu: { window_s: Math.round(seconds * 1000) / 1000, acked, delivered,
      client_s: Math.round((cpu.user + cpu.system) / 1000) / 1000,
      servers: serverBefore >= 0 && serverAfter >= 0
        ? [{ pid: options['server-pid'], total_s: Math.round((serverAfter - serverBefore) * 1000) / 1000 }]
        : [] },
    errors,
  };
  process.stdout.write(JSON.stringify(report) + '\n');
  for (const ws of sockets) ws.terminate();
  process.exit(0);
}

main().catch((error) => { process.stderr.write(`independent-client: ${error}\n`); process.exit(1); });
