"""Fault 5: a slow, CPU-heavy handler does not cause a redelivery loop.

A handler that burns the CPU without yielding blocks eventlet, so no AMQP heartbeat goes out; the
broker drops the connection and requeues the unacknowledged event (nameko #475/#477). The inbox,
written in the handler's own transaction, ends the loop at the next delivery: the event is applied
once and redelivered at most once; the process keeps consuming (before shared/nameko_ext.py caught
the failed acknowledgement, nameko killed the service's container and the process sat idle). With
the work in ``eventlet.tpool`` a pure-Python computation still holds the GIL and the 2 s heartbeat
is still missed (measured on an idle 2-core machine), with the same bounded outcome. The heartbeat
is shortened to 2 s so the test takes a couple of minutes, not tens of minutes; the default of
30 s behaves the same past 60 s of blocking.
"""
from __future__ import annotations

import json
import sys
import time
import uuid

import pytest
import sqlalchemy as sa
from amqp import Message
from kombu import Connection

from tests.reliability.conftest import READY_SECONDS
from tests.reliability.fault_rig import Tally, wait_until
from tests.reliability.test_fault_broker_restart import dead_letter_count
from tests.support import Proc, process_env

EVENTS = 3
QUEUE = "evt-dispatch-case.reported--slowtest.on_case_reported"


def publish(uri: str, event_id: str) -> None:
    body = {"case_id": str(uuid.uuid4()), "grid_id": str(uuid.uuid4()), "category": "parking",
            "reported_at": "2026-12-01T08:00:00+00:00"}
    with Connection(uri, connect_timeout=10) as conn:
        conn.connect()
        channel = conn.connection.channel()
        channel.confirm_select()
        channel.basic_publish_confirm(
            Message(json.dumps(body).encode(), content_type="application/json", delivery_mode=2,
                    application_headers={"nameko.tenant": "341181", "nameko.event_id": event_id}),
            exchange="dispatch.events", routing_key="case.reported", mandatory=True)
        channel.close()


def queue_depth(uri: str) -> int:
    with Connection(uri, connect_timeout=10) as conn:
        _, ready, _ = conn.channel().queue_declare(QUEUE, passive=True)
    return ready


@pytest.mark.timeout(600)
@pytest.mark.parametrize("mode", ["block", "tpool"])
def test_cpu_heavy_handler_is_not_redelivered_in_a_loop(mode, own_vhost, tmp_path):
    db = tmp_path / "slow.sqlite"
    env = process_env(AMQP_URI=own_vhost, SLOW_MODE=mode, SLOW_SECONDS="6", SLOW_HEARTBEAT="2",
                      SLOW_DB=str(db))
    proc = Proc(f"slow-{mode}", ["-m", "tests.reliability.slow_consumer"], env, tmp_path)
    try:
        proc.wait_for(lambda p: "ready: " in p.output(), READY_SECONDS)
        events = [str(uuid.uuid4()) for _ in range(EVENTS)]
        for event_id in events:
            publish(own_vhost, event_id)
        engine = sa.create_engine(f"sqlite:///{db}")

        def count(table: str) -> dict[str, int]:
            with engine.connect() as conn:
                rows = conn.execute(sa.text(f"SELECT event_id, count(*) FROM {table} GROUP BY event_id"))
                return dict(rows.all())

        # liveness bound, not a speed figure: each drop costs a reconnect and a redelivery (~110 s
        # for the three events on an idle 2-core machine, in either mode)
        wait_until(lambda: len(count("applied")) == EVENTS, 400, f"{EVENTS} events applied\n"
                   + proc.output()[-3000:])
        time.sleep(8)  # room for any redelivery still to come
        tries, done = count("attempts"), count("applied")
        engine.dispose()
        dropped = proc.output().count("Connection to broker lost") + proc.output().count("connection lost")
        tally = Tally(f"slow_handler_{mode}", sent=EVENTS, accepted=EVENTS, delivered=sum(tries.values()),
                      duplicated_deliveries=sum(tries.values()) - EVENTS, applied=sum(done.values()),
                      applied_twice=sum(n - 1 for n in done.values()),
                      lost=EVENTS - len(done),
                      notes={"max_deliveries_of_one_event": max(tries.values()),
                             "connection_drops_logged": dropped, "heartbeat_seconds": 2,
                             "cpu_seconds_per_event": 6, "queue_left": queue_depth(own_vhost),
                             "dead_letters": dead_letter_count(own_vhost)})
        tally.publish()
        assert done == {e: 1 for e in events}
        assert max(tries.values()) <= 2            # bounded: the inbox ends the loop
        assert tally.notes["queue_left"] == 0 and tally.notes["dead_letters"] == 0
    finally:
        proc.stop()
        print(proc.output()[-1500:], file=sys.stderr)
