"""Minimal RFC 6455 WebSocket client over a plain TCP socket (standard library only).

Written independently from the Switchboard sources, for conformance testing. It is deliberately
strict about what the *server* sends (unmasked frames, no RSV bits, valid UTF-8 in text
messages, well-formed control frames) and deliberately flexible about what it can *send*
(arbitrary opcodes, fragments, RSV bits, unmasked frames) so tests can probe the server.

    ws = WebSocket.connect("ws://127.0.0.1:8420/ws", origin="https://shop.example")
    ws.send_text('{"type":"ping"}')
    print(ws.recv(timeout=5))        # str for text messages, bytes for binary ones
    ws.close()

recv() answers pings with pongs on its own, reassembles fragmented messages, and raises
ConnectionClosed (with .code: the server's close code, 1005 when the close frame carried none,
1006 when the TCP connection ended without a close frame) once the connection is closed.
A recv() timeout raises TimeoutError and loses nothing: partially received frames stay
buffered for the next call.
"""

from __future__ import annotations

import base64
import hashlib
import os
import socket
import ssl
import struct
import threading
import time
import urllib.parse

WS_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

OP_CONT = 0x0
OP_TEXT = 0x1
OP_BINARY = 0x2
OP_CLOSE = 0x8
OP_PING = 0x9
OP_PONG = 0xA

_KNOWN_OPCODES = {OP_CONT, OP_TEXT, OP_BINARY, OP_CLOSE, OP_PING, OP_PONG}


class WebSocketError(Exception):
    """Base class of every error raised by this module."""


class HandshakeError(WebSocketError):
    """The server did not complete the opening handshake (non-101 answer or bad headers)."""

    def __init__(self, message: str, status: int | None = None,
                 headers: dict[str, str] | None = None, body: bytes = b""):
        super().__init__(message)
        self.status = status
        self.headers = headers or {}
        self.body = body


class ProtocolViolation(WebSocketError):
    """The server sent something RFC 6455 forbids (the connection is unusable afterwards)."""


class SendError(WebSocketError):
    """Writing to the socket failed. Reading may still work (a close frame may be buffered)."""


class ConnectionClosed(WebSocketError):
    """The connection is closed. `code` is the close code received (1005: none, 1006: no frame)."""

    def __init__(self, code: int, reason: str = ""):
        super().__init__(f"connection closed, code {code}" + (f" ({reason})" if reason else ""))
        self.code = code
        self.reason = reason


def accept_for_key(key: str) -> str:
    """The Sec-WebSocket-Accept value a server must answer for Sec-WebSocket-Key `key`."""
    digest = hashlib.sha1((key + WS_GUID).encode("ascii")).digest()
    return base64.b64encode(digest).decode("ascii")


def build_frame(opcode: int, payload: bytes, fin: bool = True, rsv: int = 0,
                mask: bool = True, mask_key: bytes | None = None) -> bytes:
    """Encode one frame. Clients must mask; `mask=False` exists only to probe servers."""
    b0 = (0x80 if fin else 0) | ((rsv & 0x7) << 4) | (opcode & 0xF)
    n = len(payload)
    mbit = 0x80 if mask else 0
    if n < 126:
        header = struct.pack("!BB", b0, mbit | n)
    elif n < 65536:
        header = struct.pack("!BBH", b0, mbit | 126, n)
    else:
        header = struct.pack("!BBQ", b0, mbit | 127, n)
    if not mask:
        return header + payload
    key = mask_key if mask_key is not None else os.urandom(4)
    return header + key + _apply_mask(payload, key)


