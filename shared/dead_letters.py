"""Reading and replaying the dead-letter queue (``civicgrid dead-letters list|replay``).

A work queue (``rpc-*``, ``evt-*``) dead-letters a message through ``civicgrid.dlx`` into the quorum
queue ``civicgrid.dead-letters`` when a consumer rejects it (an event without a tenant: reason
``rejected``) or when it was delivered more often than the policy's delivery limit (a handler that
keeps failing: reason ``delivery_limit``). RabbitMQ records where it died in the ``x-death`` header
(newest first: ``queue``, ``reason``, ``exchange``, ``routing-keys``, ``count``, ``time``) and in
``x-first-death-queue|reason|exchange``.

Plain synchronous AMQP over a kombu connection (py-amqp); no eventlet, so it runs in the CLI.

How messages are read without losing them: we consume with manual acknowledgement, at most the
number of messages ready when we started, cancel the consumer, then acknowledge only what was
replayed and return (nack, requeue) everything else. Caveats:
- while a list or replay runs, the held messages are invisible to any other reader;
- a returned message may not keep its place in the quorum queue, so ``index`` is the order of this
  read, not a stable address: select a message to replay by its event id;
- each read adds to the message's ``x-delivery-count`` in the dead-letter queue (harmless: the
  delivery-limit policy matches only ``rpc-*``/``evt-*``, never ``civicgrid.dead-letters``).

Payloads may carry personal data (names, phone numbers, ID numbers): the listing shows only the
first :data:`PREVIEW_CHARS` characters of a body, never the whole body.

Replay republishes a message to the exchange and routing key it was first published to, with its
original properties and headers (the broker's death headers removed), waits for the publisher
confirm (``mandatory``: an unroutable message is an error), and only then acknowledges it in the
dead-letter queue, so a failed replay leaves it there. A replayed event goes to every queue bound
to that routing key again, not only to the one that dead-lettered it; that is safe because event
consumers are idempotent (their inbox is keyed by ``nameko.event_id``).
"""
from __future__ import annotations

import time
from datetime import UTC, datetime

from shared.broker import DEAD_LETTER_QUEUE

PREVIEW_CHARS = 200
TENANT_HEADER = "nameko.tenant"
EVENT_ID_HEADER = "nameko.event_id"
_BROKER_HEADERS = ("x-death", "x-delivery-count")
_BROKER_PREFIXES = ("x-first-death-", "x-last-death-")
_READ_SECONDS = 5.0
_MAX_PREFETCH = 65535


class ReplayFailed(RuntimeError):
    """A dead letter could not be republished; it is still in the dead-letter queue."""


def _text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return str(value)


def _body_bytes(message) -> bytes:
    body = message.body
    if isinstance(body, str):  # py-amqp decodes bodies that declare a content encoding
        return body.encode(message.properties.get("content_encoding") or "utf-8")
    return bytes(body)


def _headers(message) -> dict:
    return dict(message.properties.get("application_headers") or {})


def _first_death(headers: dict) -> dict:
    """The ``x-death`` entry of the first dead-lettering (the list is newest first)."""
    deaths = headers.get("x-death") or []
    return dict(deaths[-1]) if deaths else {}


def _origin(headers: dict) -> tuple[str | None, str | None]:
    death = _first_death(headers)
    exchange = _text(headers.get("x-first-death-exchange", death.get("exchange")))
    keys = death.get("routing-keys") or []
    return exchange, _text(keys[0]) if keys else None


def describe(message, index: int) -> dict:
    """One dead letter as a row of the listing (body cut to a preview)."""
    headers = _headers(message)
    death = _first_death(headers)
    exchange, routing_key = _origin(headers)
    when = death.get("time")
    body = _body_bytes(message).decode("utf-8", errors="replace")
    if isinstance(when, datetime) and when.tzinfo is None:  # AMQP timestamps are UTC seconds
        when = when.replace(tzinfo=UTC)
    return {
        "index": index,
        "original_exchange": exchange,
        "routing_key": routing_key,
        "queue": _text(headers.get("x-first-death-queue", death.get("queue"))),
        "reason": _text(headers.get("x-first-death-reason", death.get("reason"))),
        "count": death.get("count"),
        "first_death_time": when.isoformat() if isinstance(when, datetime) else _text(when),
        "tenant": _text(headers.get(TENANT_HEADER)),
        "event_id": _text(headers.get(EVENT_ID_HEADER) or message.properties.get("message_id")),
        "body_preview": body[:PREVIEW_CHARS],
    }


