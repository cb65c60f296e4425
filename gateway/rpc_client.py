"""Asyncio client of nameko's RPC wire protocol, for the gateway.

Why hand-written: no maintained async nameko client installs, and a nameko client per request
costs a connection and a reply queue each time (10–20 req/s). This module keeps ONE robust
connection, ONE channel (publisher confirms) and ONE reply queue per process, and matches replies
to calls by correlation id, so any number of calls can be in flight. It must not import nameko or
eventlet: the gateway is never eventlet-patched. See docs/RPC_CLIENT.md.
"""
from __future__ import annotations

import asyncio
import base64
import json
import logging
import time as _clock
import uuid
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

import aio_pika
from aio_pika.abc import (
    AbstractExchange, AbstractIncomingMessage, AbstractRobustChannel, AbstractRobustConnection,
)
from aio_pika.exceptions import AMQPError, ChannelInvalidStateError, PublishError

from shared.errors import CivicError, Internal, Timeout, Unavailable, UnknownService, from_wire

log = logging.getLogger(__name__)

RPC_EXCHANGE = "nameko-rpc"          # nameko's default RPC_EXCHANGE_CONFIG_KEY value
REPLY_QUEUE_TTL_MS = 300_000         # nameko.rpc.RPC_REPLY_QUEUE_TTL: survives short outages
HEADER_PREFIX = "nameko"             # nameko.constants.HEADER_PREFIX


def _encode(o: Any) -> Any:
    """Encode like kombu's JSON serializer so services receive real datetimes, Decimals, UUIDs."""
    for cls, marker, enc in ((datetime, "datetime", datetime.isoformat), (date, "date", date.isoformat),
                             (time, "time", time.isoformat), (Decimal, "decimal", str),
                             (uuid.UUID, "uuid", lambda u: {"hex": u.hex})):
        if isinstance(o, cls):
            return {"__type__": marker, "__value__": enc(o)}
    raise TypeError(f"{type(o).__name__} cannot be sent over RPC")


_DECODERS = {
    "datetime": datetime.fromisoformat, "date": lambda v: datetime.fromisoformat(v).date(),
    "time": time.fromisoformat, "decimal": Decimal, "uuid": lambda v: uuid.UUID(**v),
    "bytes": lambda v: v.encode("utf-8"), "base64": lambda v: base64.b64decode(v),
}


def _decode(o: dict[str, Any]) -> Any:
    """Undo kombu's type markers in replies (services serialize with kombu's JSON)."""
    if o.keys() == {"__type__", "__value__"} and o["__type__"] in _DECODERS:
        return _DECODERS[o["__type__"]](o["__value__"])
    return o


