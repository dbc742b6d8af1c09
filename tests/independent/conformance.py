#!/usr/bin/env python3
"""Black-box conformance test of a Switchboard server against /work/shared/PROTOCOL.md.

    python3 conformance.py --server-binary PATH [--keep-data] [--verbose]

Written from the protocol specification alone (not from the server's sources). It starts the
server itself on a free port with a fresh data directory, creates two accounts through the
server's command line, runs named checks that each print `PASS name` or `FAIL name: reason`,
stops the server (SIGTERM, then SIGKILL after 10 s) and prints `N passed, M failed` last.
Exit status 0 only if every check passed.

Standard library only (Python 3.11). Comments marked ASSUMPTION record how an ambiguous
sentence of PROTOCOL.md was read (always the most literal reading).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.parse
from types import SimpleNamespace
from typing import Any, Callable

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import protocol_client as pc  # noqa: E402
import wsclient  # noqa: E402

TS_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")
# ASSUMPTION: "<32 hex>" accepts either letter case (W3C trace ids are lowercase).
TRACE_RE = re.compile(r"^[0-9a-fA-F]{32}$")
HEX_RE = re.compile(r"^[0-9a-fA-F]+$")
B64_CHARS = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/_-")
ACK_KEYS = {"type", "client_id", "conversation", "seq", "ts"}


# --------------------------------------------------------------------------- check runner
class Failure(Exception):
    """A check's assertion failed; the message is the reason printed after FAIL."""


def expect(cond: Any, reason: str) -> None:
    if not cond:
        raise Failure(reason)


def need(value: Any, what: str) -> Any:
    """A prerequisite from an earlier step; fail (not crash) when it is missing."""
    if value is None:
        raise Failure(f"prerequisite missing: {what} (an earlier step failed)")
    return value


def short(obj: Any, n: int = 300) -> str:
    try:
        s = json.dumps(obj, ensure_ascii=False, sort_keys=True)
    except (TypeError, ValueError):
        s = repr(obj)
    return s if len(s) <= n else s[:n] + "…"


class Suite:
    def __init__(self, verbose: bool = False):
        self.passed: list[str] = []
        self.failed: list[tuple[str, str]] = []
        self.skipped: list[str] = []
        self.skip_prefixes: list[str] = []
        self.verbose = verbose

    def record(self, name: str, ok: bool, reason: str = "") -> bool:
        if ok:
            self.passed.append(name)
            print(f"PASS {name}", flush=True)
        else:
            self.failed.append((name, reason))
            print(f"FAIL {name}: {reason}", flush=True)
        return ok

    def check(self, name: str, fn: Callable[[], Any]) -> Any:
        """Run fn; PASS if it returns, FAIL with the reason if it raises. Returns fn's result
        (True when fn returned None) on success and None on failure."""
        if any(name.startswith(p) for p in self.skip_prefixes):
            # Only ever by an explicit --skip on the command line, printed, and counted.
            self.skipped.append(name)
            print(f"SKIP {name}: excluded with --skip", flush=True)
            return None
        try:
            result = fn()
        except Failure as e:
            self.record(name, False, str(e))
            return None
        except pc.ProtocolError as e:
            self.record(name, False, f"unexpected server error: {short(e.msg) if e.msg else e}")
            return None
        except pc.WaitTimeout as e:
            self.record(name, False, f"timeout: {e}")
            return None
        except wsclient.ConnectionClosed as e:
            self.record(name, False, f"connection closed unexpectedly (code {e.code} {e.reason})")
            return None
        except Exception as e:  # a bug in the server's answers or in this script
            if self.verbose:
                traceback.print_exc()
            self.record(name, False, f"{type(e).__name__}: {e}")
            return None
        self.record(name, True)
        return True if result is None else result


# --------------------------------------------------------------------------- server control
def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http_get(port: int, path: str, timeout: float = 5.0,
             host: str = "127.0.0.1") -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        conn.request("GET", path)
        r = conn.getresponse()
        body = r.read()
        return r.status, {k.lower(): v for k, v in r.getheaders()}, body
    finally:
        conn.close()


class Server:
    def __init__(self, binary: str, data_dir: str, port: int, extra_args: list[str]):
        self.binary = binary
        self.data_dir = data_dir
        self.port = port
        self.extra_args = extra_args
        self.proc: subprocess.Popen | None = None
        root = os.path.dirname(os.path.abspath(data_dir))
        self.stdout_path = os.path.join(root, "server.stdout.log")
        self.stderr_path = os.path.join(root, "server.stderr.log")
        self._out = self._err = None

    def add_user(self, login: str, role: str, name: str, team: str,
                 password: str) -> subprocess.CompletedProcess:
        cmd = [self.binary, "user", "add", login, "--role", role, "--name", name,
               "--team", team, "--password-stdin", "--data", self.data_dir]
        return subprocess.run(cmd, input=password + "\n", capture_output=True, text=True,
                              timeout=30)

    def start(self) -> None:
        cmd = [self.binary, "--listen", f"127.0.0.1:{self.port}", "--data", self.data_dir,
               "--log-format", "json"] + self.extra_args
        self._out = open(self.stdout_path, "wb")
        self._err = open(self.stderr_path, "wb")
        self.proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=self._out,
                                     stderr=self._err)

    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def wait_healthy(self, timeout: float) -> str | None:
        """None when /healthz answers 200, else why not."""
        deadline = time.monotonic() + timeout
        last = "no answer"
        while time.monotonic() < deadline:
            if not self.running():
                return f"server exited with status {self.proc.returncode if self.proc else '?'}"
            try:
                status, _, _ = http_get(self.port, "/healthz", timeout=1.0)
                if status == 200:
                    return None
                last = f"/healthz answered {status}"
            except OSError as e:
                last = f"{type(e).__name__}: {e}"
            time.sleep(0.1)
        return f"not healthy after {timeout:.0f}s ({last})"

    def terminate(self) -> float:
        """Send SIGTERM (if running); returns the monotonic time it was sent."""
        t = time.monotonic()
        if self.running():
            self.proc.send_signal(signal.SIGTERM)
        return t

    def wait_exit(self, deadline: float) -> tuple[bool, int | None]:
        """Wait until deadline for exit; SIGKILL if still running. Returns (exited_in_time, rc)."""
        if self.proc is None:
            return True, None
        try:
            rc = self.proc.wait(timeout=max(0.0, deadline - time.monotonic()))
            in_time = True
        except subprocess.TimeoutExpired:
            self.proc.kill()
            rc = self.proc.wait()
            in_time = False
        for f in (self._out, self._err):
            if f:
                f.close()
        return in_time, rc

    def stop(self) -> None:
        if self.running():
            t = self.terminate()
            self.wait_exit(t + 10.0)
        else:
            self.wait_exit(time.monotonic())

    def log_lines(self) -> list[tuple[str, str]]:
        out = []
        for label, path in (("stdout", self.stdout_path), ("stderr", self.stderr_path)):
            try:
                with open(path, "rb") as f:
                    for line in f.read().decode("utf-8", "replace").splitlines():
                        out.append((label, line))
            except OSError:
                pass
        return out


# --------------------------------------------------------------------------- helpers
def token_entropy_ok(tok: Any) -> tuple[bool, str]:
    """>=128 bits: at least 32 hex digits, or at least 22 base64/base64url characters."""
    if not isinstance(tok, str) or not tok:
        return False, f"token is not a non-empty string: {tok!r}"
    if HEX_RE.fullmatch(tok):
        return len(tok) >= 32, f"hex token of {len(tok)} digits (< 32)"
    n = sum(1 for ch in tok if ch in B64_CHARS)
    return n >= 22, f"token has only {n} base64 characters (< 22)"


def is_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def is_ts(v: Any) -> bool:
    return isinstance(v, str) and bool(TS_RE.match(v))


def msg_conv(m: dict) -> Any:
    """The conversation id of a message (a string) or of an `assigned`/`conversation` (object)."""
    c = m.get("conversation")
    return c.get("id") if isinstance(c, dict) else c


def is_system(m: dict) -> bool:
    return isinstance(m.get("from"), dict) and m["from"].get("role") == "system"


