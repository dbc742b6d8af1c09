#!/usr/bin/env python3
"""Self-test of wsclient.py against tiny scripted servers on loopback (no Switchboard needed).

    python3 selftest_wsclient.py

Each case starts a one-connection TCP server in a thread that performs the handshake and then
writes hand-built frames, so the client's handling of fragmentation, pings, close codes,
protocol violations and timeouts is checked byte for byte. Prints PASS/FAIL per case and
`N passed, M failed`; exit status 0 when all pass.
"""

from __future__ import annotations

import base64
import hashlib
import socket
import struct
import sys
import threading
import time
from typing import Callable

import wsclient
from wsclient import OP_BINARY, OP_CLOSE, OP_CONT, OP_PING, OP_PONG, OP_TEXT


def server_frame(op: int, payload: bytes, fin: bool = True, masked: bool = False) -> bytes:
    """A frame as a server sends it (unmasked unless masked=True, which is a violation)."""
    return wsclient.build_frame(op, payload, fin=fin, mask=masked)


def read_client_frame(sock: socket.socket, buf: bytearray) -> tuple[int, bytes, bool]:
    """Read one client frame (must be masked); returns (opcode, payload, was_masked)."""
    def need(n: int) -> None:
        while len(buf) < n:
            d = sock.recv(65536)
            if not d:
                raise EOFError
            buf.extend(d)
    need(2)
    op, masked, n = buf[0] & 0xF, bool(buf[1] & 0x80), buf[1] & 0x7F
    h = 2
    if n == 126:
        need(4); n = struct.unpack("!H", buf[2:4])[0]; h = 4
    elif n == 127:
        need(10); n = struct.unpack("!Q", buf[2:10])[0]; h = 10
    k = 4 if masked else 0
    need(h + k + n)
    key = bytes(buf[h:h + k])
    data = bytes(buf[h + k:h + k + n])
    if masked:
        data = bytes(b ^ key[i % 4] for i, b in enumerate(data))
    del buf[:h + k + n]
    return op, data, masked


