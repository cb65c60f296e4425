"""The volunteer part of the demo county (on its territory and party roster), over real RPC, in a
tenant of its own."""
from __future__ import annotations

import random

from gateway.demo import organization, territory, volunteer
from gateway.demo.context import Demo
from gateway.rpc_client import RpcClient
from tests.integration.test_volunteer_flow import ledger_whole  # noqa: F401

TENANT = "341194"  # a county of its own: the property demo test seeds 341197


async def test_demo_teams_activities_points_and_store(amqp_uri, gateway_url, superuser_db):
    rpc = RpcClient(amqp_uri, timeout=30)
    await rpc.start()
    try:
        demo = Demo(rpc=rpc, tenant=TENANT, rng=random.Random(6))
        await territory.seed(demo)
        await organization.seed(demo)  # party member volunteers are members of the roster
        await volunteer.seed(demo)
    finally:
        await rpc.close()
    assert demo.counts["volunteer_teams"] == 3 and demo.counts["volunteers"] == 12
    assert demo.counts["volunteer_hours_confirmed"] == 20 and demo.counts["store_items"] == 4
    assert demo.counts["duty_months"] == 4
    assert superuser_db("volunteer", "SELECT count(*) FROM teams WHERE tenant_id = :t AND "
                                     "name = '蒲公英志愿服务队'", t=TENANT) == 1
    issued = superuser_db("volunteer", "SELECT -sum(e.amount) FROM entries e JOIN accounts a ON "
                                       "a.tenant_id = e.tenant_id AND a.id = e.account_id "
                                       "WHERE e.tenant_id = :t AND a.key = 'issuance'", t=TENANT)
    assert issued > 0
    assert superuser_db("volunteer", "SELECT count(*) FROM redemptions WHERE tenant_id = :t",
                        t=TENANT) == demo.counts.get("redemptions", 0)