def replay_message(message):
    """The message to republish: same body and properties, without the broker's death headers."""
    from amqp import Message

    properties = {k: v for k, v in message.properties.items()
                  if k not in ("application_headers", "user_id")}  # user_id is checked by the broker
    headers = {k: v for k, v in _headers(message).items()
               if k not in _BROKER_HEADERS and not k.startswith(_BROKER_PREFIXES)}
    return Message(_body_bytes(message), application_headers=headers, **properties)


class _Held:
    """Dead letters consumed with manual ack and held until :meth:`release`."""

    def __init__(self, connection, limit: int | None):
        self.channel = connection.channel()
        self.messages: list = []
        self.settled: set[int] = set()
        _, ready, _ = self.channel.queue_declare(DEAD_LETTER_QUEUE, passive=True)
        self.wanted = min(ready, limit) if limit is not None else ready
        if self.wanted <= 0:
            return
        self.channel.basic_qos(0, min(self.wanted, _MAX_PREFETCH), False)
        tag = self.channel.basic_consume(DEAD_LETTER_QUEUE, no_ack=False,
                                         callback=self.messages.append)
        deadline = time.monotonic() + _READ_SECONDS
        while len(self.messages) < self.wanted and time.monotonic() < deadline:
            try:
                connection.drain_events(timeout=max(0.1, deadline - time.monotonic()))
            except TimeoutError:
                break
        self.channel.basic_cancel(tag)

    def ack(self, message) -> None:
        self.channel.basic_ack(message.delivery_tag)
        self.settled.add(message.delivery_tag)

    def release(self) -> None:
        """Return every message not acknowledged to the dead-letter queue."""
        for message in self.messages:
            if message.delivery_tag not in self.settled:
                self.channel.basic_reject(message.delivery_tag, requeue=True)
        self.channel.close()


def _connect(amqp_uri: str):
    from kombu import Connection

    connection = Connection(amqp_uri, connect_timeout=5)
    connection.connect()
    return connection


def list_dead_letters(amqp_uri: str, limit: int = 50) -> list[dict]:
    """Up to ``limit`` dead letters, oldest first as read; every one stays in the queue."""
    with _connect(amqp_uri) as connection:
        held = _Held(connection.connection, max(0, int(limit)))
        try:
            return [describe(m, i) for i, m in enumerate(held.messages, start=1)]
        finally:
            held.release()


def replay(amqp_uri: str, *, event_id: str | None = None, all: bool = False) -> int:
    """Republish the dead letters with ``event_id`` (or ``all``) to where they were first
    published, each confirmed before it is removed from the dead-letter queue; returns how many."""
    if bool(event_id) == bool(all):
        raise ValueError("give either an event id or all=True")
    with _connect(amqp_uri) as connection:
        raw = connection.connection
        held = _Held(raw, None)
        publisher = raw.channel()
        replayed = 0
        try:
            for message in held.messages:
                headers = _headers(message)
                if not all and _text(headers.get(EVENT_ID_HEADER)
                                     or message.properties.get("message_id")) != str(event_id):
                    continue
                exchange, routing_key = _origin(headers)
                if exchange is None or routing_key is None:
                    raise ValueError("a dead letter without x-death origin cannot be replayed")
                try:  # waits for the confirm; a nack or an unroutable (returned) message raises
                    publisher.basic_publish_confirm(replay_message(message), exchange=exchange,
                                                    routing_key=routing_key, mandatory=True,
                                                    confirm_timeout=10)
                except Exception as exc:
                    raise ReplayFailed(f"replay to {exchange!r} with routing key {routing_key!r} "
                                       f"failed after {replayed} replayed: {exc}") from exc
                held.ack(message)
                replayed += 1
        finally:
            held.release()
            if publisher.is_open:  # a failed publish (e.g. no such exchange) closes it already
                publisher.close()
        return replayed
