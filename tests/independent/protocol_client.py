"""A small client library for the Switchboard wire protocol v1 (see /work/shared/PROTOCOL.md).

Built on wsclient.py, standard library only. Every received message is parsed as JSON and kept
in an inbox; wait_for() returns the first message of a given type (matching an optional
predicate), taking it from the inbox if it already arrived and buffering everything else it
reads meanwhile, so a test can wait for things in any order.

    c = connect("ws://127.0.0.1:8420/ws")
    welcome = c.hello_customer(name="Ann", team="sales")
    ack = c.send_and_ack("Hello")                  # customer: conversation omitted
    msg = agent.wait_for("message", lambda m: m["client_id"] == ack["client_id"])
"""

from __future__ import annotations

import itertools
import json
import os
import time
from typing import Any, Callable

import wsclient
from wsclient import ConnectionClosed, HandshakeError, WebSocket  # noqa: F401 (re-exported)

Msg = dict[str, Any]
Pred = Callable[[Msg], bool] | None

DEFAULT_TIMEOUT = 5.0


class ProtocolError(Exception):
    """The server answered with an `error` message (or something unparseable) instead."""

    def __init__(self, message: str, msg: Msg | None = None):
        super().__init__(message)
        self.msg = msg

    @property
    def code(self) -> str | None:
        return (self.msg or {}).get("code")


class WaitTimeout(TimeoutError):
    """Nothing matching arrived in time. `.inbox` lists what did arrive (types only)."""


_counter = itertools.count(1)


def new_client_id(prefix: str = "c") -> str:
    """A fresh client_id matching [A-Za-z0-9_-]{1,64}."""
    return f"{prefix}-{os.urandom(6).hex()}-{next(_counter)}"


