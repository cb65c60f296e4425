"""The dispatch part of the demo county over real RPC: cases in every state, routing rules,
wishes, orders and needs in every state of their loops; every party member and org it names is
one of the county's roster."""
from __future__ import annotations

import random

from gateway.demo import dispatch, organization, territory
from gateway.demo.context import Demo
from gateway.rpc_client import RpcClient

TENANT = "341198"
EVERY_STATE = {"reported", "accepted", "escalated", "resolved", "verified", "rated", "archived",
               "rejected", "merged"}


async def test_demo_cases_in_every_state(amqp_uri, gateway_url, superuser_db):
    rpc = RpcClient(amqp_uri, timeout=30)
    await rpc.start()
    try:
        demo = Demo(rpc=rpc, tenant=TENANT, rng=random.Random(5))
        await territory.seed(demo)
        await organization.seed(demo)  # dispatch names only the roster's real members and orgs
        await dispatch.seed(demo)
    finally:
        await rpc.close()
    states = superuser_db("dispatch", "SELECT string_agg(DISTINCT status, ',') FROM cases "
                                      "WHERE tenant_id = :t", t=TENANT)
    assert set(states.split(",")) == EVERY_STATE
    assert superuser_db("dispatch", "SELECT count(DISTINCT status) FROM whistle_parts "
                                    "WHERE tenant_id = :t", t=TENANT) == 3
    levels = superuser_db("dispatch", "SELECT string_agg(DISTINCT level, ',') FROM cases "
                                      "WHERE tenant_id = :t AND level IS NOT NULL", t=TENANT)
    assert set(levels.split(",")) == {"building", "grid", "community", "street"}
    assert demo.counts["cases"] == 44 and demo.counts["whistles"] == 1
    for kind, states in (("wish", "collected,published,claimed,fulfilled,confirmed"),
                         ("order", "dispatched,taken,completed,confirmed"),
                         ("need", "posted,claimed,closed,checked")):
        found = superuser_db("dispatch", "SELECT string_agg(DISTINCT status, ',') FROM work_items "
                                         "WHERE tenant_id = :t AND kind = :k", t=TENANT, k=kind)
        assert set(found.split(",")) == set(states.split(",")), kind
    assert superuser_db("dispatch", "SELECT count(*) FROM category_rules WHERE tenant_id = :t",
                        t=TENANT) == 2
