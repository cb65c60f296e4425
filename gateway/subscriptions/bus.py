"""The gateway's view of the services' events, for subscriptions.

Each gateway process consumes one exclusive, auto-delete queue bound to the event exchanges and
routing keys subscriptions need. A message's tenant comes from its ``nameko.tenant`` header (set
by the producing service's outbox relay); it is fanned out to the subscribers of that tenant only,
each of which filters further by its data scope and arguments. Events are live updates, not a
log: a message that arrives while nobody of its tenant listens is dropped, and while the broker is
away nothing is queued for this process (clients re-query after reconnecting).
"""
from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time as _clock
import uuid
from collections import OrderedDict, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import aio_pika
from aio_pika.abc import AbstractIncomingMessage, AbstractRobustConnection

from gateway.subscriptions.places import Places
from shared.errors import CivicError, Unavailable
from shared.principal import EVENT_ID_KEY, TENANT_KEY, is_tenant_code

log = logging.getLogger(__name__)

# exchange (a service's events, see shared.outbox.event_exchange) → routing keys
BINDINGS: dict[str, tuple[str, ...]] = {
    "dispatch.events": ("case.*", "whistle.*"),
    "grid.events": ("emergency.acknowledged",),
}
QUEUE_SIZE = 256  # events waiting for one slow subscriber before it is ended as lagged
SEEN = 4096  # message ids remembered: the outbox delivers at least once


class Lagged(CivicError):
    code = "SUBSCRIPTION_LAGGED"
    retryable = True

    def __init__(self) -> None:
        super().__init__("this subscription fell too far behind the events and was ended; "
                         "subscribe again and re-query", "订阅处理过慢已被终止，请重新订阅并重新查询")


@dataclass(frozen=True)
class Event:
    tenant: str
    name: str  # the routing key, e.g. case.accepted
    payload: dict[str, Any]
    message_id: str | None


class Subscriber:
    """One subscription's inbox: events of its tenant whose name it wants, in arrival order."""

    def __init__(self, tenant: str, wants: Callable[[str], bool], size: int = QUEUE_SIZE):
        self.tenant = tenant
        self.wants = wants
        self.queue: asyncio.Queue[Event] = asyncio.Queue(maxsize=size)
        self.lagged = False

    def offer(self, event: Event) -> None:
        try:
            self.queue.put_nowait(event)
        except asyncio.QueueFull:
            self.lagged = True

    async def next(self, deadline: float | None = None) -> Event | None:
        """The next event, or None when ``deadline`` (epoch seconds) passes first."""
        if self.lagged:
            raise Lagged()
        if deadline is None:
            return await self.queue.get()
        try:
            async with asyncio.timeout(max(0.0, deadline - _clock.time())):
                return await self.queue.get()
        except TimeoutError:
            return None


class EventBus:
    def __init__(self, amqp_uri: str, places: Places, *, bindings: dict[str, tuple[str, ...]] = BINDINGS,
                 reconnect_interval: float = 2.0, connect_timeout: float = 5.0):
        self.amqp_uri = amqp_uri
        self.places = places
        self.bindings = bindings
        self.reconnect_interval = reconnect_interval
        self.connect_timeout = connect_timeout
        self.queue_name = f"gateway.events-{uuid.uuid4()}"
        self._connection: AbstractRobustConnection | None = None
        self._subscribers: dict[str, set[Subscriber]] = defaultdict(set)
        self._seen: OrderedDict[str, None] = OrderedDict()
        self._lock = asyncio.Lock()
        self._last_failed = float("-inf")
        self.delivered = 0  # events handed to subscribers (for tests and metrics)

    async def start(self, *, throttled: bool = False) -> None:
        """Connect, declare the queue and its bindings, consume. Raises Unavailable."""
        async with self._lock:
            if self._connection is not None:
                return
            if throttled and _clock.monotonic() - self._last_failed < self.reconnect_interval:
                raise Unavailable("message broker unreachable", "消息中间件无法连接")
            connection = None
            try:
                connection = await aio_pika.connect_robust(
                    self.amqp_uri, timeout=self.connect_timeout, reconnect_interval=self.reconnect_interval,
                    client_properties={"connection_name": f"civicgrid-{self.queue_name}"})
                channel = await connection.channel()
                # classic: exclusive queues cannot be quorum; gone with the connection
                queue = await channel.declare_queue(self.queue_name, exclusive=True, auto_delete=True,
                                                    arguments={"x-queue-type": "classic"})
                for name, keys in self.bindings.items():
                    # the producers declare the same durable topic exchange; binding before any
                    # producer ran must not fail
                    exchange = await channel.declare_exchange(name, aio_pika.ExchangeType.TOPIC, durable=True)
                    for key in keys:
                        await queue.bind(exchange, routing_key=key)
                await queue.consume(self._on_message, no_ack=True)
            except Exception as exc:
                self._last_failed = _clock.monotonic()
                if connection is not None:
                    await asyncio.gather(connection.close(), return_exceptions=True)
                raise Unavailable(f"message broker unreachable: {type(exc).__name__}",
                                  "消息中间件无法连接") from exc
            self._connection = connection

    async def close(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            await connection.close()

    @property
    def subscriber_count(self) -> int:
        return sum(len(s) for s in self._subscribers.values())

    @contextlib.asynccontextmanager
    async def subscribe(self, tenant: str, wants: Callable[[str], bool]):
        """Receive the tenant's events named as ``wants`` says, while inside the block."""
        if self._connection is None:
            await self.start(throttled=True)
        subscriber = Subscriber(tenant, wants)
        self._subscribers[tenant].add(subscriber)
        try:
            yield subscriber
        finally:
            self._subscribers[tenant].discard(subscriber)
            if not self._subscribers[tenant]:
                del self._subscribers[tenant]

    def _first_time(self, message_id: str | None) -> bool:
        if message_id is None:
            return True
        if message_id in self._seen:
            return False
        self._seen[message_id] = None
        if len(self._seen) > SEEN:
            self._seen.popitem(last=False)
        return True

    async def _on_message(self, message: AbstractIncomingMessage) -> None:
        headers = message.headers or {}
        tenant = headers.get(f"nameko.{TENANT_KEY}")
        if isinstance(tenant, bytes):
            tenant = tenant.decode()
        if not is_tenant_code(tenant):
            log.warning("event %s without a valid tenant header dropped", message.routing_key)
            return
        subscribers = self._subscribers.get(tenant)
        if not subscribers:
            return
        message_id = headers.get(f"nameko.{EVENT_ID_KEY}") or message.message_id
        if not self._first_time(str(message_id) if message_id else None):
            return
        try:
            payload = json.loads(message.body)
        except ValueError:
            payload = None
        if not isinstance(payload, dict):
            log.warning("event %s with a malformed body dropped", message.routing_key)
            return
        event = Event(tenant=tenant, name=message.routing_key or "", payload=payload,
                      message_id=str(message_id) if message_id else None)
        for subscriber in list(subscribers):
            if subscriber.wants(event.name):
                subscriber.offer(event)
                self.delivered += 1
