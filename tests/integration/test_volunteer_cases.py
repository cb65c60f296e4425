"""Consumed events, published to the broker as the producers' outbox relays do. Points for
resolved cases: ``case.resolved`` delivered twice and once more as a new event for the same case
lands once. Dual registration (``member.registered_with_community``) makes a volunteer once."""
from __future__ import annotations

import asyncio
import json
import time
import uuid

import aio_pika

from tests.integration.organization_ops import party_members
from tests.integration.test_volunteer_flow import VOLUNTEER, ledger_whole, register  # noqa: F401

TOTAL = "{ pointsLedgerTotal pioneerIndex { volunteerId cases casesScore index } }"


async def publish(amqp_uri: str, tenant: str, event_id: str, body: dict, *, source: str = "dispatch",
                  routing_key: str = "case.resolved") -> None:
    connection = await aio_pika.connect(amqp_uri)
    try:
        channel = await connection.channel()
        exchange = await channel.get_exchange(f"{source}.events")
        await exchange.publish(aio_pika.Message(
            json.dumps(body).encode(), content_type="application/json", message_id=event_id,
            headers={"nameko.tenant": tenant, "nameko.event_id": event_id,
                     "nameko.call_id_stack": [f"{source}.outbox.{event_id}"]}),
            routing_key=routing_key)
    finally:
        await connection.close()


def wait_for(fetch, predicate, seconds: float = 15):
    deadline = time.monotonic() + seconds
    while True:
        value = fetch()
        if predicate(value) or time.monotonic() > deadline:
            return value
        time.sleep(0.1)


async def test_case_resolved_twice_awards_once(county_a, county_b, amqp_uri, superuser_db):
    members = await asyncio.to_thread(party_members, county_a, 2)
    handlers = [await asyncio.to_thread(register, county_a, f"党员{n}", kind="party_member", memberId=m)
                for n, m in enumerate(members)]
    case_id, event_id = str(uuid.uuid4()), str(uuid.uuid4())
    body = {"case_id": case_id, "grid_id": str(uuid.uuid4()), "at": "2026-11-20T08:00:00+00:00",
            "category": "dispute", "level": "grid",
            "handler_member_ids": members + [str(uuid.uuid4())]}  # one not a volunteer: skipped
    for _ in range(2):
        await publish(amqp_uri, "341181", event_id, body)
    await publish(amqp_uri, "341181", str(uuid.uuid4()), body)  # a new event, same case

    def balances():
        return [county_a(VOLUNTEER, id=h["id"])["volunteer"]["balance"] for h in handlers]

    first = await asyncio.to_thread(wait_for, balances, lambda b: all(b))
    assert first[0] > 0 and first[0] == first[1]
    await asyncio.sleep(1.0)  # duplicates would have landed by now
    assert await asyncio.to_thread(balances) == first
    assert superuser_db("volunteer", "SELECT count(*) FROM point_transactions WHERE source_type = 'case' "
                        "AND source_id = :c", c=case_id) == 1
    assert superuser_db("volunteer", "SELECT count(*) FROM inbox WHERE consumer = "
                        "'volunteer.on_case_resolved' AND message_id = :m", m=uuid.UUID(event_id)) == 1
    ledger = (await asyncio.to_thread(county_a, VOLUNTEER, id=handlers[0]["id"]))["volunteer"]["ledger"]
    assert [(e["sourceType"], e["sourceId"]) for e in ledger] == [("case", case_id)]
    data = await asyncio.to_thread(county_a, TOTAL)
    assert data["pointsLedgerTotal"] == 0
    scores = {s["volunteerId"]: s for s in data["pioneerIndex"]}
    assert all(scores[h["id"]]["cases"] == 1 for h in handlers)