class Client:
    def __init__(self, ws: WebSocket, name: str = "client"):
        self.ws = ws
        self.name = name
        self.inbox: list[Msg] = []        # received, not yet consumed by wait_for()
        self.received: list[Msg] = []     # every message ever received, in order
        self.raw_problems: list[str] = [] # frames that were not one JSON object
        self.welcome: Msg | None = None
        self.close_code: int | None = None

    # ------------------------------------------------------------------ low level
    @property
    def closed(self) -> bool:
        return self.close_code is not None

    def send(self, obj: Msg | str, fragment_size: int | None = None) -> None:
        """Send a JSON object (dict) or a raw string as one text message."""
        text = obj if isinstance(obj, str) else json.dumps(obj, ensure_ascii=False,
                                                            separators=(",", ":"))
        self.ws.send_text(text, fragment_size=fragment_size)

    def _read_one(self, timeout: float) -> Msg:
        """Read one data message from the socket. Raises TimeoutError / ConnectionClosed."""
        try:
            data = self.ws.recv(timeout=timeout)
        except ConnectionClosed as e:
            self.close_code = e.code
            raise
        if isinstance(data, bytes):
            self.raw_problems.append(f"binary frame from server: {data[:80]!r}")
            raise ProtocolError("server sent a binary message (protocol says text only)")
        try:
            obj = json.loads(data)
        except ValueError:
            self.raw_problems.append(f"not JSON: {data[:200]!r}")
            raise ProtocolError(f"server sent a message that is not JSON: {data[:200]!r}")
        if not isinstance(obj, dict) or not isinstance(obj.get("type"), str):
            self.raw_problems.append(f"not an object with a string type: {data[:200]!r}")
            raise ProtocolError(f"server message is not an object with a string type: {data[:200]!r}")
        self.received.append(obj)
        return obj

    def pump(self, duration: float) -> list[Msg]:
        """Read everything arriving within `duration` seconds into the inbox; return it."""
        got: list[Msg] = []
        deadline = time.monotonic() + duration
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or self.closed:
                return got
            try:
                m = self._read_one(remaining)
            except (TimeoutError, ConnectionClosed):
                return got
            self.inbox.append(m)
            got.append(m)

    def drain(self) -> list[Msg]:
        """Empty the inbox and return what was in it."""
        out, self.inbox = self.inbox, []
        return out

    # ------------------------------------------------------------------ waiting
    def find(self, type_: str, pred: Pred = None, remove: bool = True) -> Msg | None:
        """The first inbox message of this type matching pred (or None)."""
        for i, m in enumerate(self.inbox):
            if m.get("type") == type_ and (pred is None or _safe(pred, m)):
                if remove:
                    del self.inbox[i]
                return m
        return None

    def wait_for(self, type_: str, pred: Pred = None, timeout: float = DEFAULT_TIMEOUT,
                 raise_on_error: bool = True) -> Msg:
        """Return the first message of `type_` matching `pred`, waiting up to `timeout`.

        Other messages are kept in the inbox. If raise_on_error and an `error` message shows
        up (already buffered or newly read) while waiting for another type, it is removed from
        the inbox and raised as ProtocolError. Raises WaitTimeout, or ConnectionClosed if the
        server closes the connection first.
        """
        if raise_on_error and type_ != "error":
            err = self.find("error")
            if err is not None:
                raise ProtocolError(f"server error {err.get('code')!r}: {err.get('message')!r}", err)
        m = self.find(type_, pred)
        if m is not None:
            return m
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise WaitTimeout(
                    f"{self.name}: no {type_!r} within {timeout:.1f}s; inbox has "
                    f"{[x.get('type') for x in self.inbox][-12:]}")
            if self.closed:
                raise ConnectionClosed(self.close_code or 1006)
            try:
                m = self._read_one(remaining)
            except TimeoutError:
                continue
            if m.get("type") == type_ and (pred is None or _safe(pred, m)):
                return m
            if raise_on_error and m.get("type") == "error" and type_ != "error":
                raise ProtocolError(f"server error {m.get('code')!r}: {m.get('message')!r}", m)
            self.inbox.append(m)

    def expect_none(self, type_: str, pred: Pred = None, timeout: float = 1.0) -> Msg | None:
        """Wait `timeout` seconds; return the first message of type/pred seen (None is good).

        Matching messages stay in the inbox so later waits can still see them.
        """
        m = self.find(type_, pred, remove=False)
        if m is not None:
            return m
        for m in self.pump(timeout):
            if m.get("type") == type_ and (pred is None or _safe(pred, m)):
                return m
        return None

    def wait_closed(self, timeout: float = DEFAULT_TIMEOUT) -> int | None:
        """Read (and buffer) messages until the server closes; return the close code or None."""
        deadline = time.monotonic() + timeout
        while not self.closed:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return None
            try:
                self.inbox.append(self._read_one(remaining))
            except TimeoutError:
                return None
            except ConnectionClosed:
                break
            except ProtocolError:
                continue
            except wsclient.ProtocolViolation:
                self.close_code = -1
                raise
        return self.close_code

    # ------------------------------------------------------------------ protocol helpers
    def hello(self, fields: Msg, timeout: float = DEFAULT_TIMEOUT) -> Msg:
        """Send a hello (fields added to type/v) and return the welcome; errors raise."""
        msg = {"type": "hello", "v": 1}
        msg.update(fields)
        self.send(msg)
        self.welcome = self.wait_for("welcome", timeout=timeout)
        return self.welcome

    def hello_customer(self, token: str | None = None, name: str | None = None,
                       email: str | None = None, page: str | None = None,
                       team: str | None = None, timeout: float = DEFAULT_TIMEOUT) -> Msg:
        fields: Msg = {"role": "customer", "token": token}
        for k, v in (("name", name), ("email", email), ("page", page), ("team", team)):
            if v is not None:
                fields[k] = v
        return self.hello(fields, timeout)

    def hello_agent(self, login: str, password: str, timeout: float = DEFAULT_TIMEOUT) -> Msg:
        return self.hello({"role": "agent", "login": login, "password": password}, timeout)

    def hello_agent_token(self, token: str, timeout: float = DEFAULT_TIMEOUT) -> Msg:
        return self.hello({"role": "agent", "token": token}, timeout)

    @property
    def token(self) -> str | None:
        return (self.welcome or {}).get("token")

    @property
    def conversation(self) -> str | None:
        """A customer's own conversation id, from its welcome."""
        conv = (self.welcome or {}).get("conversation")
        return conv.get("id") if isinstance(conv, dict) else None

    def send_message(self, text: str, conversation: str | None = None,
                     client_id: str | None = None, kind: str | None = None) -> str:
        """Send a `send`; returns the client_id used."""
        cid = client_id or new_client_id(self.name[:8].replace(" ", "_") or "c")
        msg: Msg = {"type": "send", "client_id": cid, "text": text}
        if conversation is not None:
            msg["conversation"] = conversation
        if kind is not None:
            msg["kind"] = kind
        self.send(msg)
        return cid

    def send_and_ack(self, text: str, conversation: str | None = None,
                     client_id: str | None = None, kind: str | None = None,
                     timeout: float = DEFAULT_TIMEOUT) -> Msg:
        cid = self.send_message(text, conversation, client_id, kind)
        return self.wait_for("ack", lambda m: m.get("client_id") == cid, timeout=timeout)

    def ping(self, timeout: float = DEFAULT_TIMEOUT) -> Msg:
        """Application-level {"type":"ping"} -> {"type":"pong"}."""
        self.send({"type": "ping"})
        return self.wait_for("pong", timeout=timeout)

    def barrier(self, timeout: float = DEFAULT_TIMEOUT) -> None:
        """Make sure the server processed everything sent so far (per-connection order)."""
        self.ping(timeout)

    def set_status(self, state: str) -> None:
        self.send({"type": "status", "state": state})

    def expect_error(self, code: str | None = None, timeout: float = DEFAULT_TIMEOUT,
                     pred: Pred = None) -> Msg:
        """Wait for an `error` (any code if code is None) and return it."""
        def match(m: Msg) -> bool:
            return (code is None or m.get("code") == code) and (pred is None or pred(m))
        return self.wait_for("error", match, timeout=timeout)

    def close(self, code: int = 1000) -> None:
        if not self.closed:
            try:
                self.close_code = self.ws.close(code) or 1006
            except Exception:
                self.close_code = 1006
        else:
            self.ws._drop()


def _safe(pred: Callable[[Msg], bool], m: Msg) -> bool:
    try:
        return bool(pred(m))
    except (KeyError, TypeError, AttributeError, IndexError):
        return False


def connect(url: str, origin: str | None = None, name: str = "client",
            timeout: float = DEFAULT_TIMEOUT, **kw) -> Client:
    """Open a WebSocket to `url` (e.g. ws://127.0.0.1:8420/ws) and wrap it in a Client."""
    return Client(wsclient.connect(url, origin=origin, timeout=timeout, **kw), name=name)