class ScriptedServer:
    """Accepts one connection, answers the handshake, then runs script(sock, buf, headers)."""

    def __init__(self, script: Callable, accept_override: str | None = None,
                 status_line: str = "HTTP/1.1 101 Switching Protocols"):
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(1)
        self.port = self.listener.getsockname()[1]
        self.script = script
        self.accept_override = accept_override
        self.status_line = status_line
        self.request_headers: dict[str, str] = {}
        self.log: list = []
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/ws"

    def _run(self) -> None:
        sock, _ = self.listener.accept()
        try:
            raw = b""
            while b"\r\n\r\n" not in raw:
                raw += sock.recv(4096)
            head, _, rest = raw.partition(b"\r\n\r\n")
            for line in head.decode().split("\r\n")[1:]:
                k, _, v = line.partition(":")
                self.request_headers[k.strip().lower()] = v.strip()
            if not self.status_line.startswith("HTTP/1.1 101"):
                body = b"refused"
                sock.sendall(f"{self.status_line}\r\nContent-Length: {len(body)}\r\n\r\n".encode() + body)
                return
            key = self.request_headers["sec-websocket-key"]
            accept = self.accept_override or base64.b64encode(
                hashlib.sha1((key + wsclient.WS_GUID).encode()).digest()).decode()
            sock.sendall((f"{self.status_line}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                          f"Sec-WebSocket-Accept: {accept}\r\n\r\n").encode())
            self.script(sock, bytearray(rest), self)
        except BaseException as e:  # reported by the test through .error
            self.error = e
        finally:
            time.sleep(0.1)
            sock.close()
            self.listener.close()

    def join(self) -> None:
        self.thread.join(5)


RESULTS: list[tuple[str, bool, str]] = []


def case(fn: Callable[[], None]) -> Callable[[], None]:
    try:
        fn()
        RESULTS.append((fn.__name__, True, ""))
        print(f"PASS {fn.__name__}")
    except Exception as e:
        RESULTS.append((fn.__name__, False, f"{type(e).__name__}: {e}"))
        print(f"FAIL {fn.__name__}: {type(e).__name__}: {e}")
    return fn


@case
def handshake_sends_key_version_origin_and_echoes_text() -> None:
    def script(sock, buf, srv):
        op, data, masked = read_client_frame(sock, buf)
        srv.log.append((op, data, masked))
        sock.sendall(server_frame(OP_TEXT, data))
        read_client_frame(sock, buf)                 # client's close
        sock.sendall(server_frame(OP_CLOSE, struct.pack("!H", 1000)))
    srv = ScriptedServer(script)
    ws = wsclient.connect(srv.url, origin="https://shop.example", timeout=3)
    ws.send_text('{"type":"ping","x":"é"}')
    assert ws.recv(timeout=3) == '{"type":"ping","x":"é"}'
    assert ws.close() == 1000
    srv.join()
    h = srv.request_headers
    assert h.get("origin") == "https://shop.example", h
    assert h.get("sec-websocket-version") == "13", h
    assert len(base64.b64decode(h["sec-websocket-key"])) == 16
    assert h.get("upgrade", "").lower() == "websocket"
    assert srv.log[0] == (OP_TEXT, '{"type":"ping","x":"é"}'.encode(), True), srv.log


@case
def bad_accept_is_rejected() -> None:
    srv = ScriptedServer(lambda *a: None, accept_override="AAAAAAAAAAAAAAAAAAAAAAAAAAA=")
    try:
        wsclient.connect(srv.url, timeout=3)
    except wsclient.HandshakeError as e:
        assert "Sec-WebSocket-Accept" in str(e), e
    else:
        raise AssertionError("accepted a wrong Sec-WebSocket-Accept")


@case
def non_101_exposes_status_and_body() -> None:
    srv = ScriptedServer(lambda *a: None, status_line="HTTP/1.1 403 Forbidden")
    try:
        wsclient.connect(srv.url, origin="https://evil.example", timeout=3)
    except wsclient.HandshakeError as e:
        assert e.status == 403 and e.body == b"refused", (e.status, e.body)
    else:
        raise AssertionError("no HandshakeError for 403")


@case
def fragmented_message_with_interleaved_ping() -> None:
    def script(sock, buf, srv):
        sock.sendall(server_frame(OP_TEXT, b'{"type":', fin=False))
        sock.sendall(server_frame(OP_PING, b"hb"))
        sock.sendall(server_frame(OP_CONT, b'"po', fin=False))
        sock.sendall(server_frame(OP_CONT, b'ng"}', fin=True))
        srv.log.append(read_client_frame(sock, buf))   # the pong
        sock.sendall(server_frame(OP_CLOSE, struct.pack("!H", 4001) + b"idle"))
        srv.log.append(read_client_frame(sock, buf))   # the close echo
    srv = ScriptedServer(script)
    ws = wsclient.connect(srv.url, timeout=3)
    assert ws.recv(timeout=3) == '{"type":"pong"}'
    try:
        ws.recv(timeout=3)
        raise AssertionError("no ConnectionClosed")
    except wsclient.ConnectionClosed as e:
        assert e.code == 4001 and e.reason == "idle", (e.code, e.reason)
    srv.join()
    assert srv.log[0] == (OP_PONG, b"hb", True), srv.log
    assert srv.log[1][0] == OP_CLOSE and srv.log[1][1][:2] == struct.pack("!H", 4001), srv.log
    assert ws.pings_received == 1


@case
def timeout_keeps_partial_frame() -> None:
    frame = server_frame(OP_TEXT, b"x" * 300)
    gate = threading.Event()

    def script(sock, buf, srv):
        sock.sendall(frame[:5])
        gate.wait(5)
        sock.sendall(frame[5:])
        time.sleep(0.3)
    srv = ScriptedServer(script)
    ws = wsclient.connect(srv.url, timeout=3)
    try:
        ws.recv(timeout=0.3)
        raise AssertionError("no timeout")
    except TimeoutError:
        pass
    gate.set()
    assert ws.recv(timeout=3) == "x" * 300


@case
def large_message_64bit_length() -> None:
    payload = b"y" * 70000

    def script(sock, buf, srv):
        sock.sendall(server_frame(OP_BINARY, payload))
        time.sleep(0.3)
    srv = ScriptedServer(script)
    ws = wsclient.connect(srv.url, timeout=3)
    assert ws.recv(timeout=3) == payload


@case
def close_without_code_is_1005_and_eof_is_1006() -> None:
    srv = ScriptedServer(lambda sock, buf, s: sock.sendall(server_frame(OP_CLOSE, b"")))
    ws = wsclient.connect(srv.url, timeout=3)
    try:
        ws.recv(timeout=3)
        raise AssertionError("no ConnectionClosed")
    except wsclient.ConnectionClosed as e:
        assert e.code == 1005, e.code
    srv2 = ScriptedServer(lambda sock, buf, s: None)
    ws2 = wsclient.connect(srv2.url, timeout=3)
    try:
        ws2.recv(timeout=3)
        raise AssertionError("no ConnectionClosed")
    except wsclient.ConnectionClosed as e:
        assert e.code == 1006, e.code


@case
def masked_server_frame_is_a_violation() -> None:
    srv = ScriptedServer(lambda sock, buf, s: (sock.sendall(server_frame(OP_TEXT, b"hi", masked=True)),
                                               time.sleep(0.3)))
    ws = wsclient.connect(srv.url, timeout=3)
    try:
        ws.recv(timeout=3)
        raise AssertionError("accepted a masked server frame")
    except wsclient.ProtocolViolation:
        pass


@case
def invalid_utf8_text_is_a_violation() -> None:
    srv = ScriptedServer(lambda sock, buf, s: (sock.sendall(server_frame(OP_TEXT, b"\xff\xfe")),
                                               time.sleep(0.3)))
    ws = wsclient.connect(srv.url, timeout=3)
    try:
        ws.recv(timeout=3)
        raise AssertionError("accepted invalid UTF-8")
    except wsclient.ProtocolViolation:
        pass


@case
def client_fragments_and_binary_are_masked() -> None:
    def script(sock, buf, srv):
        for _ in range(4):
            srv.log.append(read_client_frame(sock, buf))
    srv = ScriptedServer(script)
    ws = wsclient.connect(srv.url, timeout=3)
    ws.send_text("abcdefgh", fragment_size=3)
    ws.send_binary(b"\x00\x01")
    srv.join()
    assert [(op, d) for op, d, _ in srv.log] == [(OP_TEXT, b"abc"), (OP_CONT, b"def"),
                                                 (OP_CONT, b"gh"), (OP_BINARY, b"\x00\x01")], srv.log
    assert all(m for _, _, m in srv.log)


if __name__ == "__main__":
    failed = sum(1 for _, ok, _ in RESULTS if not ok)
    print(f"{len(RESULTS) - failed} passed, {failed} failed")
    sys.exit(1 if failed else 0)