def _apply_mask(data: bytes, key: bytes) -> bytes:
    if not data:
        return b""
    # XOR with the repeated 4-byte key, done on big integers for speed.
    n = len(data)
    full = (key * (n // 4 + 1))[:n]
    return (int.from_bytes(data, "big") ^ int.from_bytes(full, "big")).to_bytes(n, "big")


class WebSocket:
    """A client connection. Use WebSocket.connect(); the constructor takes a connected socket."""

    def __init__(self, sock: socket.socket, leftover: bytes = b"",
                 response_headers: dict[str, str] | None = None,
                 max_message_size: int = 64 * 1024 * 1024):
        self.sock = sock
        self.response_headers = response_headers or {}
        self.max_message_size = max_message_size
        self._buf = bytearray(leftover)
        self._send_lock = threading.Lock()
        self._frag_opcode: int | None = None
        self._frag_parts: list[bytes] = []
        self._frag_size = 0
        self.close_sent = False
        self.close_code: int | None = None      # code received from the server
        self.close_reason = ""
        self.closed = False
        self.pings_received = 0
        self.pongs_received = 0

    # ------------------------------------------------------------------ handshake
    @classmethod
    def connect(cls, url: str, origin: str | None = None, timeout: float = 10.0,
                headers: dict[str, str] | None = None, offer_deflate: bool = False,
                verify_tls: bool = True, source_address: str | None = None) -> "WebSocket":
        """Open a TCP (or TLS for wss://) connection and perform the opening handshake.

        `origin` adds an Origin header. `offer_deflate` offers permessage-deflate so a test can
        check the server declines it (this client never actually compresses). Raises
        HandshakeError for any answer other than a valid 101. `source_address` binds the client's
        end first (e.g. 127.0.0.2: all of 127/8 is loopback on Linux).
        """
        u = urllib.parse.urlsplit(url)
        if u.scheme not in ("ws", "wss"):
            raise ValueError(f"not a ws:// or wss:// URL: {url}")
        secure = u.scheme == "wss"
        host = u.hostname or "127.0.0.1"
        port = u.port or (443 if secure else 80)
        path = u.path or "/"
        if u.query:
            path += "?" + u.query

        sock = socket.create_connection(
            (host, port), timeout=timeout,
            source_address=(source_address, 0) if source_address else None)
        try:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            if secure:
                ctx = ssl.create_default_context()
                if not verify_tls:
                    ctx.check_hostname = False
                    ctx.verify_mode = ssl.CERT_NONE
                sock = ctx.wrap_socket(sock, server_hostname=host)

            key = base64.b64encode(os.urandom(16)).decode("ascii")
            host_header = host if (u.port is None) else f"{host}:{port}"
            if ":" in host and not host.startswith("["):       # IPv6 literal
                host_header = f"[{host}]" + ("" if u.port is None else f":{port}")
            lines = [
                f"GET {path} HTTP/1.1",
                f"Host: {host_header}",
                "Upgrade: websocket",
                "Connection: Upgrade",
                f"Sec-WebSocket-Key: {key}",
                "Sec-WebSocket-Version: 13",
            ]
            if origin is not None:
                lines.append(f"Origin: {origin}")
            if offer_deflate:
                lines.append("Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits")
            for k, v in (headers or {}).items():
                lines.append(f"{k}: {v}")
            sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))

            deadline = time.monotonic() + timeout
            raw = bytearray()
            while b"\r\n\r\n" not in raw:
                if len(raw) > 65536:
                    raise HandshakeError("handshake response headers too large")
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise HandshakeError("timed out waiting for the handshake response")
                sock.settimeout(remaining)
                try:
                    chunk = sock.recv(4096)
                except socket.timeout:
                    raise HandshakeError("timed out waiting for the handshake response") from None
                if not chunk:
                    raise HandshakeError("connection closed during the handshake")
                raw += chunk
            head, _, rest = bytes(raw).partition(b"\r\n\r\n")
            status, reason, hdrs = _parse_http_head(head)

            if status != 101:
                body = rest
                clen = hdrs.get("content-length")
                if clen and clen.isdigit():
                    want = min(int(clen), 1 << 20)
                    while len(body) < want and time.monotonic() < deadline:
                        sock.settimeout(max(0.01, deadline - time.monotonic()))
                        try:
                            chunk = sock.recv(4096)
                        except (socket.timeout, OSError):
                            break
                        if not chunk:
                            break
                        body += chunk
                raise HandshakeError(f"handshake refused: HTTP {status} {reason}",
                                     status=status, headers=hdrs, body=body)
            if hdrs.get("upgrade", "").lower() != "websocket":
                raise HandshakeError(f"101 without 'Upgrade: websocket' ({hdrs.get('upgrade')!r})",
                                     status, hdrs)
            conn_tokens = [t.strip().lower() for t in hdrs.get("connection", "").split(",")]
            if "upgrade" not in conn_tokens:
                raise HandshakeError(f"101 without 'Connection: Upgrade' ({hdrs.get('connection')!r})",
                                     status, hdrs)
            expected = accept_for_key(key)
            if hdrs.get("sec-websocket-accept") != expected:
                raise HandshakeError(
                    f"bad Sec-WebSocket-Accept {hdrs.get('sec-websocket-accept')!r}, "
                    f"expected {expected!r}", status, hdrs)
            if not offer_deflate and hdrs.get("sec-websocket-extensions"):
                raise HandshakeError("server selected an extension that was not offered: "
                                     + hdrs["sec-websocket-extensions"], status, hdrs)
            sock.settimeout(None)
            return cls(sock, leftover=rest, response_headers=hdrs)
        except BaseException:
            try:
                sock.close()
            except OSError:
                pass
            raise

    # ------------------------------------------------------------------ sending
    def send_frame(self, opcode: int, payload: bytes, fin: bool = True, rsv: int = 0,
                   mask: bool = True) -> None:
        """Send one raw frame (tests use this to send deliberately invalid frames too)."""
        data = build_frame(opcode, payload, fin=fin, rsv=rsv, mask=mask)
        with self._send_lock:
            try:
                self.sock.settimeout(30)
                self.sock.sendall(data)
            except OSError as e:
                raise SendError(f"send failed: {e}") from e

    def send_text(self, text: str, fragment_size: int | None = None) -> None:
        """Send a text message, split into fragments of `fragment_size` bytes if given."""
        self._send_data(OP_TEXT, text.encode("utf-8"), fragment_size)

    def send_binary(self, data: bytes, fragment_size: int | None = None) -> None:
        self._send_data(OP_BINARY, data, fragment_size)

    def _send_data(self, opcode: int, payload: bytes, fragment_size: int | None) -> None:
        if self.close_sent:
            raise SendError("close frame already sent")
        if not fragment_size or len(payload) <= fragment_size:
            self.send_frame(opcode, payload)
            return
        parts = [payload[i:i + fragment_size] for i in range(0, len(payload), fragment_size)]
        for i, part in enumerate(parts):
            self.send_frame(opcode if i == 0 else OP_CONT, part, fin=(i == len(parts) - 1))

    def ping(self, payload: bytes = b"") -> None:
        self.send_frame(OP_PING, payload)

    def send_close(self, code: int | None = 1000, reason: str = "") -> None:
        """Send a close frame (once). code=None sends an empty close payload."""
        if self.close_sent:
            return
        payload = b"" if code is None else struct.pack("!H", code) + reason.encode("utf-8")[:123]
        self.close_sent = True
        try:
            self.send_frame(OP_CLOSE, payload)
        except SendError:
            pass

    def close(self, code: int = 1000, reason: str = "", timeout: float = 2.0) -> int | None:
        """Close politely: send a close frame, wait for the server's, drop the socket.

        Returns the server's close code if one arrived (None otherwise). Data messages that
        arrive meanwhile are discarded.
        """
        if not self.closed:
            self.send_close(code, reason)
            deadline = time.monotonic() + timeout
            try:
                while True:
                    remaining = deadline - time.monotonic()
                    if remaining <= 0:
                        break
                    self.recv(timeout=remaining)
            except (ConnectionClosed, TimeoutError, WebSocketError, OSError):
                pass
        self._drop()
        return self.close_code

    def _drop(self) -> None:
        self.closed = True
        try:
            self.sock.close()
        except OSError:
            pass

    # ------------------------------------------------------------------ receiving
    def recv(self, timeout: float | None = None) -> str | bytes:
        """Return the next data message: str (text) or bytes (binary).

        Raises TimeoutError after `timeout` seconds (None: wait forever), ConnectionClosed once
        the connection is closed, ProtocolViolation if the server breaks RFC 6455.
        """
        if self.closed:
            raise ConnectionClosed(self.close_code if self.close_code is not None else 1006,
                                   self.close_reason)
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            fin, rsv, opcode, payload = self._read_frame(deadline)
            if rsv:
                self._fail(f"frame with RSV bits {rsv:#x} but no extension negotiated")
            if opcode not in _KNOWN_OPCODES:
                self._fail(f"frame with reserved opcode {opcode:#x}")
            if opcode >= 0x8:                     # control frame
                if not fin:
                    self._fail("fragmented control frame")
                if len(payload) > 125:
                    self._fail("control frame payload over 125 bytes")
                if opcode == OP_PING:
                    self.pings_received += 1
                    if not self.close_sent:
                        try:
                            self.send_frame(OP_PONG, payload)
                        except SendError:
                            pass
                    continue
                if opcode == OP_PONG:
                    self.pongs_received += 1
                    continue
                # close
                if len(payload) == 0:
                    code, reason = 1005, ""
                elif len(payload) == 1:
                    self._fail("close frame with a 1-byte payload")
                else:
                    code = struct.unpack("!H", payload[:2])[0]
                    try:
                        reason = payload[2:].decode("utf-8")
                    except UnicodeDecodeError:
                        self._fail("close reason is not valid UTF-8")
                self.close_code, self.close_reason = code, reason
                if not self.close_sent:
                    # Echo the status code back, as RFC 6455 section 5.5.1 suggests.
                    self.send_close(code if code not in (1005, 1006, 1015) else 1000)
                self._drop()
                raise ConnectionClosed(code, reason)

            # data frames
            if opcode == OP_CONT:
                if self._frag_opcode is None:
                    self._fail("continuation frame without a message in progress")
            else:
                if self._frag_opcode is not None:
                    self._fail("new data frame while a fragmented message is in progress")
                self._frag_opcode = opcode
                self._frag_parts = []
                self._frag_size = 0
            self._frag_parts.append(payload)
            self._frag_size += len(payload)
            if self._frag_size > self.max_message_size:
                self._fail("message larger than max_message_size")
            if not fin:
                continue
            data = b"".join(self._frag_parts)
            op = self._frag_opcode
            self._frag_opcode, self._frag_parts, self._frag_size = None, [], 0
            if op == OP_TEXT:
                try:
                    return data.decode("utf-8")
                except UnicodeDecodeError:
                    self._fail("text message is not valid UTF-8")
            return data

    def _fail(self, why: str) -> None:
        self.send_close(1002, why[:100])
        self._drop()
        raise ProtocolViolation(why)

    def _fill(self, n: int, deadline: float | None) -> None:
        """Make sure at least n bytes are buffered (or raise TimeoutError/ConnectionClosed)."""
        while len(self._buf) < n:
            if deadline is None:
                self.sock.settimeout(None)
            else:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError("timed out waiting for a WebSocket frame")
                self.sock.settimeout(remaining)
            try:
                chunk = self.sock.recv(max(65536, n - len(self._buf)))
            except socket.timeout:
                raise TimeoutError("timed out waiting for a WebSocket frame") from None
            except OSError as e:
                self.close_code = 1006
                self.close_reason = f"socket error: {e}"
                self._drop()
                raise ConnectionClosed(1006, self.close_reason) from e
            if not chunk:
                self.close_code = 1006
                self.close_reason = "TCP connection ended without a close frame"
                self._drop()
                raise ConnectionClosed(1006, self.close_reason)
            self._buf += chunk

    def _read_frame(self, deadline: float | None) -> tuple[bool, int, int, bytes]:
        # Nothing is consumed from the buffer until a whole frame is there, so a timeout never
        # loses data.
        self._fill(2, deadline)
        b0, b1 = self._buf[0], self._buf[1]
        fin = bool(b0 & 0x80)
        rsv = (b0 >> 4) & 0x7
        opcode = b0 & 0xF
        masked = bool(b1 & 0x80)
        n = b1 & 0x7F
        hlen = 2
        if n == 126:
            self._fill(4, deadline)
            n = struct.unpack("!H", self._buf[2:4])[0]
            hlen = 4
        elif n == 127:
            self._fill(10, deadline)
            n = struct.unpack("!Q", self._buf[2:10])[0]
            hlen = 10
            if n >> 63:
                self._fail("64-bit frame length with the most significant bit set")
        if masked:
            self._fail("the server sent a masked frame (RFC 6455 5.1 forbids it)")
        if n > self.max_message_size:
            self._fail(f"frame of {n} bytes exceeds max_message_size")
        self._fill(hlen + n, deadline)
        payload = bytes(self._buf[hlen:hlen + n])
        del self._buf[:hlen + n]
        return fin, rsv, opcode, payload


def _parse_http_head(head: bytes) -> tuple[int, str, dict[str, str]]:
    text = head.decode("latin-1")
    lines = text.split("\r\n")
    parts = lines[0].split(" ", 2)
    if len(parts) < 2 or not parts[0].startswith("HTTP/") or not parts[1].isdigit():
        raise HandshakeError(f"malformed status line {lines[0]!r}")
    status = int(parts[1])
    reason = parts[2] if len(parts) > 2 else ""
    hdrs: dict[str, str] = {}
    for line in lines[1:]:
        if not line:
            continue
        name, sep, value = line.partition(":")
        if not sep:
            raise HandshakeError(f"malformed header line {line!r}", status)
        name = name.strip().lower()
        value = value.strip()
        hdrs[name] = f"{hdrs[name]}, {value}" if name in hdrs else value
    return status, reason, hdrs


def connect(url: str, origin: str | None = None, timeout: float = 10.0, **kw) -> WebSocket:
    """Shorthand for WebSocket.connect()."""
    return WebSocket.connect(url, origin=origin, timeout=timeout, **kw)
