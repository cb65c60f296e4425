"""The property part of the demo county: companies, all three management modes, committees, a
month's inspections and a published evaluation, quickly, over real RPC."""
from __future__ import annotations

import random

from gateway.demo import property as property_demo
from gateway.demo import territory
from gateway.demo.context import Demo
from gateway.rpc_client import RpcClient

TENANT = "341197"


async def test_demo_red_property(amqp_uri, gateway_url, superuser_db):
    rpc = RpcClient(amqp_uri, timeout=30)
    await rpc.start()
    try:
        demo = Demo(rpc=rpc, tenant=TENANT, rng=random.Random(7))
        await territory.seed(demo)
        await property_demo.seed(demo)
    finally:
        await rpc.close()

    def count(sql):
        return superuser_db("property", sql + (" AND" if " WHERE " in sql else " WHERE") + " tenant_id = :t", t=TENANT)

    assert count("SELECT count(*) FROM companies") == 6
    assert count("SELECT count(*) FROM companies WHERE coverage = 'branch'") == 3
    assert count("SELECT count(DISTINCT mode) FROM compound_modes") == 3
    assert count("SELECT count(*) FROM committees") == 4
    assert count("SELECT count(*) FROM inspections") == 4
    assert count("SELECT count(*) FROM evaluations WHERE status = 'published'") == 1
    assert count("SELECT count(*) FROM indicator_sets WHERE effective_year = 2025") == 1
    assert count("SELECT count(*) FROM set_indicators") == 60
    assert count("SELECT count(*) FROM evaluations WHERE inspection_percent = 10 AND indicator_set_id IN "
                 "(SELECT id FROM indicator_sets WHERE effective_year = 2025)") == 1
    assert count("SELECT count(DISTINCT compound_id) FROM compound_places") == count(
        "SELECT count(*) FROM compound_modes")  # every compound named was checked with the grid service
    assert count("SELECT count(*) FROM credit_entries WHERE kind = 'black_list'") == 1
    assert count("SELECT count(*) FROM candidate_reviews WHERE NOT eligible") == 1
    assert count("SELECT count(*) FROM survey_answers") == 48
    assert count("SELECT count(*) FROM three_party_meetings") == 4
    assert count("SELECT count(*) FROM inspection_findings WHERE case_id IS NULL") == 0  # all filed in dispatch