# --------------------------------------------------------------------------- the checks
def run_checks(S: Suite, ctx: SimpleNamespace) -> None:
    port = ctx.port
    url = ctx.ws_url
    base_url = url[:-len("/ws")] if url.endswith("/ws") else url.rstrip("/")

    def get(path: str) -> tuple[int, dict[str, str], bytes]:
        return http_get(port, path, host=ctx.host)

    T = ctx.timeout          # how long to wait for something that must arrive
    Q = ctx.quiet            # how long to watch for something that must NOT arrive
    st = ctx.state
    mark = st.mark

    def conn(name: str, **kw) -> pc.Client:
        c = pc.connect(url, name=name, timeout=T, **kw)
        st.clients.append(c)
        return c

    def seen(seq: Any) -> None:
        if is_int(seq):
            st.last1 = max(st.last1, seq)

    def latest() -> int:
        """The newest seq of conversation 1 known from any ack or message any client received.
        (Its assigned agent sees every sequenced message, notes and events included, so a seq
        check against latest() + 1 detects gaps without cascading after one surprise.)"""
        best = st.last1
        for c in st.clients:
            for m in c.received:
                if m.get("type") in ("message", "ack") and m.get("conversation") == st.conv1 \
                        and is_int(m.get("seq")):
                    best = max(best, m["seq"])
        return best

    def customer_visible() -> set[int]:
        s = set()
        for c in (st.c1, getattr(st, "c1b", None)):
            if c is None:
                continue
            for m in c.received:
                if m.get("type") in ("message", "ack") and (msg_conv(m) == st.conv1) \
                        and is_int(m.get("seq")):
                    s.add(m["seq"])
        return s

    # ---------------------------------------------------------------- HTTP endpoints
    def http_status(path: str, want: int) -> Callable[[], None]:
        def f() -> None:
            status, _, body = get(path)
            expect(status == want, f"GET {path} answered {status}, expected {want}: {body[:200]!r}")
        return f

    S.check("http_healthz_200", http_status("/healthz", 200))
    S.check("http_readyz_200", http_status("/readyz", 200))

    def t_metrics() -> None:
        status, hdrs, body = get("/metrics")
        expect(status == 200, f"GET /metrics answered {status}")
        text = body.decode("utf-8", "replace")
        lines = [ln for ln in text.splitlines() if ln and not ln.startswith("#")]
        expect(any(ln.startswith("switchboard_") for ln in lines),
               "no sample line starts with switchboard_")
        st.metrics_ctype = hdrs.get("content-type", "")
    S.check("http_metrics_200_switchboard_prefix", t_metrics)

    def t_metrics_ctype() -> None:
        ct = need(getattr(st, "metrics_ctype", None), "/metrics answer")
        # Prometheus text exposition is served as text/plain (version=0.0.4) or OpenMetrics.
        expect(ct.startswith("text/plain") or ct.startswith("application/openmetrics-text"),
               f"Content-Type {ct!r}")
    S.check("http_metrics_content_type", t_metrics_ctype)

    S.check("http_unknown_path_404", http_status(f"/no-such-path-{mark}", 404))
    S.check("http_widget_200", http_status("/widget/", 200))
    S.check("http_widget_embed_js_200", http_status("/widget/embed.js", 200))

    # A connection that never says hello: checked near the end for close 4000 (10 s rule).
    def t_idle_open() -> None:
        st.idle = conn("idle")
        st.idle_t0 = time.monotonic()
    S.check("ws_handshake_101_accept_verified", t_idle_open)

    # ---------------------------------------------------------------- handshake details
    def t_deflate() -> None:
        c = conn("deflate", offer_deflate=True)
        ext = c.ws.response_headers.get("sec-websocket-extensions", "")
        c.close()
        expect("permessage-deflate" not in ext.lower(),
               f"server accepted permessage-deflate ({ext!r}); PROTOCOL.md says it is off")
    S.check("ws_permessage_deflate_declined", t_deflate)

    def t_origin() -> None:
        # ASSUMPTION: the server is started without an Origin allow-list, and PROTOCOL.md only
        # refuses foreign origins "when one is set", so any Origin must be accepted here.
        c = conn("origin", origin="https://shop.example")
        c.close()
    S.check("ws_origin_accepted_without_allowlist", t_origin)

    def t_ws_other_path() -> None:
        # ASSUMPTION: "anything else 404" covers WebSocket upgrades on paths other than /ws.
        try:
            c = pc.connect(f"{base_url}/not-ws-{mark}", name="badpath", timeout=T)
        except wsclient.HandshakeError as e:
            expect(e.status == 404, f"upgrade on another path answered {e.status}")
            return
        c.close()
        raise Failure("upgrade on a path other than /ws was accepted (101)")
    S.check("ws_upgrade_other_path_404", t_ws_other_path)

    # ---------------------------------------------------------------- authentication
    def error_then_close(base: str, send: Callable[[pc.Client], None], code: str,
                         close_code: int) -> None:
        c = None
        err: dict | None = None
        why = ""
        try:
            c = conn(base)
            send(c)
            err = c.wait_for("error", timeout=T)
        except wsclient.ConnectionClosed as e:
            why = f"connection closed (code {e.code}) without an error message"
        except Exception as e:
            why = f"{type(e).__name__}: {e}"
        if err is not None:
            S.record(f"{base}_error_{code}", err.get("code") == code,
                     f"got error {short(err)}")
        else:
            S.record(f"{base}_error_{code}", False, why)
        if c is None:
            S.record(f"{base}_close_{close_code}", False, why)
            return
        try:
            cc = c.wait_closed(T)
        except Exception as e:
            cc = f"{type(e).__name__}: {e}"
        S.record(f"{base}_close_{close_code}", cc == close_code,
                 f"close code {cc} (None: still open after {T:.0f}s)")

    # "Any message before hello: error unauthenticated"; the error table says closed 1008.
    error_then_close("before_hello", lambda c: c.send({"type": "ping"}), "unauthenticated", 1008)
    error_then_close("hello_v2",
                     lambda c: c.send({"type": "hello", "v": 2, "role": "customer", "token": None}),
                     "unsupported_version", 1008)
    error_then_close("wrong_password",
                     lambda c: c.send({"type": "hello", "v": 1, "role": "agent", "login": "alice",
                                       "password": st.wrong_pw}),
                     "unauthenticated", 1008)
    error_then_close("unknown_agent_token",
                     lambda c: c.send({"type": "hello", "v": 1, "role": "agent",
                                       "token": "bogus" + secrets.token_urlsafe(24)}),
                     "unauthenticated", 1008)
    # ASSUMPTION: "unknown or revoked token" applies to customer tokens as well (the sentence
    # is not limited to agents); an unknown customer token must not silently start a new visitor.
    error_then_close("unknown_customer_token",
                     lambda c: c.send({"type": "hello", "v": 1, "role": "customer",
                                       "token": "bogus" + secrets.token_urlsafe(24)}),
                     "unauthenticated", 1008)

    # ---------------------------------------------------------------- customer 1 welcome
    def t_c1_hello() -> dict:
        st.c1 = conn("customer1")
        w = st.c1.hello_customer(name="Ann", email=st.email, page="https://shop.example/cart",
                                 team="sales")
        expect(w.get("v") == 1, f"v is {w.get('v')!r}")
        expect(w.get("role") == "customer", f"role is {w.get('role')!r}")
        expect(isinstance(w.get("token"), str), "token missing")
        expect(is_int(w.get("heartbeat_s")) and w["heartbeat_s"] > 0,
               f"heartbeat_s is {w.get('heartbeat_s')!r}")
        expect(isinstance(w.get("node"), str) and w["node"], f"node is {w.get('node')!r}")
        conv = w.get("conversation")
        expect(isinstance(conv, dict), f"conversation is {conv!r}")
        expect(isinstance(conv.get("id"), str) and conv["id"], f"conversation.id {conv.get('id')!r}")
        expect(is_int(conv.get("seq")) and conv["seq"] == 0,
               f"conversation.seq of a new conversation is {conv.get('seq')!r}, expected 0")
        expect(isinstance(conv.get("epoch"), str) and conv["epoch"],
               f"conversation.epoch {conv.get('epoch')!r}")
        expect(isinstance(conv.get("state"), str), f"conversation.state {conv.get('state')!r}")
        st.tokens.append(w["token"])
        st.conv1, st.epoch1, st.tok1 = conv["id"], conv["epoch"], w["token"]
        return w
    w1 = S.check("welcome_customer_fields", t_c1_hello)

    def t_c1_entropy() -> None:
        ok, why = token_entropy_ok(need(st.tok1, "customer welcome"))
        expect(ok, why)
    S.check("welcome_customer_token_128_bits", t_c1_entropy)

    def t_c1_queued() -> None:
        conv = need(w1 if isinstance(w1, dict) else None, "customer welcome")["conversation"]
        # Nobody is connected as an agent yet, so the new conversation waits in the queue.
        expect(conv.get("state") == "queued", f"state {conv.get('state')!r}, expected queued")
        qp = conv.get("queue_position")
        expect(is_int(qp) and qp >= 1, f"queue_position {qp!r}, expected a positive integer")
    S.check("welcome_customer_queued", t_c1_queued)

    # ---------------------------------------------------------------- agent alice welcome
    def t_a1_hello() -> dict:
        st.a1 = conn("alice")
        w = st.a1.hello_agent("alice", st.alice_pw)
        expect(w.get("v") == 1, f"v is {w.get('v')!r}")
        expect(w.get("role") == "agent", f"role is {w.get('role')!r}")
        expect(is_int(w.get("heartbeat_s")) and w["heartbeat_s"] > 0,
               f"heartbeat_s {w.get('heartbeat_s')!r}")
        expect(isinstance(w.get("node"), str) and w["node"], f"node {w.get('node')!r}")
        ag = w.get("agent")
        expect(isinstance(ag, dict), f"agent is {ag!r}")
        expect(ag.get("login") == "alice", f"agent.login {ag.get('login')!r}")
        expect(ag.get("name") == "Alice", f"agent.name {ag.get('name')!r}")
        expect(ag.get("role") == "agent", f"agent.role {ag.get('role')!r}")
        expect(isinstance(ag.get("teams"), list) and "sales" in ag["teams"],
               f"agent.teams {ag.get('teams')!r}")
        expect(isinstance(w.get("conversations"), list),
               f"conversations is {w.get('conversations')!r}")
        st.toka = w.get("token")
        st.tokens.append(st.toka)
        return w
    S.check("welcome_agent_fields", t_a1_hello)

    def t_a1_entropy() -> None:
        ok, why = token_entropy_ok(need(st.toka, "agent welcome"))
        expect(ok, why)
    S.check("welcome_agent_token_128_bits", t_a1_entropy)

    # ---------------------------------------------------------------- routing: assignment
    # ASSUMPTION: the initial agent status is not specified, so the test sets it explicitly.
    if st.a1 is not None:
        try:
            st.a1.set_status("available")
        except Exception:
            pass

    def t_assigned() -> None:
        a1 = need(st.a1, "agent connection")
        conv1 = need(st.conv1, "customer conversation")
        m = a1.wait_for("assigned", lambda m: msg_conv(m) == conv1, timeout=T)
        c = m["conversation"]
        expect(is_int(c.get("seq")), f"assigned conversation.seq {c.get('seq')!r}")
        expect(c.get("epoch") == st.epoch1, f"assigned epoch {c.get('epoch')!r} != {st.epoch1!r}")
        expect(c.get("state") == "assigned", f"assigned conversation.state {c.get('state')!r}")
        cust = c.get("customer")
        expect(isinstance(cust, dict) and cust.get("name") == "Ann",
               f"assigned conversation.customer {cust!r}")
        seen(c.get("seq"))
    S.check("assignment_agent_receives_assigned", t_assigned)

    def t_cust_update() -> None:
        c1 = need(st.c1, "customer connection")
        m = c1.wait_for("conversation", lambda m: msg_conv(m) == st.conv1
                        and m["conversation"].get("state") == "assigned", timeout=T)
        ag = m["conversation"].get("agent")
        expect(isinstance(ag, dict) and ag.get("name") == "Alice",
               f"conversation.agent {ag!r}, expected name Alice")
    S.check("assignment_customer_conversation_update", t_cust_update)

    def t_assign_event() -> None:
        # "Assignment, transfer and closing are system messages with kind event, sequenced".
        # ASSUMPTION: the customer is one of the connections "that may see it".
        c1 = need(st.c1, "customer connection")
        m = c1.wait_for("message", lambda m: msg_conv(m) == st.conv1 and is_system(m), timeout=T)
        expect(m.get("kind") == "event", f"system message kind {m.get('kind')!r}")
        expect(is_int(m.get("seq")) and m["seq"] >= 1, f"system message seq {m.get('seq')!r}")
        expect(is_ts(m.get("ts")), f"ts {m.get('ts')!r}")
        seen(m["seq"])
    S.check("assignment_system_event_message", t_assign_event)

    # Let any other sequenced system messages arrive before predicting the next seq.
    for c in (st.c1, st.a1):
        if c is not None:
            for m in c.pump(0.3):
                if m.get("type") == "message" and msg_conv(m) == st.conv1:
                    seen(m.get("seq"))

    # ---------------------------------------------------------------- send / ack / message
    st.cid1 = f"c1-{mark}"
    st.text1 = f"Hello from Ann {mark}-t1"

    def t_send_ack() -> dict:
        c1 = need(st.c1, "customer connection")
        conv1 = need(st.conv1, "customer conversation")
        expected = latest() + 1
        c1.send({"type": "send", "conversation": conv1, "client_id": st.cid1,
                 "text": st.text1, "kind": "text"})
        ack = c1.wait_for("ack", lambda m: m.get("client_id") == st.cid1, timeout=T)
        st.ack1 = ack
        expect(ack.get("conversation") == conv1, f"ack.conversation {ack.get('conversation')!r}")
        # The brief's "seq 1" holds only if nothing was sequenced before; PROTOCOL.md sequences
        # the assignment event too, so the literal rule is: the next seq, no gap.
        expect(is_int(ack.get("seq")) and ack["seq"] == expected,
               f"ack.seq {ack.get('seq')!r}, expected {expected} (latest seq seen + 1)")
        expect(is_ts(ack.get("ts")), f"ack.ts {ack.get('ts')!r} is not RFC 3339 UTC with ms")
        expect(not ack.get("duplicate"), f"first ack has duplicate={ack.get('duplicate')!r}")
        seen(ack["seq"])
        return ack
    S.check("customer_send_ack_next_seq", t_send_ack)

    def t_ack_exact() -> None:
        # ASSUMPTION (as the brief asks, and as PROTOCOL.md's example shows): a first ack carries
        # exactly type, client_id, conversation, seq and ts.
        ack = need(getattr(st, "ack1", None), "ack")
        expect(set(ack) == ACK_KEYS, f"ack keys {sorted(ack)}, expected {sorted(ACK_KEYS)}")
    S.check("ack_has_exactly_documented_fields", t_ack_exact)

    def t_agent_msg() -> dict:
        a1 = need(st.a1, "agent connection")
        ack = need(getattr(st, "ack1", None), "ack")
        m = a1.wait_for("message", lambda m: m.get("client_id") == st.cid1, timeout=T)
        st.msg1 = m
        expect(m.get("conversation") == st.conv1, f"conversation {m.get('conversation')!r}")
        expect(m.get("seq") == ack["seq"], f"message seq {m.get('seq')!r} != ack seq {ack['seq']}")
        expect(m.get("kind") == "text", f"kind {m.get('kind')!r}")
        fr = m.get("from")
        expect(isinstance(fr, dict) and fr.get("role") == "customer", f"from {fr!r}")
        expect(fr.get("name") == "Ann", f"from.name {fr.get('name')!r}")
        expect(m.get("text") == st.text1, f"text {m.get('text')!r}")
        return m
    S.check("agent_receives_customer_message", t_agent_msg)

    def t_trace() -> None:
        m = need(getattr(st, "msg1", None), "message")
        expect(isinstance(m.get("trace_id"), str) and TRACE_RE.match(m["trace_id"]),
               f"trace_id {m.get('trace_id')!r}")
    S.check("message_trace_id_32_hex", t_trace)

    def t_msg_ts() -> None:
        m = need(getattr(st, "msg1", None), "message")
        expect(is_ts(m.get("ts")), f"ts {m.get('ts')!r}")
    S.check("message_ts_rfc3339_ms_utc", t_msg_ts)

    def t_reply() -> None:
        a1, c1 = need(st.a1, "agent"), need(st.c1, "customer")
        ack1 = need(getattr(st, "ack1", None), "ack")
        st.cida1 = f"a1-{mark}"
        st.texta1 = f"Hi Ann, Alice here {mark}-t2"
        ack = a1.send_and_ack(st.texta1, conversation=st.conv1, client_id=st.cida1, timeout=T)
        expect(ack.get("seq") == ack1["seq"] + 1,
               f"agent reply seq {ack.get('seq')!r}, expected {ack1['seq'] + 1}")
        seen(ack["seq"])
        m = c1.wait_for("message", lambda m: m.get("client_id") == st.cida1, timeout=T)
        expect(m.get("seq") == ack["seq"], f"seq {m.get('seq')!r} != {ack['seq']}")
        fr = m.get("from") or {}
        expect(fr.get("role") == "agent" and fr.get("name") == "Alice", f"from {fr!r}")
        expect(m.get("text") == st.texta1, f"text {m.get('text')!r}")
        expect(TRACE_RE.match(str(m.get("trace_id"))), f"trace_id {m.get('trace_id')!r}")
    S.check("customer_receives_agent_reply", t_reply)

    def t_not_echoed() -> None:
        # "Every other connection ... receives message": the sender gets only the ack.
        c1, a1 = need(st.c1, "customer"), need(st.a1, "agent")
        m = c1.expect_none("message", lambda m: m.get("client_id") == st.cid1, Q)
        expect(m is None, f"the customer received its own message back: {short(m)}")
        m = a1.expect_none("message", lambda m: m.get("client_id") == st.cida1, 0.1)
        expect(m is None, f"the agent received its own message back: {short(m)}")
    S.check("sender_not_echoed_own_message", t_not_echoed)

    def t_omitted_conv() -> None:
        c1, a1 = need(st.c1, "customer"), need(st.a1, "agent")
        text = f"conversation omitted {mark}-t3"
        exp = latest() + 1
        ack = c1.send_and_ack(text, timeout=T)
        expect(ack.get("conversation") == st.conv1,
               f"ack.conversation {ack.get('conversation')!r}, expected the customer's own")
        expect(ack.get("seq") == exp, f"seq {ack.get('seq')!r}, expected {exp}")
        seen(ack["seq"])
        a1.wait_for("message", lambda m: m.get("client_id") == ack["client_id"]
                    and m.get("conversation") == st.conv1, timeout=T)
    S.check("customer_send_conversation_omitted", t_omitted_conv)

    def t_dup() -> dict:
        c1 = need(st.c1, "customer")
        ack1 = need(getattr(st, "ack1", None), "ack")
        c1.send({"type": "send", "conversation": st.conv1, "client_id": st.cid1,
                 "text": st.text1, "kind": "text"})
        ack = c1.wait_for("ack", lambda m: m.get("client_id") == st.cid1, timeout=T)
        seen(ack.get("seq"))
        expect(ack.get("duplicate") is True, f"repeat ack without duplicate:true: {short(ack)}")
        expect(ack.get("seq") == ack1["seq"], f"repeat ack seq {ack.get('seq')!r} != {ack1['seq']}")
        expect(ack.get("conversation") == st.conv1, f"conversation {ack.get('conversation')!r}")
        st.dup_count += 1
        return ack
    dup = S.check("duplicate_client_id_acked_duplicate_same_seq", t_dup)

    def t_dup_ts() -> None:
        # "answers the original ack again": ASSUMPTION that includes the original ts.
        d = need(dup if isinstance(dup, dict) else None, "duplicate ack")
        expect(d.get("ts") == st.ack1.get("ts"), f"ts {d.get('ts')!r} != original {st.ack1.get('ts')!r}")
    S.check("duplicate_ack_repeats_original_ts", t_dup_ts)

    def t_dup_not_redelivered() -> None:
        a1 = need(st.a1, "agent")
        m = a1.expect_none("message", lambda m: m.get("client_id") == st.cid1
                           and (m.get("from") or {}).get("role") == "customer", Q)
        expect(m is None, f"agent received the duplicate again: {short(m)}")
    S.check("duplicate_not_redelivered", t_dup_not_redelivered)

    def t_cid_scope() -> None:
        # client_id is "unique per sender and conversation": another sender may reuse it.
        a1, c1 = need(st.a1, "agent"), need(st.c1, "customer")
        text = f"same client_id, other sender {mark}-t4"
        exp = latest() + 1
        ack = a1.send_and_ack(text, conversation=st.conv1, client_id=st.cid1, timeout=T)
        expect(not ack.get("duplicate"), f"treated as a duplicate of the customer's: {short(ack)}")
        expect(ack.get("seq") == exp, f"seq {ack.get('seq')!r}, expected {exp}")
        seen(ack["seq"])
        m = c1.wait_for("message", lambda m: m.get("seq") == ack["seq"], timeout=T)
        expect(m.get("text") == text, f"text {m.get('text')!r}")
    S.check("client_id_scoped_per_sender", t_cid_scope)

    def t_note() -> None:
        a1 = need(st.a1, "agent")
        st.note1_text = f"internal note {mark}-n1"
        exp = latest() + 1
        ack = a1.send_and_ack(st.note1_text, conversation=st.conv1, kind="note", timeout=T)
        expect(ack.get("seq") == exp, f"note seq {ack.get('seq')!r}, expected {exp}")
        seen(ack["seq"])
        st.note_seqs.append(ack["seq"])
    S.check("agent_note_acked", t_note)

    def t_note_hidden() -> None:
        c1 = need(st.c1, "customer")
        need(st.note_seqs or None, "note")
        m = c1.expect_none("message", lambda m: m.get("kind") == "note"
                           or m.get("seq") in st.note_seqs, Q)
        expect(m is None, f"the customer received a note: {short(m)}")
    S.check("note_not_delivered_to_customer", t_note_hidden)

    # ---------------------------------------------------------------- receipts and typing
    def receipt(name: str, sender_attr: str, receiver_attr: str, rtype: str, by: str) -> None:
        def f() -> None:
            s, r = need(getattr(st, sender_attr), sender_attr), need(getattr(st, receiver_attr), receiver_attr)
            # A customer acknowledges the newest seq it has seen (it never sees notes).
            seq = max(customer_visible()) if by == "customer" else latest()
            s.send({"type": rtype, "conversation": st.conv1, "seq": seq})
            m = r.wait_for(rtype, lambda m: m.get("conversation") == st.conv1, timeout=T)
            expect(m.get("seq") == seq, f"{rtype} seq {m.get('seq')!r}, expected {seq}")
            expect(m.get("by") == by, f"by {m.get('by')!r}, expected {by!r}")
        S.check(name, f)

    receipt("receipt_delivered_forwarded_by_customer", "c1", "a1", "delivered", "customer")
    receipt("receipt_read_forwarded_by_customer", "c1", "a1", "read", "customer")
    receipt("receipt_read_forwarded_by_agent", "a1", "c1", "read", "agent")
    receipt("receipt_delivered_forwarded_by_agent", "a1", "c1", "delivered", "agent")

    def typing(name: str, sender_attr: str, receiver_attr: str, by: str) -> None:
        def f() -> None:
            s, r = need(getattr(st, sender_attr), sender_attr), need(getattr(st, receiver_attr), receiver_attr)
            s.send({"type": "typing", "conversation": st.conv1, "active": True})
            m = r.wait_for("typing", lambda m: m.get("conversation") == st.conv1, timeout=T)
            expect(m.get("by") == by, f"by {m.get('by')!r}, expected {by!r}")
            expect(m.get("active") is True, f"active {m.get('active')!r}")
        S.check(name, f)

    typing("typing_forwarded_by_customer", "c1", "a1", "customer")
    typing("typing_forwarded_by_agent", "a1", "c1", "agent")

    # ---------------------------------------------------------------- liveness and bad input
    def t_pong() -> None:
        c1 = need(st.c1, "customer")
        c1.drain()
        m = c1.ping(timeout=T)
        expect(m.get("type") == "pong", short(m))
    S.check("app_ping_pong", t_pong)

    def bad(name: str, payload: Any, code: str = "bad_request", client: str = "c1",
            ref: str | None = None) -> None:
        def f() -> None:
            c = need(getattr(st, client), client)
            c.send(payload)
            err = c.wait_for("error", timeout=T)
            expect(err.get("code") == code, f"error {short(err)}, expected code {code!r}")
            if ref is not None:
                st.last_ref_error = err
            if code == "bad_request":
                st.bad_requests += 1
        S.check(name, f)

    bad("not_json_bad_request", "this is {not json")

    def t_error_shape() -> None:
        c1 = need(st.c1, "customer")
        errs = [m for m in c1.received if m.get("type") == "error"]
        e = need(errs[-1] if errs else None, "an error message")
        expect(isinstance(e.get("message"), str) and e["message"], f"error.message {e.get('message')!r}")
    S.check("error_has_human_readable_message", t_error_shape)

    def t_stays_open() -> None:
        c1 = need(st.c1, "customer")
        c1.ping(timeout=T)
    S.check("not_json_connection_stays_open", t_stays_open)

    bad("not_object_bad_request", "[1,2,3]")
    bad("missing_type_bad_request", {"conversation": "x"})
    bad("type_not_string_bad_request", {"type": 7})
    bad("unknown_type_bad_request", {"type": f"no_such_type_{mark}"})

    st.cid_empty = f"empty-{mark}"
    bad("send_empty_text_bad_request", {"type": "send", "client_id": st.cid_empty, "text": ""},
        ref=st.cid_empty)

    def t_ref() -> None:
        e = need(getattr(st, "last_ref_error", None), "error for the empty text")
        expect(e.get("ref") == st.cid_empty, f"error.ref {e.get('ref')!r}, expected {st.cid_empty!r}")
    S.check("error_ref_is_client_id", t_ref)

    bad("send_text_8001_chars_bad_request",
        {"type": "send", "client_id": f"long-{mark}", "text": "a" * 8001})
    bad("send_missing_client_id_bad_request", {"type": "send", "text": "no client id"})
    bad("send_client_id_bad_chars_bad_request",
        {"type": "send", "client_id": "has space!", "text": "bad client id"})
    bad("send_client_id_65_chars_bad_request",
        {"type": "send", "client_id": "x" * 65, "text": "client id too long"})
    bad("send_unknown_kind_bad_request",
        {"type": "send", "client_id": f"kind-{mark}", "text": "odd kind", "kind": "shout"})
    bad("send_text_not_string_bad_request",
        {"type": "send", "client_id": f"num-{mark}", "text": 12345})

    def t_8000() -> None:
        # "text: 1-8000 characters": characters, not bytes. 'é' is one character (one UTF-16
        # unit, one code point) but two UTF-8 bytes.
        c1 = need(st.c1, "customer")
        exp = latest() + 1
        ack = c1.send_and_ack("é" * 8000, client_id=f"max-{mark}", timeout=T)
        expect(ack.get("seq") == exp, f"seq {ack.get('seq')!r}, expected {exp}")
        seen(ack["seq"])
    S.check("send_text_8000_characters_accepted", t_8000)

    def t_cid64() -> None:
        c1 = need(st.c1, "customer")
        cid = ("Az09_-" * 11)[:64]
        exp = latest() + 1
        ack = c1.send_and_ack(f"client id of 64 chars {mark}-t5", client_id=cid, timeout=T)
        expect(ack.get("seq") == exp, f"seq {ack.get('seq')!r}, expected {exp}")
        seen(ack["seq"])
    S.check("send_client_id_64_chars_accepted", t_cid64)

    def t_cust_note() -> None:
        # ASSUMPTION: a customer's note is refused; PROTOCOL.md does not say with which code, so
        # forbidden ("an action this identity may not touch") or bad_request are both accepted.
        # It must not be stored: no ack, and the agent must not receive it.
        c1, a1 = need(st.c1, "customer"), need(st.a1, "agent")
        cid = f"cnote-{mark}"
        c1.send({"type": "send", "client_id": cid, "text": f"customer note {mark}", "kind": "note"})
        err = c1.wait_for("error", timeout=T)
        expect(err.get("code") in ("forbidden", "bad_request"), f"error {short(err)}")
        if err.get("code") == "bad_request":
            st.bad_requests += 1
        a = c1.find("ack", lambda m: m.get("client_id") == cid, remove=False)
        expect(a is None, f"customer note acked: {short(a)}")
        m = a1.expect_none("message", lambda m: m.get("client_id") == cid, Q)
        expect(m is None, f"agent received the customer's note: {short(m)}")
    S.check("customer_note_rejected", t_cust_note)

    bad("agent_send_without_conversation_bad_request",
        {"type": "send", "client_id": f"noconv-{mark}", "text": "where to?"}, client="a1")

    def t_cust_transfer() -> None:
        c1 = need(st.c1, "customer")
        c1.send({"type": "transfer", "conversation": st.conv1, "to_agent": "sam"})
        err = c1.wait_for("error", timeout=T)
        expect(err.get("code") == "forbidden", f"error {short(err)}, expected forbidden")
    S.check("customer_transfer_forbidden", t_cust_transfer)

    # Collect what the customer and agent saw so far (every message seq, for sync/history).
    for c in (st.c1, st.a1):
        if c is not None:
            c.pump(0.3)

    # ---------------------------------------------------------------- resume, sync, history
    def t_offline_phase() -> None:
        c1, a1 = need(st.c1, "customer"), need(st.a1, "agent")
        vis = customer_visible()
        st.after_seq = max(vis) if vis else 0
        c1.close()
        time.sleep(0.2)
        st.missed = []
        for i, kind in enumerate(("text", "note", "text", "text")):
            text = f"while you were away {mark}-w{i}"
            ack = a1.send_and_ack(text, conversation=st.conv1, kind=kind, timeout=T)
            seen(ack["seq"])
            if kind == "note":
                st.note_seqs.append(ack["seq"])
            else:
                st.missed.append((ack["seq"], text))
        expect([s for s, _ in st.missed] == sorted(s for s, _ in st.missed), "acks out of order")
    S.check("agent_sends_while_customer_offline", t_offline_phase)

    def t_resume() -> dict:
        tok1 = need(st.tok1, "customer token")
        st.c1b = conn("customer1b")
        w = st.c1b.hello_customer(token=tok1)
        conv = w.get("conversation") or {}
        expect(w.get("role") == "customer", f"role {w.get('role')!r}")
        expect(conv.get("id") == st.conv1, f"resumed conversation {conv.get('id')!r} != {st.conv1!r}")
        expect(conv.get("epoch") == st.epoch1, f"epoch {conv.get('epoch')!r} != {st.epoch1!r}")
        if isinstance(w.get("token"), str):
            st.tokens.append(w["token"])
        return w
    wr = S.check("customer_resume_with_token_same_conversation", t_resume)

    def t_resume_seq() -> None:
        w = need(wr if isinstance(wr, dict) else None, "resumed welcome")
        # ASSUMPTION: welcome's conversation.seq is the conversation's latest seq.
        expect(w["conversation"].get("seq") == latest(),
               f"welcome conversation.seq {w['conversation'].get('seq')!r}, latest is {latest()}")
    S.check("customer_resume_welcome_seq_is_latest", t_resume_seq)

    def do_sync(c: pc.Client, conv: str, after: int, epoch: str, limit: int | None) -> tuple[list, dict]:
        start = len(c.received)
        req = {"type": "sync", "conversation": conv, "after_seq": after, "epoch": epoch}
        if limit is not None:
            req["limit"] = limit
        c.send(req)
        synced = c.wait_for("synced", lambda m: m.get("conversation") == conv, timeout=T)
        idx = next(i for i in range(len(c.received) - 1, start - 1, -1) if c.received[i] is synced)
        msgs = [m for m in c.received[start:idx] if m.get("type") == "message"
                and m.get("conversation") == conv]
        for m in msgs:                          # consumed here, not left for later waits
            try:
                c.inbox.remove(m)
            except ValueError:
                pass
        return msgs, synced

    def t_sync() -> None:
        c = need(getattr(st, "c1b", None), "resumed customer")
        missed = need(getattr(st, "missed", None) or None, "messages sent while offline")
        msgs, synced = do_sync(c, st.conv1, st.after_seq, st.epoch1, 500)
        st.sync_msgs, st.sync_synced = msgs, synced
        seqs = [m.get("seq") for m in msgs]
        expect(all(is_int(s) and s > st.after_seq for s in seqs),
               f"seqs {seqs} not all > after_seq {st.after_seq}")
        expect(seqs == sorted(set(seqs)), f"seqs not strictly increasing: {seqs}")
        # ASSUMPTION: system messages the server chose to add are tolerated; the non-system
        # messages must be exactly the missed ones.
        got = [(m.get("seq"), m.get("text")) for m in msgs if not is_system(m)]
        expect(got == missed, f"got {got}, expected {missed}")
    S.check("sync_returns_exactly_missed_messages_in_order", t_sync)

    def t_sync_notes() -> None:
        msgs = need(getattr(st, "sync_msgs", None), "sync result")
        bad_ = [m for m in msgs if m.get("kind") == "note" or m.get("seq") in st.note_seqs]
        expect(not bad_, f"notes in the customer's sync: {short(bad_)}")
    S.check("sync_excludes_notes_for_customer", t_sync_notes)

    def t_synced() -> None:
        s = need(getattr(st, "sync_synced", None), "synced")
        expect(s.get("conversation") == st.conv1, f"conversation {s.get('conversation')!r}")
        expect(s.get("seq") == latest(), f"synced.seq {s.get('seq')!r}, latest is {latest()}")
        expect(s.get("epoch") == st.epoch1, f"epoch {s.get('epoch')!r}")
        expect(s.get("complete") is True, f"complete {s.get('complete')!r}")
        expect(s.get("recovered") is True, f"recovered {s.get('recovered')!r}")
    S.check("synced_complete_recovered", t_synced)

    def t_sync_limit() -> None:
        c = need(getattr(st, "c1b", None), "resumed customer")
        full = need(getattr(st, "sync_msgs", None), "sync result")
        expect(len(full) >= 2, "need at least two missed messages")
        msgs, synced = do_sync(c, st.conv1, st.after_seq, st.epoch1, 1)
        expect([m.get("seq") for m in msgs] == [full[0].get("seq")],
               f"limit 1 returned seqs {[m.get('seq') for m in msgs]}, expected [{full[0].get('seq')}]")
        expect(synced.get("complete") is False, f"complete {synced.get('complete')!r} with more left")
        # "call sync again from the last seq received"
        msgs2, synced2 = do_sync(c, st.conv1, msgs[-1]["seq"], st.epoch1, 500)
        expect([m.get("seq") for m in msgs2] == [m.get("seq") for m in full[1:]],
               f"continuation returned {[m.get('seq') for m in msgs2]}")
        expect(synced2.get("complete") is True, f"complete {synced2.get('complete')!r} at the end")
    S.check("sync_limit_incomplete_then_continue", t_sync_limit)

    def t_sync_epoch() -> None:
        c = need(getattr(st, "c1b", None), "resumed customer")
        _, synced = do_sync(c, st.conv1, 0, f"not-the-epoch-{mark}", 500)
        expect(synced.get("recovered") is False, f"recovered {synced.get('recovered')!r}")
        c.pump(0.2)
        c.drain()
    S.check("sync_wrong_epoch_not_recovered", t_sync_epoch)

    def t_dup_reconnect() -> None:
        c, a1 = need(getattr(st, "c1b", None), "resumed customer"), need(st.a1, "agent")
        ack1 = need(getattr(st, "ack1", None), "first ack")
        c.send({"type": "send", "conversation": st.conv1, "client_id": st.cid1,
                "text": st.text1, "kind": "text"})
        ack = c.wait_for("ack", lambda m: m.get("client_id") == st.cid1, timeout=T)
        seen(ack.get("seq"))
        expect(ack.get("duplicate") is True and ack.get("seq") == ack1["seq"],
               f"retry after reconnect: {short(ack)}; expected duplicate:true seq {ack1['seq']}")
        st.dup_count += 1
        m = a1.expect_none("message", lambda m: m.get("client_id") == st.cid1
                           and m.get("conversation") == st.conv1
                           and (m.get("from") or {}).get("role") == "customer", Q)
        expect(m is None, f"agent received the retried message again: {short(m)}")
    S.check("duplicate_after_reconnect_not_stored_again", t_dup_reconnect)

    def history(c: pc.Client, conv: str, before: int, limit: int) -> dict:
        c.send({"type": "history", "conversation": conv, "before_seq": before, "limit": limit})
        return c.wait_for("history", lambda m: m.get("conversation") == conv
                          and "messages" in m, timeout=T)

    def t_history_page() -> None:
        c = need(getattr(st, "c1b", None), "resumed customer")
        missed = need(getattr(st, "missed", None) or None, "missed messages")
        before = missed[-1][0]
        known = customer_visible() | {s for s, _ in missed}
        vis = sorted(s for s in known if s < before and s not in st.note_seqs)
        h = history(c, st.conv1, before, 2)
        msgs = h.get("messages")
        expect(isinstance(msgs, list), f"messages {msgs!r}")
        seqs = [m.get("seq") for m in msgs]
        # ASSUMPTION: a page is the `limit` newest messages older than before_seq (order within
        # the page is not specified, so it is compared as a set), notes excluded for customers.
        expect(sorted(seqs) == vis[-2:], f"history seqs {seqs}, expected {vis[-2:]}")
        expect(h.get("has_more") is True, f"has_more {h.get('has_more')!r}")
        expect(all(m.get("kind") != "note" for m in msgs), "a note in the customer's history")
    S.check("history_before_seq_page_has_more", t_history_page)

    def t_history_last() -> None:
        c = need(getattr(st, "c1b", None), "resumed customer")
        vis = sorted(customer_visible())
        need(vis or None, "known seqs")
        before = vis[0] + 1
        h = history(c, st.conv1, before, 50)
        seqs = [m.get("seq") for m in h.get("messages", [])]
        expect(seqs == [vis[0]], f"history before {before}: seqs {seqs}, expected [{vis[0]}]")
        expect(h.get("has_more") is False, f"has_more {h.get('has_more')!r} on the oldest page")
    S.check("history_oldest_page_has_more_false", t_history_last)

    def t_history_agent_note() -> None:
        a1 = need(st.a1, "agent")
        missed = need(getattr(st, "missed", None) or None, "missed messages")
        need(st.note_seqs or None, "note")
        h = history(a1, st.conv1, missed[-1][0], 50)
        notes = [m for m in h.get("messages", []) if m.get("seq") in st.note_seqs]
        expect(len(notes) == len(st.note_seqs),
               f"agent history has notes {[m.get('seq') for m in notes]}, expected {st.note_seqs}")
        expect(all(m.get("kind") == "note" for m in notes), f"kinds {[m.get('kind') for m in notes]}")
    S.check("history_includes_notes_for_agent", t_history_agent_note)

    def t_sync_agent_note() -> None:
        a1 = need(st.a1, "agent")
        need(st.note_seqs or None, "note")
        msgs, synced = do_sync(a1, st.conv1, 0, st.epoch1, 500)
        seqs = [m.get("seq") for m in msgs]
        expect(all(s in seqs for s in st.note_seqs), f"agent sync seqs {seqs} lack notes {st.note_seqs}")
        top = latest()
        expect(seqs == list(range(1, top + 1)),
               f"agent full sync seqs {seqs}, expected 1..{top} without gaps")
        expect(synced.get("recovered") is True and synced.get("complete") is True, short(synced))
    S.check("sync_full_for_agent_includes_notes_no_gaps", t_sync_agent_note)

    # ---------------------------------------------------------------- supervisor, authorization
    def t_sam() -> None:
        st.s1 = conn("sam")
        w = st.s1.hello_agent("sam", st.sam_pw)
        expect(w.get("role") == "supervisor", f"welcome role {w.get('role')!r}")
        ag = w.get("agent") or {}
        expect(ag.get("login") == "sam" and ag.get("role") == "supervisor", f"agent {ag!r}")
        st.tokens.append(w.get("token"))
        # Keep conversations away from sam and alice so that customer 2 stays queued.
        st.s1.set_status("away")
        st.s1.barrier(T)
    S.check("welcome_supervisor_fields", t_sam)

    def t_c2() -> None:
        a1 = need(st.a1, "agent")
        a1.set_status("away")
        a1.barrier(T)
        st.c2 = conn("customer2")
        w = st.c2.hello_customer(name="Bob", team="sales")
        conv = w.get("conversation") or {}
        st.conv2, st.tok2, st.epoch2 = conv.get("id"), w.get("token"), conv.get("epoch")
        st.tokens.append(st.tok2)
        expect(st.conv2 and st.conv2 != st.conv1, f"conversation id {st.conv2!r}")
        expect(st.tok2 != st.tok1, "two customers got the same token")
        expect(conv.get("state") == "queued", f"state {conv.get('state')!r} with nobody available")
    S.check("customer2_queued_when_nobody_available", t_c2)

    def forbidden(name: str, client_attr: str, payload_fn: Callable[[], dict],
                  code: str = "forbidden") -> None:
        def f() -> None:
            c = need(getattr(st, client_attr, None), client_attr)
            payload = payload_fn()
            c.send(payload)
            err = c.wait_for("error", timeout=T)
            expect(err.get("code") == code, f"error {short(err)}, expected {code!r}")
            if "client_id" in payload:
                expect(err.get("ref") == payload["client_id"], f"ref {err.get('ref')!r}")
            # S3 "no data in the reply": nothing beyond the error's own fields (an echo of the
            # conversation id the client sent is tolerated).
            extra = set(err) - {"type", "code", "message", "ref", "trace_id", "conversation"}
            expect(not extra, f"error carries data: {sorted(extra)}")
            if payload.get("type") == "send":
                a = c.find("ack", lambda m: m.get("client_id") == payload["client_id"], remove=False)
                expect(a is None, f"also acked: {short(a)}")
        S.check(name, f)

    forbidden("customer_send_other_conversation_forbidden", "c1b", lambda: {
        "type": "send", "conversation": need(st.conv2, "conv2"), "client_id": f"x-{mark}",
        "text": "intrusion"})
    forbidden("customer_sync_other_conversation_forbidden", "c1b", lambda: {
        "type": "sync", "conversation": need(st.conv2, "conv2"), "after_seq": 0,
        "epoch": st.epoch2, "limit": 500})
    forbidden("customer_history_other_conversation_forbidden", "c1b", lambda: {
        "type": "history", "conversation": need(st.conv2, "conv2"), "before_seq": 100, "limit": 50})
    forbidden("agent_send_queued_unassigned_forbidden", "a1", lambda: {
        "type": "send", "conversation": need(st.conv2, "conv2"), "client_id": f"y-{mark}",
        "text": "not mine"})
    forbidden("agent_send_unknown_conversation_not_found", "a1", lambda: {
        "type": "send", "conversation": f"no-such-conversation-{mark}", "client_id": f"z-{mark}",
        "text": "anyone?"}, code="not_found")

    def t_c2_leak() -> None:
        c2 = need(getattr(st, "c2", None), "customer 2")
        m = c2.expect_none("message", lambda m: not is_system(m), Q)
        expect(m is None, f"customer 2 received a foreign message: {short(m)}")
    S.check("foreign_sends_not_delivered", t_c2_leak)

    def t_accept() -> None:
        s1, c2 = need(getattr(st, "s1", None), "supervisor"), need(getattr(st, "c2", None), "customer 2")
        s1.send({"type": "accept", "conversation": need(st.conv2, "conv2")})
        m = s1.wait_for("assigned", lambda m: msg_conv(m) == st.conv2, timeout=T)
        expect(m["conversation"].get("state") == "assigned", short(m))
        u = c2.wait_for("conversation", lambda m: msg_conv(m) == st.conv2
                        and m["conversation"].get("state") == "assigned", timeout=T)
        ag = u["conversation"].get("agent") or {}
        expect(ag.get("name") == "Sam", f"customer 2 sees agent {ag!r}, expected Sam")
    S.check("supervisor_accept_queued_conversation", t_accept)

    forbidden("agent_send_other_agents_conversation_forbidden", "a1", lambda: {
        "type": "send", "conversation": need(st.conv2, "conv2"), "client_id": f"w-{mark}",
        "text": "still not mine"})
    forbidden("agent_subscribe_metrics_forbidden", "a1", lambda: {
        "type": "subscribe", "topic": "metrics"})
    forbidden("agent_monitor_forbidden", "a1", lambda: {
        "type": "monitor", "conversation": need(st.conv2, "conv2")})
    forbidden("transfer_to_unknown_agent_not_found", "a1", lambda: {
        "type": "transfer", "conversation": st.conv1, "to_agent": f"nobody-{mark}"},
        code="not_found")
    forbidden("transfer_to_unknown_team_not_found", "a1", lambda: {
        "type": "transfer", "conversation": st.conv1, "to_team": f"no-team-{mark}"},
        code="not_found")

    def t_metrics_sub() -> None:
        s1 = need(getattr(st, "s1", None), "supervisor")
        s1.send({"type": "subscribe", "topic": "metrics"})
        m = s1.wait_for("metrics", timeout=max(T, 3.0))
        expect(is_ts(m.get("ts")), f"ts {m.get('ts')!r}")
        cn = m.get("connections") or {}
        expect(all(is_int(cn.get(k)) for k in ("customer", "agent", "supervisor")), f"connections {cn!r}")
        expect(cn.get("supervisor", 0) >= 1 and cn.get("agent", 0) >= 1 and cn.get("customer", 0) >= 2,
               f"connections {cn!r} (at least 2 customers, 1 agent, 1 supervisor are connected)")
        expect(isinstance(m.get("messages_per_s"), (int, float)), f"messages_per_s {m.get('messages_per_s')!r}")
        al = m.get("ack_latency_ms") or {}
        expect(all(isinstance(al.get(k), (int, float)) for k in ("p50", "p99")), f"ack_latency_ms {al!r}")
        q = m.get("queue") or {}
        expect(is_int(q.get("waiting")) and isinstance(q.get("longest_wait_s"), (int, float)), f"queue {q!r}")
        ags = m.get("agents") or {}
        expect(is_int(ags.get("available")) and is_int(ags.get("away")), f"agents {ags!r}")
        m2 = s1.wait_for("metrics", timeout=2.5)   # "once a second"
        expect(m2 is not None, "no second metrics message")
    S.check("supervisor_metrics_subscription", t_metrics_sub)

    def t_monitor() -> None:
        s1, c = need(getattr(st, "s1", None), "supervisor"), need(getattr(st, "c1b", None), "customer")
        s1.send({"type": "monitor", "conversation": st.conv1})
        s1.barrier(T)
        ack = c.send_and_ack(f"watched {mark}-m1", timeout=T)
        seen(ack["seq"])
        m = s1.wait_for("message", lambda m: m.get("client_id") == ack["client_id"]
                        and m.get("conversation") == st.conv1, timeout=T)
        expect(m.get("seq") == ack["seq"], short(m))
    S.check("supervisor_monitor_receives_messages", t_monitor)

    def t_whisper() -> None:
        s1, a1 = need(getattr(st, "s1", None), "supervisor"), need(st.a1, "agent")
        c = need(getattr(st, "c1b", None), "customer")
        ack = s1.send_and_ack(f"whisper {mark}-s1", conversation=st.conv1, kind="note", timeout=T)
        seen(ack["seq"])
        st.note_seqs.append(ack["seq"])
        m = a1.wait_for("message", lambda m: m.get("client_id") == ack["client_id"], timeout=T)
        expect(m.get("kind") == "note", f"kind {m.get('kind')!r}")
        expect((m.get("from") or {}).get("role") == "supervisor", f"from {m.get('from')!r}")
        leak = c.expect_none("message", lambda m: m.get("seq") == ack["seq"] or m.get("kind") == "note", Q)
        expect(leak is None, f"customer received the whisper: {short(leak)}")
    S.check("supervisor_whisper_note_only_agents_see", t_whisper)

    def t_transfer() -> None:
        s1, a1 = need(getattr(st, "s1", None), "supervisor"), need(st.a1, "agent")
        c2 = need(getattr(st, "c2", None), "customer 2")
        # ASSUMPTION: the target of an explicit transfer should be available.
        a1.set_status("available")
        a1.barrier(T)
        s1.send({"type": "transfer", "conversation": need(st.conv2, "conv2"), "to_agent": "alice"})
        u = s1.wait_for("unassigned", lambda m: m.get("conversation") == st.conv2, timeout=T)
        expect(u.get("reason") == "transferred", f"unassigned reason {u.get('reason')!r}")
        a1.wait_for("assigned", lambda m: msg_conv(m) == st.conv2, timeout=T)
        cu = c2.wait_for("conversation", lambda m: msg_conv(m) == st.conv2
                         and (m["conversation"].get("agent") or {}).get("name") == "Alice", timeout=T)
        expect(cu["conversation"].get("state") == "assigned", short(cu))
        ev = c2.wait_for("message", lambda m: m.get("conversation") == st.conv2 and is_system(m)
                         and m.get("kind") == "event", timeout=T)
        expect(is_int(ev.get("seq")), short(ev))
    S.check("transfer_to_agent", t_transfer)

    # ---------------------------------------------------------------- agent token resume
    def t_agent_token() -> None:
        toka = need(st.toka, "agent token")
        a2 = conn("alice2")
        w = a2.hello_agent_token(toka)
        expect(w.get("role") == "agent", f"role {w.get('role')!r}")
        expect((w.get("agent") or {}).get("login") == "alice", f"agent {w.get('agent')!r}")
        convs = w.get("conversations")
        expect(isinstance(convs, list), f"conversations {convs!r}")
        mine = [c for c in convs if isinstance(c, dict) and c.get("id") == st.conv1]
        expect(mine, f"conversation {st.conv1} missing from {short(convs)}")
        c = mine[0]
        expect(c.get("state") == "assigned" and c.get("epoch") == st.epoch1
               and (c.get("customer") or {}).get("name") == "Ann", short(c))
        a2.close()
    S.check("agent_token_resume_welcome", t_agent_token)

    # ---------------------------------------------------------------- closing
    def t_close() -> None:
        c, a1 = need(getattr(st, "c1b", None), "customer"), need(st.a1, "agent")
        st.close_exp = latest() + 1
        c.send({"type": "close", "conversation": st.conv1})
        st.close_ev_c = c.wait_for("message", lambda m: m.get("conversation") == st.conv1
                                   and is_system(m) and m.get("seq", 0) >= st.close_exp, timeout=T)
        st.close_upd = c.wait_for("conversation", lambda m: msg_conv(m) == st.conv1
                                  and m["conversation"].get("state") == "closed", timeout=T)
        st.close_ev_a = a1.wait_for("message", lambda m: m.get("conversation") == st.conv1
                                    and is_system(m) and m.get("seq", 0) >= st.close_exp, timeout=T)
    closed_ok = S.check("close_by_customer", t_close)

    def t_close_ev(attr: str) -> Callable[[], None]:
        def f() -> None:
            need(closed_ok, "close")
            ev = getattr(st, attr)
            expect(ev.get("kind") == "event", f"kind {ev.get('kind')!r}")
            expect(ev.get("seq") == st.close_exp, f"seq {ev.get('seq')!r}, expected {st.close_exp}")
        return f
    S.check("close_system_event_to_customer", t_close_ev("close_ev_c"))
    S.check("close_system_event_to_agent", t_close_ev("close_ev_a"))

    # ---------------------------------------------------------------- frames and sizes
    def t_fragmented() -> None:
        c2 = need(getattr(st, "c2", None), "customer 2")
        c2.drain()
        c2.ws.send_text(json.dumps({"type": "ping"}), fragment_size=4)
        c2.wait_for("pong", timeout=T)
    S.check("ws_fragmented_message_accepted", t_fragmented)

    def t_wsping() -> None:
        c2 = need(getattr(st, "c2", None), "customer 2")
        before = c2.ws.pongs_received
        c2.ws.ping(b"conformance")
        c2.ping(timeout=T)                # a round trip after the ping frame
        c2.pump(0.2)
        expect(c2.ws.pongs_received > before, "no pong frame answered our ping frame")
    S.check("ws_ping_frame_answered_with_pong", t_wsping)

    def padded_ping(size: int) -> str:
        base = '{"type":"ping","pad":""}'
        return base[:-2] + "x" * (size - len(base)) + '"}'

    def t_64k() -> None:
        # ASSUMPTION: "Size cap per message: 64 KiB" means 65536 bytes are allowed.
        c2 = need(getattr(st, "c2", None), "customer 2")
        text = padded_ping(64 * 1024)
        assert len(text.encode()) == 65536
        c2.send(text)
        c2.wait_for("pong", timeout=T)
    S.check("message_of_exactly_64KiB_accepted", t_64k)

    def t_too_big() -> None:
        c2 = need(getattr(st, "c2", None), "customer 2")
        try:
            c2.send(padded_ping(64 * 1024 + 1))
        except wsclient.SendError:
            pass                          # the server may stop reading; the close still counts
        cc = c2.wait_closed(T)
        expect(cc == 1009, f"close code {cc} (None: still open)")
    S.check("message_over_64KiB_closed_1009", t_too_big)

    def t_binary() -> None:
        c3 = conn("customer2b")
        c3.hello_customer(token=need(st.tok2, "customer 2 token"))
        c3.ws.send_binary(b"\x00\x01binary")
        cc = c3.wait_closed(T)
        expect(cc == 1003, f"close code {cc} (None: still open)")
    S.check("binary_frame_closed_1003", t_binary)

    # ---------------------------------------------------------------- hello timeout (4000)
    def t_hello_timeout() -> None:
        idle = need(getattr(st, "idle", None), "idle connection")
        wait = max(0.0, st.idle_t0 + 10.0 - time.monotonic()) + 3.0
        cc = idle.wait_closed(wait)
        expect(cc == 4000, f"close code {cc} after {time.monotonic() - st.idle_t0:.1f}s without hello")
    S.check("no_hello_within_10s_closed_4000", t_hello_timeout)

    # ---------------------------------------------------------------- metrics after traffic
    def t_metrics_after() -> None:
        status, _, body = get("/metrics")
        expect(status == 200, f"status {status}")
        st.metrics_text = body.decode("utf-8", "replace")
        ids = [x for x in [st.conv1, getattr(st, "conv2", None), *st.tokens] if x]
        leaked = [x for x in ids if x in st.metrics_text]
        expect(not leaked, f"ids or tokens in /metrics: {leaked[:3]}")
    S.check("metrics_contain_no_ids_or_tokens", t_metrics_after)

    def metric_sum(name: str, label: str | None = None) -> float | None:
        text = need(getattr(st, "metrics_text", None), "/metrics text")
        total, found = 0.0, False
        for ln in text.splitlines():
            if ln.startswith("#"):
                continue
            m = re.match(r"^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?\s+(\S+)", ln)
            if not m or m.group(1) != name:
                continue
            if label and label not in (m.group(2) or ""):
                continue
            found = True
            total += float(m.group(3))
        return total if found else None

    def t_dup_metric() -> None:
        # RELIABILITY.md D3: "duplicates counted in metrics".
        v = metric_sum("switchboard_message_duplicates_total")
        expect(v is not None, "switchboard_message_duplicates_total missing")
        expect(v >= st.dup_count, f"value {v}, this run caused {st.dup_count} duplicates")
    S.check("metrics_duplicates_counted", t_dup_metric)

    def t_err_metric() -> None:
        # RELIABILITY.md P1: "protocol-error metric equals the count" (bad_request only here).
        v = metric_sum("switchboard_protocol_errors_total", 'code="bad_request"')
        expect(v is not None, 'switchboard_protocol_errors_total{code="bad_request"} missing')
        expect(v == st.bad_requests, f"value {v}, this run received {st.bad_requests} bad_request errors")
    S.check("metrics_protocol_errors_bad_request_count", t_err_metric)


