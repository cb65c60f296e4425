"""Nameko entrypoints and context providers that make every call tenant-scoped.

``rpc`` and ``event_handler`` here replace nameko's: work queues are declared as quorum queues
(the broker policy adds the delivery limit and dead-letter exchange), a message without a tenant
header is refused before any worker runs, and errors are replied as stable codes.
"""
from __future__ import annotations

import logging
import sys

import eventlet

from amqp.exceptions import ConnectionError as AmqpConnectionError
from kombu import Queue
from kombu.exceptions import OperationalError as KombuOperationalError
from nameko.contextdata import ContextDataProvider
from nameko.events import EventHandler
from nameko.messaging import decode_from_headers
from nameko.rpc import Responder, Rpc, RpcConsumer, get_rpc_exchange

from shared.errors import CivicError, TenantRequired, database_unavailable, is_expected, to_wire
from shared.metrics import REFUSED
from shared.principal import (
    EVENT_ID_KEY, PRINCIPAL_KEY, TENANT_KEY, Principal, is_tenant_code,
)

log = logging.getLogger(__name__)
QUORUM = {"x-queue-type": "quorum"}


def tenant_of(context_data: dict) -> str | None:
    tenant = context_data.get(TENANT_KEY)
    return tenant if is_tenant_code(tenant) else None


class CodedResponder(Responder):
    """Replies with :func:`shared.errors.to_wire` instead of nameko's module-path errors."""

    def send_response(self, result, exc_info):
        if exc_info is None:
            return super().send_response(result, exc_info)
        error = to_wire(exc_info[1])
        content_type = self.message.properties["content_type"]
        import kombu.serialization

        serializer = kombu.serialization.registry.type_to_name[content_type]
        from nameko.amqp.publish import Publisher

        Publisher(self.amqp_uri, ssl=self.ssl, login_method=self.login_method).publish(
            {"result": None, "error": error}, serializer=serializer, exchange=self.exchange,
            routing_key=self.message.properties["reply_to"],
            correlation_id=self.message.properties.get("correlation_id"),
        )
        return result, exc_info


class TenantRpcConsumer(RpcConsumer):
    def setup(self):
        super().setup()
        name = self.queue.name
        self.queue = Queue(name, exchange=get_rpc_exchange(), routing_key=self.queue.routing_key,
                           durable=True, queue_arguments=QUORUM)
        self.consumer.queues = [self.queue]

    def handle_result(self, message, result, exc_info):
        from nameko import config
        from nameko.constants import AMQP_SSL_CONFIG_KEY, LOGIN_METHOD_CONFIG_KEY

        if exc_info is not None and not is_expected(exc_info[1]):
            log.error("rpc %s failed", message.delivery_info.get("routing_key"), exc_info=exc_info)
        responder = CodedResponder(self.amqp_uri, get_rpc_exchange(), message,
                                   ssl=config.get(AMQP_SSL_CONFIG_KEY),
                                   login_method=config.get(LOGIN_METHOD_CONFIG_KEY))
        try:
            result, exc_info = responder.send_response(result, exc_info)
        except (OSError, AmqpConnectionError, KombuOperationalError) as exc:
            # the broker went away while this call was being handled: the reply is lost (the caller
            # gets its timeout or UNAVAILABLE), the request stays unacknowledged and is delivered
            # again once the broker is back. Raising here would kill the container (fault 2).
            log.warning("rpc %s: reply not sent (%s): the broker redelivers the request",
                        message.delivery_info.get("routing_key"), exc)
        try:
            self.consumer.ack_message(message)
        except (OSError, AmqpConnectionError) as exc:  # as for events: keep the container alive
            log.warning("rpc %s not acknowledged (%s): the broker redelivers it",
                        message.delivery_info.get("routing_key"), exc)
        return result, exc_info


