"""The subscription bus's fan-out, without a broker: a message reaches its tenant's subscribers
only, once, in order; a slow subscriber is ended instead of growing without bound."""
from __future__ import annotations

import json
from dataclasses import dataclass, field

import pytest

from gateway.subscriptions.bus import EventBus, Lagged, Subscriber


@dataclass
class Message:
    routing_key: str
    payload: dict | bytes
    headers: dict = field(default_factory=dict)
    message_id: str | None = None

    @property
    def body(self) -> bytes:
        return self.payload if isinstance(self.payload, bytes) else json.dumps(self.payload).encode()


def bus() -> EventBus:
    b = EventBus("amqp://guest:guest@127.0.0.1:1/", places=None)
    b._connection = object()  # subscribing needs no broker here
    return b


def message(tenant: str | None, key: str = "case.reported", event_id: str = "e1", **payload) -> Message:
    headers = {"nameko.event_id": event_id}
    if tenant is not None:
        headers["nameko.tenant"] = tenant
    return Message(routing_key=key, payload=payload or {"case_id": "c"}, headers=headers)


async def test_fan_out_by_tenant_and_name_once():
    b = bus()
    async with b.subscribe("341181", lambda n: n.startswith("case.")) as mine, \
            b.subscribe("341102", lambda n: True) as theirs, \
            b.subscribe("341181", lambda n: n == "emergency.acknowledged") as other_kind:
        await b._on_message(message("341181", event_id="a"))
        await b._on_message(message("341181", event_id="a"))  # redelivered: dropped
        await b._on_message(message("341181", event_id="b", key="case.accepted"))
        await b._on_message(message(None, event_id="c"))  # no tenant: dropped
        await b._on_message(message("34118", event_id="d"))  # not a county code: dropped
        await b._on_message(Message("case.reported", b"not json", {"nameko.tenant": "341181"}))
        assert [mine.queue.get_nowait().name for _ in range(2)] == ["case.reported", "case.accepted"]
        assert mine.queue.empty() and theirs.queue.empty() and other_kind.queue.empty()
    assert b.subscriber_count == 0


async def test_a_slow_subscriber_is_ended_as_lagged():
    subscriber = Subscriber("341181", lambda n: True, size=2)
    b = bus()
    b._subscribers["341181"].add(subscriber)
    for i in range(3):
        await b._on_message(message("341181", event_id=str(i)))
    with pytest.raises(Lagged):
        await subscriber.next()


async def test_next_returns_none_at_the_deadline():
    import time

    subscriber = Subscriber("341181", lambda n: True)
    assert await subscriber.next(deadline=time.time() - 1) is None
