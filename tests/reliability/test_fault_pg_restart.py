"""Fault 3: PostgreSQL restarted under load; the services recover without a restart of their own.

The services use a PostgreSQL cluster of this test's own (the machine's server is never touched).
While reports stream through the gateway the cluster is stopped and started again; afterwards new
reports are accepted by the very same service processes, and every stored case was applied once.
"""
from __future__ import annotations

import asyncio
import time
import uuid

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
from tests.reliability.test_fault_broker_restart import dead_letter_count

OUTAGE_SECONDS = 3.0


@pytest.mark.timeout(900)
def test_postgres_restart_under_load(own_vhost, own_cluster, tmp_path_factory):
    cluster, app_url, db = own_cluster
    platform = start_platform(own_vhost, app_url, tmp_path_factory.mktemp("pg-logs"),
                              [["grid"], ["dispatch"]])
    try:
        run(own_vhost, cluster, db, platform)
    finally:
        platform.stop()


def run(amqp_uri, cluster, db, platform) -> None:
    bearer = admin_token()
    grid_id = lay_out(Client(platform.url, bearer))["grid"]
    grid = uuid.UUID(grid_id)
    tap = EventTap(amqp_uri, "dispatch.events", "case.reported")
    pids = {g: p.popen.pid for g, p in platform.procs.items()}

    def outage() -> None:
        db.close()  # the checker's own pooled connections would die with the server
        cluster.stop("fast")
        time.sleep(OUTAGE_SECONDS)
        cluster.start()

    async def scenario():
        async def progress(done):
            if done == 20 * SCALE:
                await asyncio.to_thread(outage)

        during = await report_stream(platform.url, bearer, grid_id, "pg", 60 * SCALE, on_progress=progress)
        after = await report_stream(platform.url, bearer, grid_id, "after", 20 * SCALE)
        return during, after

    during, after = asyncio.run(scenario())
    outcomes = during + after
    accepted = [o for o in outcomes if o.kind == "accepted"]
    refused = [o for o in outcomes if o.kind != "accepted"]

    # the same processes serve again: no restart was needed
    assert {g: p.popen.pid for g, p in platform.procs.items()} == pids
    assert all(p.popen.poll() is None for p in platform.procs.values())
    assert all(o.kind == "accepted" for o in after), {o.kind for o in after}

    stored = db("dispatch", "SELECT count(*) FROM cases WHERE grid_id = :g", g=grid)
    opened = "SELECT open_case_count FROM grids WHERE id = :g"
    dead = dead_letter_count(amqp_uri)
    try:
        wait_until(lambda: db("grid", opened, g=grid) >= stored, 60, "the grid to count every case")
    except AssertionError:
        pass  # counted below as lost
    applied = db("grid", opened, g=grid)
    missing_accepted = sum(db("dispatch", "SELECT count(*) FROM cases WHERE id = :c",
                              c=uuid.UUID(o.case_id)) == 0 for o in accepted)
    seen = tap.drain()
    tally = Tally(
        "postgres_restart", sent=len(outcomes), accepted=len(accepted),
        refused_retryable=sum(o.retryable for o in refused),
        refused_other=sum(not o.retryable for o in refused),
        delivered=len(seen), duplicated_deliveries=sum(n - 1 for n in seen.values()),
        applied=applied, applied_twice=max(0, applied - stored),
        lost=missing_accepted + max(0, stored - applied),
        notes={"cases_stored": stored, "outage_seconds": OUTAGE_SECONDS,
               "refusal_codes": sorted({o.kind for o in refused}), "dead_letters": dead,
               "outbox_unsent": db("dispatch", "SELECT count(*) FROM outbox WHERE sent_at IS NULL")})
    tally.publish()
    assert missing_accepted == 0
    assert applied == stored and tally.notes["outbox_unsent"] == 0
    assert all(o.retryable for o in refused), tally.notes["refusal_codes"]