class TenantRpc(Rpc):
    """An RPC entrypoint that refuses calls without a tenant (``tenant_required=False`` for
    health checks and platform administration)."""

    rpc_consumer = TenantRpcConsumer()

    def __init__(self, tenant_required: bool = True, expected_exceptions=(CivicError,), **kwargs):
        self.tenant_required = tenant_required
        super().__init__(expected_exceptions=expected_exceptions, **kwargs)

    def handle_message(self, body, message):
        if self.tenant_required and tenant_of(decode_from_headers(message.headers)) is None:
            REFUSED.labels(self.container.service_name, "rpc").inc()
            try:
                raise TenantRequired()
            except TenantRequired:
                self.rpc_consumer.handle_result(message, None, sys.exc_info())
            return
        super().handle_message(body, message)

    def handle_result(self, message, worker_ctx, result, exc_info):
        finish = getattr(worker_ctx, "civicgrid_idempotency", None)  # shared.idempotency
        if finish is not None:  # keep a keyed call's answer before it goes out
            try:
                result, exc_info = finish(result, exc_info)
            except Exception:  # noqa: BLE001 - never kill the container over a key (finish logs its own)
                log.exception("rpc %s: idempotency bookkeeping failed", self.method_name)
        return super().handle_result(message, worker_ctx, result, exc_info)


rpc = TenantRpc.decorator


class TenantEventHandler(EventHandler):
    """Event consumer on a quorum queue; an event with no tenant header is dead-lettered, and a
    failed handler requeues the event (the queue's delivery limit then dead-letters it)."""

    def __init__(self, source_service, event_type, requeue_on_error=True, **kwargs):
        super().__init__(source_service, event_type, requeue_on_error=requeue_on_error, **kwargs)

    def setup(self):
        super().setup()
        self.queue = Queue(self.queue.name, exchange=self.queue.exchange,
                           routing_key=self.queue.routing_key, durable=True,
                           queue_arguments=QUORUM)
        self.consumer.queues = [self.queue]

    def handle_message(self, body, message):
        if tenant_of(decode_from_headers(message.headers)) is None:
            REFUSED.labels(self.container.service_name, "event").inc()
            log.warning("event %s.%s without a tenant header rejected to dead letters",
                        self.source_service, self.event_type)
            message.reject(requeue=False)
            return
        super().handle_message(body, message)

    def handle_message_processed(self, message, result=None, exc_info=None):
        """A handler that held the event loop past the heartbeat finds its connection closed by
        the broker: the ack fails. nameko would then kill the whole container (the process stays
        up, consuming nothing); the broker redelivers the message anyway, and the inbox skips it.

        A handler that failed because the database is away waits before handing the event back
        (1, 2, 4, 8, 16 s by the queue's delivery count): requeued at once, the delivery limit
        would be used up within a second and the event dead-lettered (docs/RELIABILITY.md)."""
        if exc_info is not None and self.requeue_on_error and database_unavailable(exc_info[1]):
            eventlet.sleep(min(2 ** int((message.headers or {}).get("x-delivery-count") or 0), 30))
        try:
            super().handle_message_processed(message, result, exc_info)
        except (OSError, AmqpConnectionError) as exc:  # reset, broken pipe, channel closed
            log.warning("event %s.%s not acknowledged (%s): the broker redelivers it",
                        self.source_service, self.event_type, exc)


event_handler = TenantEventHandler.decorator


class Tenant(ContextDataProvider):
    """The calling county's code (租户), from the verified token via the ``nameko.tenant`` header."""

    context_key = TENANT_KEY


class CallingPrincipal(ContextDataProvider):
    """The caller with roles and data scope, or None for internal events."""

    context_key = PRINCIPAL_KEY

    def get_dependency(self, worker_ctx):
        return Principal.from_header(worker_ctx.data.get(self.context_key))


class EventId(ContextDataProvider):
    """The outbox id of the event being handled: the inbox de-duplication key."""

    context_key = EVENT_ID_KEY


def _register_wire_errors() -> None:
    """Let nameko's own RPC proxies (service to service) raise our CivicError with its code."""
    from nameko.exceptions import registry

    from shared.errors import WIRE_PATH, from_wire

    registry[WIRE_PATH] = lambda body=None, *_: from_wire(body or {})


_register_wire_errors()
