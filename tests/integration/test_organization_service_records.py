"""dispatch's case.resolved becomes service records of the party members who handled the case
(once per event, whatever the redeliveries); the unit report shows them per employer unit."""
from __future__ import annotations

import asyncio
import json
import time
import uuid

import aio_pika

from tests.integration.organization_ops import add_member, create_org, small_tree

REGISTER = """mutation($input: RegisterWithCommunityInput!) { registerWithCommunity(input: $input) { __typename } }"""
RECORDS = "query($id: ID!) { memberServiceRecords(memberId: $id) { source sourceId detail } }"
REPORT = """query($org: ID!, $y: Int!) { unitReport(orgId: $org, year: $y) { registered services
  members { name services registeredCommunityId } } }"""


async def publish_resolved(amqp_uri: str, tenant: str, event_id: str, case_id: str, members: list[str]) -> None:
    connection = await aio_pika.connect(amqp_uri)
    try:
        channel = await connection.channel()
        exchange = await channel.get_exchange("dispatch.events")
        body = {"case_id": case_id, "grid_id": str(uuid.uuid4()), "at": "2026-04-02T09:00:00+00:00",
                "category": "parking", "level": "grid", "handler_member_ids": members}
        await exchange.publish(aio_pika.Message(json.dumps(body).encode(), content_type="application/json",
                                                headers={"nameko.tenant": tenant, "nameko.event_id": event_id}),
                               routing_key="case.resolved")
    finally:
        await connection.close()


def wait_for(fetch, predicate, seconds: float = 15):
    deadline = time.monotonic() + seconds
    while True:
        value = fetch()
        if predicate(value) or time.monotonic() > deadline:
            return value
        time.sleep(0.1)


async def test_case_handlers_get_service_records_once(county_a, county_b, amqp_uri):
    tree = await asyncio.to_thread(small_tree, county_a)
    unit = await asyncio.to_thread(create_org, county_a, f"市财政局机关党委{uuid.uuid4().hex[:4]}", "agency",
                                   tree["county"], level="committee")
    member = await asyncio.to_thread(add_member, county_a, unit["id"], "在职党员甲", inService=True,
                                     residenceCommunityId=tree["community_place"])
    await asyncio.to_thread(county_a, REGISTER, input={"memberId": member["id"], "duties": "d", "pledge": "p"})
    case_id, event_id = str(uuid.uuid4()), str(uuid.uuid4())
    for _ in range(2):  # a redelivery of the same event
        await publish_resolved(amqp_uri, "341181", event_id, case_id, [member["id"], str(uuid.uuid4())])
    await publish_resolved(amqp_uri, "341102", str(uuid.uuid4()), str(uuid.uuid4()), [member["id"]])
    records = await asyncio.to_thread(wait_for, lambda: county_a(RECORDS, id=member["id"])["memberServiceRecords"],
                                      lambda r: len(r) >= 1)
    await asyncio.sleep(1)  # a duplicate, or county B's event, would land now
    records = await asyncio.to_thread(county_a, RECORDS, id=member["id"])
    assert records["memberServiceRecords"] == [{"source": "case", "sourceId": case_id, "detail": "parking"}]
    report = (await asyncio.to_thread(county_a, REPORT, org=unit["id"], y=2026))["unitReport"]
    assert report["services"] == 1 and report["registered"] == 1
    assert report["members"] == [{"name": "在职党员甲", "services": 1, "registeredCommunityId": tree["community_place"]}]
    other = (await asyncio.to_thread(county_b.raw, REPORT, {"org": unit["id"], "y": 2026})).json()
    assert other["errors"][0]["extensions"]["code"] == "NOT_FOUND"