# --------------------------------------------------------------------------- main
def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    target = ap.add_mutually_exclusive_group(required=True)
    target.add_argument("--server-binary", help="path of the server executable to start and test")
    target.add_argument("--url", help="test an already running server instead, e.g. "
                        "ws://127.0.0.1:8420/ws (no account creation, shutdown or log checks; "
                        "accounts alice/agent and sam/supervisor must exist)")
    ap.add_argument("--alice-password", help="with --url: alice's password")
    ap.add_argument("--sam-password", help="with --url: sam's password")
    ap.add_argument("--timeout", type=float, default=5.0,
                    help="seconds to wait for an expected message (default 5)")
    ap.add_argument("--quiet", type=float, default=1.0,
                    help="seconds to watch for a message that must not arrive (default 1)")
    ap.add_argument("--startup-timeout", type=float, default=30.0,
                    help="seconds to wait for /healthz after starting the server (default 30)")
    ap.add_argument("--server-arg", action="append", default=[],
                    help="extra argument for the server (repeatable)")
    ap.add_argument("--keep-data", action="store_true",
                    help="keep the temporary data directory and server logs")
    ap.add_argument("--skip", action="append", default=[], metavar="PREFIX",
                    help="do not run checks whose name starts with PREFIX (printed as SKIP); for "
                         "parts of PROTOCOL.md a build does not claim yet")
    ap.add_argument("--verbose", action="store_true", help="print tracebacks of unexpected errors")
    args = ap.parse_args()

    S = Suite(verbose=args.verbose)
    S.skip_prefixes = args.skip
    mark = secrets.token_hex(6)
    state = SimpleNamespace(
        mark=mark, clients=[], tokens=[], note_seqs=[], last1=0, dup_count=0, bad_requests=0,
        alice_pw=args.alice_password or "alice-" + secrets.token_urlsafe(12),
        sam_pw=args.sam_password or "sam-" + secrets.token_urlsafe(12),
        wrong_pw="wrong-" + secrets.token_urlsafe(12), email=f"ann.{mark}@example.com",
        c1=None, a1=None, conv1=None, epoch1=None, tok1=None, toka=None, conv2=None, tok2=None,
        epoch2=None)

    if args.url:
        u = urllib.parse.urlsplit(args.url)
        ctx = SimpleNamespace(host=u.hostname or "127.0.0.1", port=u.port or 80, ws_url=args.url,
                              timeout=args.timeout, quiet=args.quiet, state=state)
        print(f"# testing the running server at {args.url}", flush=True)
        try:
            run_checks(S, ctx)
        except KeyboardInterrupt:
            S.record("conformance_interrupted", False, "interrupted")
        except Exception as e:          # a bug in this script: report it as a failed check
            traceback.print_exc()
            S.record("conformance_script_completed", False, f"{type(e).__name__}: {e}")
        finally:
            for c in state.clients:
                c.ws._drop()
        print(f"{len(S.passed)} passed, {len(S.failed)} failed, {len(S.skipped)} skipped", flush=True)
        return 0 if not S.failed else 1

    binary = os.path.abspath(args.server_binary)
    root = tempfile.mkdtemp(prefix="switchboard-conformance-")
    data_dir = os.path.join(root, "data")
    os.makedirs(data_dir)
    port = free_port()
    server = Server(binary, data_dir, port, args.server_arg)
    ctx = SimpleNamespace(host="127.0.0.1", port=port, ws_url=f"ws://127.0.0.1:{port}/ws",
                          timeout=args.timeout, quiet=args.quiet, state=state)
    print(f"# server {binary} on 127.0.0.1:{port}, data {data_dir}", flush=True)

    def on_signal(signum, frame):  # make SIGTERM run the cleanup below, like Ctrl-C
        raise KeyboardInterrupt
    signal.signal(signal.SIGTERM, on_signal)

    try:
        for login, role, name, pw in (("alice", "agent", "Alice", state.alice_pw),
                                      ("sam", "supervisor", "Sam", state.sam_pw)):
            def t_add(login=login, role=role, name=name, pw=pw) -> None:
                if not os.access(binary, os.X_OK):
                    raise Failure(f"{binary} is not executable")
                r = server.add_user(login, role, name, "sales", pw)
                expect(r.returncode == 0, f"exit status {r.returncode}: {(r.stderr or r.stdout)[-300:]!r}")
                expect(pw not in (r.stdout + r.stderr), "the password was echoed")
            S.check(f"cli_user_add_{login}", t_add)

        def t_start() -> None:
            server.start()
            why = server.wait_healthy(args.startup_timeout)
            expect(why is None, why or "")
        started = S.check("server_starts_and_healthz_answers", t_start)

        if started:
            try:
                run_checks(S, ctx)
            except Exception as e:      # a bug in this script: report it as a failed check
                traceback.print_exc()
                S.record("conformance_script_completed", False, f"{type(e).__name__}: {e}")

            # ------------------------------------------------------------ shutdown (O3)
            # RELIABILITY.md O3 / PROTOCOL.md close code 1001 "server shutting down".
            a1 = state.a1
            if a1 is not None and a1.closed:
                a1 = None
            t0 = server.terminate()
            if a1 is not None:
                cc = a1.wait_closed(10.0)
                S.record("shutdown_sigterm_clients_get_1001", cc == 1001,
                         f"close code {cc} (None: nothing within 10 s)")
            else:
                S.record("shutdown_sigterm_clients_get_1001", False,
                         "prerequisite missing: the agent connection")
            in_time, rc = server.wait_exit(t0 + 10.0)
            S.record("shutdown_sigterm_exit_within_10s", in_time,
                     "still running 10 s after SIGTERM (killed)")
            print(f"# server exit status {rc}", flush=True)

            # -------------------------------------------------------- logs (O4, S8)
            lines = [(src, ln) for src, ln in server.log_lines() if ln.strip()]

            def t_logs_json() -> None:
                for src, ln in lines:
                    try:
                        obj = json.loads(ln)
                    except ValueError:
                        raise Failure(f"{src} line is not JSON: {ln[:200]!r}")
                    expect(isinstance(obj, dict), f"{src} line is not an object: {ln[:200]!r}")
                    missing = [k for k in ("time", "level", "category", "message") if k not in obj]
                    expect(not missing, f"{src} line lacks {missing}: {ln[:200]!r}")
            S.check("logs_are_json_with_time_level_category_message", t_logs_json)

            def t_logs_secrets() -> None:
                # Every text this run sent contains "<mark>-"; passwords, tokens and the e-mail
                # address are unique to this run too.
                secrets_ = {"alice password": state.alice_pw, "sam password": state.sam_pw,
                            "wrong password": state.wrong_pw, "e-mail": state.email,
                            "message text": f"{mark}-"}
                for i, tok in enumerate(t for t in state.tokens if t):
                    secrets_[f"token {i}"] = tok
                for src, ln in lines:
                    for what, s in secrets_.items():
                        expect(s not in ln, f"{what} appears in the server's {src}: {ln[:200]!r}")
            S.check("logs_contain_no_secrets_or_message_text", t_logs_secrets)
        else:
            lines = [(src, ln) for src, ln in server.log_lines() if ln.strip()]

        if S.failed and lines:
            print("# last server log lines:")
            for src, ln in lines[-15:]:
                print(f"#   [{src}] {ln[:300]}")
    except KeyboardInterrupt:
        S.record("conformance_interrupted", False, "interrupted")
    finally:
        for c in state.clients:
            try:
                c.ws._drop()
            except Exception:
                pass
        server.stop()
        if args.keep_data:
            print(f"# kept {root} (data/, server.stdout.log, server.stderr.log)")
        else:
            shutil.rmtree(root, ignore_errors=True)

    print(f"{len(S.passed)} passed, {len(S.failed)} failed, {len(S.skipped)} skipped", flush=True)
    return 0 if not S.failed else 1


if __name__ == "__main__":
    sys.exit(main())
