"""Fault 1: services killed with SIGKILL in the middle of a stream of cases, then started again.

The grid service (consumer of case.reported) is killed while events are in flight, then dispatch
(the RPC handler that writes the case and its outbox row) while reports are in flight. Afterwards
every case is consistent: each report is stored at most once (an RPC message redelivered after
dispatch died between commit and acknowledgement carries the same client request id, and is
answered with the stored case), each accepted report is stored, its event was delivered and
applied once (the grid's open-case count equals the stored cases, one inbox row each), nothing is
left in the outbox or the dead letters.
"""
from __future__ import annotations

import asyncio
import collections
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

CASES = 90 * SCALE


@pytest.mark.timeout(900)
def test_sigkill_consumer_and_producer_mid_stream(own_vhost, own_cluster, tmp_path_factory):
    _cluster, app_url, db = own_cluster
    platform = start_platform(own_vhost, app_url, tmp_path_factory.mktemp("sigkill-logs"),
                              [["grid"], ["dispatch"]])
    try:
        run(own_vhost, db, platform)
    finally:
        platform.stop()


def run(amqp_uri: str, db, platform) -> None:
    bearer = admin_token()
    grid_id = lay_out(Client(platform.url, bearer))["grid"]
    grid = uuid.UUID(grid_id)
    tap = EventTap(amqp_uri, "dispatch.events", "case.reported")
    notes: dict = {}

    def kill(group: tuple[str, ...], at: int) -> None:
        stored = db("dispatch", "SELECT count(*) FROM cases WHERE grid_id = :g", g=grid)
        applied = db("grid", "SELECT open_case_count FROM grids WHERE id = :g", g=grid)
        platform.procs[group].popen.kill()  # SIGKILL: no shutdown, no acknowledgements
        platform.procs[group].popen.wait()
        notes[f"{group[0]}_killed_after_reports"] = at
        notes[f"{group[0]}_cases_not_yet_applied_at_kill"] = stored - applied
        platform.restart(group)

    async def scenario():
        async def progress(done):
            if done == 20 * SCALE:
                await asyncio.to_thread(kill, ("grid",), done)
            elif done == 50 * SCALE:
                await asyncio.to_thread(kill, ("dispatch",), done)

        return await report_stream(platform.url, bearer, grid_id, "kill", CASES, concurrency=6,
                                   on_progress=progress)

    outcomes = asyncio.run(scenario())
    accepted = [o for o in outcomes if o.kind == "accepted"]
    refused = [o for o in outcomes if o.kind != "accepted"]

    stored = db("dispatch", "SELECT count(*) FROM cases WHERE grid_id = :g", g=grid)
    opened = "SELECT open_case_count FROM grids WHERE id = :g"
    wait_until(lambda: db("grid", opened, g=grid) >= stored, 60,
               f"the grid to count all {stored} cases\n{platform.output()}")
    per_report = collections.Counter()
    for o in outcomes:
        per_report[o.description] = db("dispatch", "SELECT count(*) FROM cases WHERE description = :d",
                                       d=o.description)
    missing_accepted = sum(per_report[o.description] == 0 for o in accepted)
    stored_twice = sum(n - 1 for n in per_report.values() if n > 1)
    seen = tap.drain()
    applied = db("grid", opened, g=grid)
    inbox = db("grid", "SELECT count(*) FROM inbox WHERE consumer = 'grid.on_case_reported'")
    unsent = db("dispatch", "SELECT count(*) FROM outbox WHERE sent_at IS NULL")
    tally = Tally(
        "sigkill", sent=len(outcomes), accepted=len(accepted),
        refused_retryable=sum(o.retryable for o in refused),
        refused_other=sum(not o.retryable for o in refused),
        delivered=len(seen), duplicated_deliveries=sum(n - 1 for n in seen.values()),
        applied=applied, applied_twice=max(0, applied - stored) + stored_twice,
        lost=missing_accepted + max(0, stored - applied),
        notes={**notes, "cases_stored": stored, "stored_though_refused": stored - len(accepted),
               "refusal_codes": sorted({o.kind for o in refused}), "outbox_unsent": unsent,
               "dead_letters": dead_letter_count(amqp_uri)})
    tally.publish()
    assert all(o.retryable for o in refused), tally.notes["refusal_codes"]
    assert missing_accepted == 0
    # a report committed just before dispatch died, its RPC message unacknowledged, is delivered
    # again to the restarted dispatch: its client request id (幂等键, one per gateway call) then
    # answers the stored case instead of storing it twice
    assert stored_twice == 0, f"{stored_twice} report(s) stored twice after an RPC redelivery"
    assert applied == stored == inbox == len(seen)   # every stored case's event applied once
    assert unsent == 0 and tally.notes["dead_letters"] == 0
