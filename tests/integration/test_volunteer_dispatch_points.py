"""Points for micro-wishes (微心愿) and 三单 orders: dispatch's ``wish.fulfilled`` and
``order.completed`` published through the real broker as dispatch's outbox relay does, each event
delivered twice and once more as a new event for the same wish/order: credited once, by the rule
of the day, with the source named in the ledger. In a county of its own, so its rules are its own."""
from __future__ import annotations

import asyncio
import uuid

from tests.integration.conftest import Client, token
from tests.integration.organization_ops import party_members
from tests.integration.test_volunteer_cases import publish, wait_for
from tests.integration.test_volunteer_flow import ERR, REGISTER, ledger_whole  # noqa: F401

TENANT = "341163"  # a county no other test uses
RULE = """mutation($input: SetPointRuleInput!) { setPointRule(input: $input) {
  __typename ... on PointRule { effectiveFrom pointsPerWish pointsPerOrder } %s } }""" % ERR
BALANCES = """query($id: ID!) { volunteer(id: $id) { balance ledger { sourceType sourceId amount reason } } }"""
LEDGER = """query($s: String) { pointsLedger(first: 100, sourceType: $s) {
  edges { node { volunteerId sourceType sourceId amount } } } }"""


async def test_wishes_and_orders_credit_helpers_once_by_the_rule_of_the_day(gateway_url, amqp_uri, superuser_db):
    county = Client(gateway_url, token(TENANT, "county_admin"))
    rule = await asyncio.to_thread(county, RULE, input={
        "effectiveFrom": "2026-01-01", "pointsPerHour": 10, "pointsPerWish": 8, "pointsPerOrder": 6})
    assert rule["setPointRule"]["pointsPerWish"] == 8
    members = await asyncio.to_thread(party_members, county, 2)  # volunteers name the county's roster
    helpers = [(await asyncio.to_thread(county, REGISTER, input={
        "name": f"接单党员{n}", "kind": "party_member", "memberId": m}))["registerVolunteer"]
        for n, m in enumerate(members)]
    wish_id, order_id, old_order = (str(uuid.uuid4()) for _ in range(3))
    wish = {"wish_id": wish_id, "grid_id": str(uuid.uuid4()), "at": "2026-11-20T08:00:00+00:00",
            "helper_member_ids": members + [str(uuid.uuid4())]}  # one not a volunteer: skipped
    order = {"order_id": order_id, "grid_id": str(uuid.uuid4()), "at": "2026-11-21T08:00:00+00:00",
             "helper_member_ids": members[:1]}
    before_rule = {**order, "order_id": old_order, "at": "2025-05-01T08:00:00+00:00"}  # default: 5
    for routing_key, body in (("wish.fulfilled", wish), ("order.completed", order),
                              ("order.completed", before_rule)):
        event_id = str(uuid.uuid4())
        for _ in range(2):  # a redelivery of the same event
            await publish(amqp_uri, TENANT, event_id, body, routing_key=routing_key)
        await publish(amqp_uri, TENANT, str(uuid.uuid4()), body, routing_key=routing_key)  # same source

    def balances():
        return [county(BALANCES, id=h["id"])["volunteer"]["balance"] for h in helpers]

    await asyncio.to_thread(wait_for, balances, lambda b: b == [8 + 6 + 5, 8])
    await asyncio.sleep(1.0)  # duplicates would have landed by now
    assert await asyncio.to_thread(balances) == [19, 8]
    ledger = (await asyncio.to_thread(county, BALANCES, id=helpers[0]["id"]))["volunteer"]["ledger"]
    assert sorted((e["sourceType"], e["sourceId"], e["amount"]) for e in ledger) == sorted(
        [("wish", wish_id, 8), ("order", order_id, 6), ("order", old_order, 5)])
    assert {e["reason"] for e in ledger} == {"micro-wish fulfilled", "order completed"}
    for source, ident in (("wish", wish_id), ("order", order_id)):
        assert superuser_db("volunteer", "SELECT count(*) FROM point_transactions WHERE tenant_id = :t "
                            "AND source_type = :s AND source_id = :i", t=TENANT, s=source, i=ident) == 1
    assert superuser_db("volunteer", "SELECT count(*) FROM inbox WHERE tenant_id = :t AND consumer = "
                        "'volunteer.on_wish_fulfilled'", t=TENANT) == 2  # two events, each once
    assert superuser_db("volunteer", "SELECT count(*) FROM outbox WHERE tenant_id = :t AND event_type = "
                        "'points.posted' AND payload->>'source_type' IN ('wish', 'order')", t=TENANT) == 4
    wishes = (await asyncio.to_thread(county, LEDGER, s="wish"))["pointsLedger"]["edges"]
    assert sorted(e["node"]["volunteerId"] for e in wishes) == sorted(h["id"] for h in helpers)
    pioneer = (await asyncio.to_thread(county, "{ pioneerIndex { volunteerId wishes } }"))["pioneerIndex"]
    assert {p["volunteerId"]: p["wishes"] for p in pioneer} == {h["id"]: 1 for h in helpers}
    assert (await asyncio.to_thread(county, "{ pointsLedgerTotal }"))["pointsLedgerTotal"] == 0


async def test_a_wish_of_another_county_credits_nobody_here(county_a, amqp_uri, superuser_db):
    [member] = await asyncio.to_thread(party_members, county_a, 1)
    v = (await asyncio.to_thread(county_a, REGISTER, input={
        "name": "本县党员", "kind": "party_member", "memberId": member}))["registerVolunteer"]
    event_id = str(uuid.uuid4())
    await publish(amqp_uri, "341102", event_id, {"wish_id": str(uuid.uuid4()), "grid_id": str(uuid.uuid4()),
                                                 "at": "2026-11-20T08:00:00+00:00",
                                                 "helper_member_ids": [member]}, routing_key="wish.fulfilled")
    await asyncio.to_thread(wait_for, lambda: superuser_db(
        "volunteer", "SELECT count(*) FROM inbox WHERE message_id = :m", m=uuid.UUID(event_id)), bool)
    assert (await asyncio.to_thread(county_a, BALANCES, id=v["id"]))["volunteer"]["balance"] == 0
