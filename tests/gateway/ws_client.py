"""A graphql-transport-ws client on the ``websockets`` package, as a subscribing app would use."""
from __future__ import annotations

import itertools
import json

from websockets.sync.client import connect

PROTOCOL = "graphql-transport-ws"


class Subscriptions:
    """One websocket connection; ``subscribe`` starts operations, ``next`` reads their messages."""

    def __init__(self, base_url: str, bearer: str | None, *, payload: dict | None = None,
                 language: str = "en", timeout: float = 20):
        self.timeout = timeout
        self.ws = connect(base_url.replace("http://", "ws://", 1) + "/graphql", subprotocols=[PROTOCOL],
                          open_timeout=timeout).__enter__()
        self._ids = itertools.count(1)
        self._held: dict[str | None, list[dict]] = {}
        init = payload if payload is not None else {"Accept-Language": language,
                                                    **({"Authorization": f"Bearer {bearer}"} if bearer else {})}
        self.send({"type": "connection_init", "payload": init})
        self.ack = self.receive()

    def send(self, message: dict) -> None:
        self.ws.send(json.dumps(message))

    def receive(self) -> dict:
        while True:
            message = json.loads(self.ws.recv(timeout=self.timeout))
            if message["type"] == "ping":
                self.send({"type": "pong"})
                continue
            return message

    def subscribe(self, query: str, **variables) -> str:
        """Start an operation; returns once the gateway has run a query sent after it on this
        connection. Operations start in the order they arrive and a subscription registers for
        events before it first waits, so events caused after this call reach it."""
        op = str(next(self._ids))
        self.send({"type": "subscribe", "id": op, "payload": {"query": query, "variables": variables}})
        self.query("{ me { tenant } }")
        return op

    def query(self, query: str, **variables) -> dict:
        """A query or mutation over the same connection: its single result."""
        op = f"q{next(self._ids)}"
        self.send({"type": "subscribe", "id": op, "payload": {"query": query, "variables": variables}})
        result = self.next(op)
        assert self.next(op)["type"] == "complete"
        return result

    def next(self, op: str) -> dict:
        """The next message of operation ``op`` (next, error or complete); raises on a close.
        Messages of other operations that arrive meanwhile are kept for them."""
        if self._held.get(op):
            return self._held[op].pop(0)
        while True:
            message = self.receive()
            if message.get("id") == op:
                return message
            self._held.setdefault(message.get("id"), []).append(message)

    def close(self) -> None:
        self.ws.close()

    def __enter__(self) -> Subscriptions:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
