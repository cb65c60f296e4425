"""The grid part of the demo county seeds over real RPC (a few thousand residents through the
residents import) and meets its own staffing model."""
from __future__ import annotations

import random
import uuid
from datetime import datetime, timedelta, timezone

from gateway.demo import roster, territory
from gateway.demo.context import Demo
from gateway.rpc_client import RpcClient


async def test_demo_territory_residents_and_roster(amqp_uri, gateway_url):
    rpc = RpcClient(amqp_uri, timeout=30)
    await rpc.start()
    try:
        demo = Demo(rpc=rpc, tenant="341199", rng=random.Random(7))
        for step in (territory.seed, territory.seed_residents, roster.seed, roster.seed_visits):
            await step(demo)
        report = await demo.call("grid", "staffing_report")
        counts = await demo.call("grid", "roster_counts")
        people = await demo.call("grid", "list_residents", limit=101)
        first_visit = datetime.now(timezone(timedelta(hours=8))) - timedelta(hours=4)  # see seed_visits
        week = await demo.call("grid", "weekly_visiting", first_visit.date().isoformat())
        grids_out = (await demo.call("grid", "export_grids", limit=100, export={"id": uuid.uuid4().hex}))["rows"]
    finally:
        await rpc.close()
    assert demo.counts["households"] == 1536 and 3000 <= demo.counts["residents"] <= 3 * 1536
    # each community grid: 4 buildings × 16 households, registered by the import
    assert sorted({g["household_count"] for g in grids_out if g["compound_id"]}) == [64]
    assert report["model"] == "1+2+N" and report["grids_checked"] == 24 and report["gaps"] == []
    levels = {c["level"]: c for c in counts["by_level"]}
    assert levels["grid_worker"]["posts"] == 48 and levels["building_head"]["posts"] == 96
    assert levels["community_work_team"]["persons"] == 24
    assert all(p["masked"] and "*" in p["id_number"] for p in people)
    assert demo.counts["cadres.cadre"] == 96
    assert demo.counts["visits"] == 72 and len(week["visitors"]) >= 1
