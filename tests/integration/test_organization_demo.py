"""The organization part of the demo county seeds over real RPC: a realistic tree and ~200 members."""
from __future__ import annotations

import random
import time

from gateway.demo import organization, territory
from gateway.demo.context import Demo
from gateway.rpc_client import RpcClient


async def test_demo_org_tree_and_members(amqp_uri, gateway_url):
    rpc = RpcClient(amqp_uri, timeout=30)
    await rpc.start()
    try:
        demo = Demo(rpc=rpc, tenant="341177", rng=random.Random(11))
        await territory.seed(demo)
        started = time.perf_counter()
        await organization.seed(demo)
        elapsed = time.perf_counter() - started
        orgs = await demo.call("organization", "org_tree")
        stats = await demo.call("organization", "statistics", 2026)
        registrations = await demo.call("organization", "registrations")
        deliberations = await demo.call("organization", "list_deliberations")
        venues = await demo.call("organization", "list_venues")
        committees = [await demo.call("organization", "big_committee", o["id"], 2026) for o in orgs
                      if o["type"] in ("community_committee", "street_working_committee")]
    finally:
        await rpc.close()
    print(f"\nORGANIZATION DEMO SEED: {demo.counts} in {elapsed:.1f} s")
    types = {c["key"]: c["count"] for c in stats["orgs_by_type"]}
    assert types["county_committee"] == 1 and types["street_working_committee"] == len(territory.STREETS)
    assert types["community_committee"] == len(demo.communities) and types["grid_branch"] == len(demo.grids)
    assert {"agency", "hospital", "school", "state_firm", "private_firm", "property_company",
            "owners_committee"} <= set(types)
    assert 180 <= sum(c["count"] for c in stats["members_by_status"]) <= 260
    assert len(orgs) == sum(types.values()) and max(o["depth"] for o in orgs) == 4
    assert {r["kind"] for r in registrations} == {"member", "unit"}
    assert {c["key"] for c in stats["stars"]} >= {"unrated"}
    assert sorted(c["formula"] for c in committees)[-1] == "1+1+3+2"  # one community's big committee
    assert sum(len(c["projects"]) for c in committees) == 5  # the street deputies' projects
    assert sorted(d["step"] for d in deliberations) == ["fixed", "followed_up", "voted"]
    assert len(venues) == len(demo.communities) and all(v["total"] == 60 and 40 <= v["met"] for v in venues)
