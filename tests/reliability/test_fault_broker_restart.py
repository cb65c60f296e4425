"""Fault 2: RabbitMQ stopped and started again during a stream of case reports through the gateway.

Every report the gateway accepted ends up processed (its case.reported event applied once by the
grid service); while the broker is down clients get a coded, retryable error — before the RPC
timeout, never a hang — and the gateway, services and relays recover without a restart.
"""
from __future__ import annotations

import asyncio
import threading
import uuid

import httpx
import pytest

from tests.integration.conftest import Client
from tests.integration.territory_ops import lay_out
from tests.reliability.conftest import admin_token, start_platform
from tests.reliability.fault_rig import (
    SCALE,
    EventTap,
    Tally,
    report_stream,
    wait_until,
)

RPC_TIMEOUT = 8.0
GRID = uuid.UUID


@pytest.mark.timeout(900)
def test_broker_restart_during_case_reports(own_broker, own_cluster, tmp_path_factory):
    _cluster, app_url, db = own_cluster
    platform = start_platform(own_broker.uri, app_url, tmp_path_factory.mktemp("broker-logs"),
                              [["grid"], ["dispatch"]], CIVICGRID_RPC_TIMEOUT=str(RPC_TIMEOUT))
    try:
        run(own_broker, db, platform)
    finally:
        platform.stop()


def run(node, db, platform) -> None:
    bearer = admin_token()
    grid_id = lay_out(Client(platform.url, bearer))["grid"]
    tap = EventTap(node.uri, "dispatch.events", "case.reported")
    outage = threading.Event()

    async def scenario():
        async def progress(done):
            if done == 15 * SCALE and not outage.is_set():
                outage.set()
                await asyncio.to_thread(node.stop)  # while the rest of this stream is in flight

        before = report_stream(platform.url, bearer, grid_id, "before", 50 * SCALE, on_progress=progress)
        first = await before
        down = await report_stream(platform.url, bearer, grid_id, "down", 15 * SCALE, concurrency=3)
        await asyncio.to_thread(node.start)
        # nameko's consumers retry with a growing back-off (up to 8 s): wait until both answer
        await asyncio.to_thread(wait_until, lambda: serving(platform.url, bearer), 120,
                                "grid and dispatch answering again")
        after = await report_stream(platform.url, bearer, grid_id, "after", 30 * SCALE)
        return first, down, after

    first, down, after = asyncio.run(scenario())
    outcomes = first + down + after
    accepted = [o for o in outcomes if o.kind == "accepted"]
    refused = [o for o in outcomes if o.kind != "accepted"]

    # while the broker was down: a coded, retryable refusal, before the RPC timeout
    assert down and all(o.kind == "UNAVAILABLE" and o.retryable for o in down), \
        {o.kind for o in down}
    assert max(o.seconds for o in down) < RPC_TIMEOUT
    assert all(o.retryable for o in refused), {o.kind for o in refused}
    # after the restart: everything goes through again without restarting any process
    assert all(o.kind == "accepted" for o in after), {o.kind for o in after}

    cases = "SELECT count(*) FROM cases WHERE grid_id = :g"
    stored = db("dispatch", cases, g=GRID(grid_id))
    opened = "SELECT open_case_count FROM grids WHERE id = :g"
    wait_until(lambda: db("grid", opened, g=GRID(grid_id)) == stored, 60,
               f"the grid to count all {stored} cases\n{platform.output()}")
    missing_accepted = sum(db("dispatch", "SELECT count(*) FROM cases WHERE id = :c",
                              c=GRID(o.case_id)) == 0 for o in accepted)
    seen = tap.drain()
    unsent = db("dispatch", "SELECT count(*) FROM outbox WHERE sent_at IS NULL")
    dead = dead_letter_count(node.uri)
    tally = Tally(
        "broker_restart", sent=len(outcomes), accepted=len(accepted),
        refused_retryable=sum(o.retryable for o in refused),
        refused_other=sum(not o.retryable for o in refused),
        delivered=len(seen), duplicated_deliveries=sum(n - 1 for n in seen.values()),
        applied=db("grid", opened, g=GRID(grid_id)), applied_twice=0,
        lost=missing_accepted + max(0, stored - db("grid", opened, g=GRID(grid_id))),
        notes={"cases_stored": stored,
               "stored_though_refused": stored - len(accepted),
               "max_seconds_refusal_while_down": round(max(o.seconds for o in down), 3),
               "outbox_unsent": unsent, "dead_letters": dead})
    tally.publish()
    assert missing_accepted == 0
    assert tally.applied == stored          # every stored case applied exactly once
    assert tally.delivered == stored and unsent == 0 and dead == 0
    inbox = db("grid", "SELECT count(*) FROM inbox WHERE consumer = 'grid.on_case_reported'")
    assert inbox == stored


def serving(url: str, bearer: str) -> bool:
    try:
        body = httpx.post(url + "/graphql", headers={"Authorization": f"Bearer {bearer}"}, timeout=15,
                          json={"query": "{ serviceHealth { service status } }"}).json()
    except (httpx.HTTPError, ValueError):
        return False
    status = {h["service"]: h["status"] for h in (body.get("data") or {}).get("serviceHealth") or []}
    return status.get("grid") == "ok" and status.get("dispatch") == "ok"


def dead_letter_count(uri: str) -> int:
    from kombu import Connection

    from shared.broker import DEAD_LETTER_QUEUE

    with Connection(uri, connect_timeout=10) as conn:
        _, count, _ = conn.channel().queue_declare(DEAD_LETTER_QUEUE, passive=True)
    return count