async def test_event_of_county_b_credits_nobody_in_county_a(county_a, amqp_uri, superuser_db):
    [member] = await asyncio.to_thread(party_members, county_a, 1)
    v = await asyncio.to_thread(register, county_a, "党员丁", kind="party_member", memberId=member)
    event_id = str(uuid.uuid4())
    body = {"case_id": str(uuid.uuid4()), "grid_id": str(uuid.uuid4()), "at": "2026-11-20T08:00:00+00:00",
            "category": "dispute", "level": "grid", "handler_member_ids": [member]}
    await publish(amqp_uri, "341102", event_id, body)
    await asyncio.to_thread(wait_for, lambda: superuser_db(
        "volunteer", "SELECT count(*) FROM inbox WHERE message_id = :m", m=uuid.UUID(event_id)), bool)
    assert superuser_db("volunteer", "SELECT count(*) FROM inbox WHERE message_id = :m AND "
                        "tenant_id = '341102'", m=uuid.UUID(event_id)) == 1
    assert (await asyncio.to_thread(county_a, VOLUNTEER, id=v["id"]))["volunteer"]["balance"] == 0


async def test_dual_registration_makes_a_volunteer_once(county_a, county_b, amqp_uri):
    member, community = str(uuid.uuid4()), str(uuid.uuid4())
    body = {"version": 1, "member_id": member, "member_name": "双报到党员", "org_id": str(uuid.uuid4()),
            "community_id": community, "employer_unit": "县住建局", "registered_at": "2026-11-20T08:00:00+00:00"}
    event_id = str(uuid.uuid4())
    for _ in range(2):
        await publish(amqp_uri, "341181", event_id, body, source="organization",
                      routing_key="member.registered_with_community")

    def mine(client):
        page = client("""{ volunteers(first: 100, kind: "party_member", name: "双报到党员") {
          edges { node { id kind memberId communityId } } } }""")["volunteers"]
        return [e["node"] for e in page["edges"] if e["node"]["memberId"] == member]

    found = await asyncio.to_thread(wait_for, lambda: mine(county_a), bool)
    await asyncio.sleep(0.5)
    found = await asyncio.to_thread(mine, county_a)
    assert [(v["kind"], v["communityId"]) for v in found] == [("party_member", community)]
    assert await asyncio.to_thread(mine, county_b) == []


SNAPSHOT = """mutation($m: String!) { snapshotPioneerIndex(month: $m) {
  __typename ... on PioneerMonth { month scores { volunteerId cases casesScore index } }
  ... on OperationError { code field } } }"""
FROZEN = """query($m: String!) { pioneerSnapshot(month: $m) { month scores { volunteerId cases index } } }"""


async def test_pioneer_index_of_a_month_is_frozen_once(county_a, amqp_uri):
    [member] = await asyncio.to_thread(party_members, county_a, 1)
    v = await asyncio.to_thread(register, county_a, "先锋党员", kind="party_member", memberId=member)
    body = {"case_id": str(uuid.uuid4()), "grid_id": str(uuid.uuid4()), "at": "2019-05-10T02:00:00+00:00",
            "category": "dispute", "level": "grid", "handler_member_ids": [member]}
    await publish(amqp_uri, "341181", str(uuid.uuid4()), body)
    live = "query { pioneerIndex(month: \"2019-05\") { volunteerId cases index } }"
    rows = await asyncio.to_thread(wait_for, lambda: county_a(live)["pioneerIndex"],
                                   lambda r: any(x["cases"] for x in r))
    assert [(r["volunteerId"], r["cases"]) for r in rows if r["cases"]] == [(v["id"], 1)]
    made = (await asyncio.to_thread(county_a, SNAPSHOT, m="2019-05"))["snapshotPioneerIndex"]
    mine = next(s for s in made["scores"] if s["volunteerId"] == v["id"])
    assert (mine["cases"], mine["casesScore"], mine["index"]) == (1, 30.0, 30.0)
    again = (await asyncio.to_thread(county_a, SNAPSHOT, m="2019-05"))["snapshotPioneerIndex"]
    assert (again["code"], again["field"]) == ("CONFLICT", "month")
    bad = (await asyncio.to_thread(county_a, SNAPSHOT, m="2019-13"))["snapshotPioneerIndex"]
    assert (bad["code"], bad["field"]) == ("VALIDATION_FAILED", "month")
    frozen = (await asyncio.to_thread(county_a, FROZEN, m="2019-05"))["pioneerSnapshot"]["scores"]
    assert [s["index"] for s in frozen if s["volunteerId"] == v["id"]] == [30.0]