class RpcClient:
    """One connection, one reply queue, many concurrent calls; every call bounded in time."""

    def __init__(self, amqp_uri: str, *, timeout: float = 10.0, connect_timeout: float = 5.0,
                 reconnect_interval: float = 2.0, name: str = "gateway"):
        self.amqp_uri = amqp_uri
        self.timeout = timeout
        self.connect_timeout = connect_timeout
        self.reconnect_interval = reconnect_interval
        self.name = name
        self.client_id = str(uuid.uuid4())
        # nameko binds reply queues by a uuid routing key and names them rpc.reply-<who>-<uuid>
        self.reply_queue_name = f"rpc.reply-{name}-{self.client_id}"
        self.reply_queues_declared = 0
        self._connection: AbstractRobustConnection | None = None
        self._channel: AbstractRobustChannel | None = None
        self._exchange: AbstractExchange | None = None
        self._pending: dict[str, asyncio.Future[dict[str, Any]]] = {}
        self._start_lock = asyncio.Lock()
        self._last_failed_start = float("-inf")
        self._closed = False

    @property
    def is_connected(self) -> bool:
        """True when a call can be published now (False while the robust connection recovers)."""
        conn, channel = self._connection, self._channel
        return (conn is not None and not conn.is_closed and conn.connected.is_set()
                and channel is not None and not channel.is_closed)

    @property
    def in_flight(self) -> int:
        return len(self._pending)

    async def start(self) -> None:
        """Connect, declare the reply queue and consume it. Raises Unavailable if the broker is down."""
        await self._start(throttled=False)

    async def _start(self, *, throttled: bool) -> None:
        async with self._start_lock:
            if self._connection is not None:
                return
            if self._closed:
                raise Unavailable("RPC client is closed", "RPC 客户端已关闭")
            if throttled and _clock.monotonic() - self._last_failed_start < self.reconnect_interval:
                raise Unavailable("message broker unreachable", "消息中间件无法连接")
            connection: AbstractRobustConnection | None = None
            try:
                connection = await aio_pika.connect_robust(
                    self.amqp_uri, timeout=self.connect_timeout,
                    reconnect_interval=self.reconnect_interval,
                    client_properties={"connection_name": f"civicgrid-{self.name}-{self.client_id}"})
                channel = await connection.channel(publisher_confirms=True, on_return_raises=True)
                exchange = await channel.declare_exchange(
                    RPC_EXCHANGE, aio_pika.ExchangeType.TOPIC, durable=True)
                # durable like nameko's (RabbitMQ deprecates transient non-exclusive queues); a
                # classic queue, x-expires removes it after the process is gone
                queue = await channel.declare_queue(
                    self.reply_queue_name, durable=True, arguments={"x-expires": REPLY_QUEUE_TTL_MS})
                await queue.bind(exchange, routing_key=self.client_id)
                await queue.consume(self._on_reply, no_ack=True)
            except Exception as exc:  # refused, DNS, auth, timeout: all mean "not now"
                self._last_failed_start = _clock.monotonic()
                if connection is not None:
                    await asyncio.gather(connection.close(), return_exceptions=True)
                raise Unavailable(f"message broker unreachable: {type(exc).__name__}",
                                  "消息中间件无法连接") from exc
            self.reply_queues_declared += 1
            connection.close_callbacks.add(self._on_lost)
            channel.close_callbacks.add(self._on_lost)
            self._connection, self._channel, self._exchange = connection, channel, exchange

    async def close(self) -> None:
        self._closed = True
        connection, self._connection, self._channel = self._connection, None, None
        self._fail_pending("RPC client closed", "RPC 客户端已关闭")
        if connection is not None:
            await connection.close()

    async def ready(self, timeout: float = 2.0) -> bool:
        """For /readyz: a broker round trip (passive declare of the RPC exchange)."""
        try:
            await self._ensure_started()
            assert self._channel is not None
            async with asyncio.timeout(timeout):
                channel = await self._channel.get_underlay_channel()
                await channel.exchange_declare(RPC_EXCHANGE, exchange_type="topic", passive=True)
            return True
        except (CivicError, AMQPError, ConnectionError, RuntimeError, TimeoutError):
            return False

    async def call(self, service: str, method: str, *args: Any, context: dict[str, Any],
                   timeout: float | None = None, **kwargs: Any) -> Any:
        """Call ``service.method`` with nameko context data (tenant, principal, trace, language).

        Raises the service's CivicError (code kept), UnknownService, Timeout or Unavailable.
        """
        await self._ensure_started()
        if not self.is_connected:
            raise Unavailable("message broker connection lost; reconnecting",
                              "消息中间件连接中断，正在重连")
        assert self._exchange is not None
        correlation_id = str(uuid.uuid4())
        headers: dict[str, Any] = {f"{HEADER_PREFIX}.{k}": v for k, v in context.items() if v is not None}
        headers[f"{HEADER_PREFIX}.call_id_stack"] = [f"{self.name}.{self.client_id}.{correlation_id}"]
        message = aio_pika.Message(
            json.dumps({"args": list(args), "kwargs": kwargs}, default=_encode).encode(),
            content_type="application/json", content_encoding="utf-8",
            delivery_mode=aio_pika.DeliveryMode.PERSISTENT, correlation_id=correlation_id,
            reply_to=self.client_id, headers=headers)
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._pending[correlation_id] = future  # before publishing: a reply can beat the confirm
        limit = self.timeout if timeout is None else timeout
        try:
            async with asyncio.timeout(limit):
                try:
                    await self._exchange.publish(message, routing_key=f"{service}.{method}",
                                                 mandatory=True)
                except PublishError:  # basic.return: no queue bound for this service
                    raise UnknownService(
                        f"unknown service {service!r}: nothing consumes {service}.{method}",
                        f"未知服务 {service}：没有服务处理 {service}.{method}") from None
                reply = await future
        except TimeoutError:
            raise Timeout(f"{service}.{method} did not answer within {limit:g} s",
                          f"{service}.{method} 未在 {limit:g} 秒内响应") from None
        except (AMQPError, ConnectionError, ChannelInvalidStateError) as exc:
            raise Unavailable(f"message broker connection lost during {service}.{method}",
                              f"调用 {service}.{method} 时消息中间件连接中断") from exc
        finally:
            self._pending.pop(correlation_id, None)  # a late reply then finds nothing and is dropped
        error = reply.get("error")
        if error:
            if not isinstance(error, dict):
                raise Internal("malformed error reply", "错误响应格式无效")
            raise from_wire(error)
        return reply.get("result")

    async def _ensure_started(self) -> None:
        """Start lazily (the broker may have been down at boot), at most once per reconnect interval."""
        if self._connection is None:
            await self._start(throttled=True)

    async def _on_reply(self, message: AbstractIncomingMessage) -> None:
        future = self._pending.get(message.correlation_id or "")
        if future is None or future.done():
            log.debug("dropping reply for unknown or expired call %s", message.correlation_id)
            return
        try:
            body = json.loads(message.body, object_hook=_decode)
            if not isinstance(body, dict):
                raise ValueError("reply is not an object")
        except ValueError:
            future.set_exception(Internal("malformed RPC reply", "RPC 响应格式无效"))
            return
        future.set_result(body)

    def _on_lost(self, _sender: Any, _exc: BaseException | None = None) -> None:
        """Connection or channel gone: fail every pending call now instead of letting it time out."""
        self._fail_pending("message broker connection lost", "消息中间件连接中断")

    def _fail_pending(self, message: str, message_zh: str) -> None:
        for future in self._pending.values():
            if not future.done():
                future.set_exception(Unavailable(message, message_zh))
