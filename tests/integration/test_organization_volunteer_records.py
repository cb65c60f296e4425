"""Volunteer hours confirmed for a party member reach the member's service record (服务记录)
through volunteer's outbox and the broker, once however often the event is delivered; hours of
residents and of members of another county leave no record. Dispatch's wish and order events
become records too."""
from __future__ import annotations

import asyncio
import json
import uuid

from tests.integration.organization_ops import add_member, small_tree
from tests.integration.test_volunteer_cases import publish, wait_for
from tests.integration.test_volunteer_flow import CHECK_IN, CODE, CONFIRM, REGISTER, activity, register

RECORDS = "query($id: ID!) { memberServiceRecords(memberId: $id) { source sourceId detail hours } }"
SIGN_UP = """mutation($v: ID!, $a: ID!) { signUpForActivity(volunteerId: $v, activityId: $a) { __typename } }"""


def serve(client, volunteer_id: str, hours: float) -> str:
    act = activity(client)
    client(SIGN_UP, v=volunteer_id, a=act["id"])
    client(CHECK_IN, v=volunteer_id, a=act["id"], code=client(CODE, a=act["id"])["activityCheckinCode"])
    done = client(CONFIRM, input={"volunteerId": volunteer_id, "activityId": act["id"], "hours": hours})
    return done["confirmVolunteerHours"]["id"]


async def test_confirmed_hours_become_one_service_record(county_a, county_b, amqp_uri, superuser_db):
    tree = await asyncio.to_thread(small_tree, county_a)
    member = await asyncio.to_thread(add_member, county_a, tree["grid"], "志愿党员")
    v = await asyncio.to_thread(register, county_a, "志愿党员", kind="party_member", memberId=member["id"])
    resident = await asyncio.to_thread(register, county_a, "普通居民")
    signup = await asyncio.to_thread(serve, county_a, v["id"], 1.5)
    await asyncio.to_thread(serve, county_a, resident["id"], 3)
    other = await asyncio.to_thread(county_b, REGISTER, input={"name": "外县党员", "kind": "party_member",
                                                               "memberId": member["id"]})
    # another county cannot name this county's party member
    assert (other["registerVolunteer"]["code"], other["registerVolunteer"]["field"]) == ("NOT_FOUND", "memberId")

    records = await asyncio.to_thread(wait_for, lambda: county_a(RECORDS, id=member["id"])["memberServiceRecords"],
                                      bool)
    assert [(r["source"], r["sourceId"], r["hours"]) for r in records] == [("activity", signup, 1.5)]

    # the relay published it once; a broker redelivery of the same event changes nothing
    event_id = superuser_db("volunteer", "SELECT id FROM outbox WHERE event_type = 'hours.confirmed' "
                                         "AND payload->>'signup_id' = :s", s=signup)
    payload = superuser_db("volunteer", "SELECT payload::text FROM outbox WHERE id = :i", i=event_id)
    await publish(amqp_uri, "341181", str(event_id), json.loads(payload), source="volunteer",
                  routing_key="hours.confirmed")
    await asyncio.to_thread(wait_for, lambda: superuser_db(
        "organization", "SELECT count(*) FROM inbox WHERE consumer = 'organization.on_hours_confirmed' "
        "AND message_id = :m", m=event_id), bool)
    await asyncio.sleep(1.0)
    assert len((await asyncio.to_thread(county_a, RECORDS, id=member["id"]))["memberServiceRecords"]) == 1
    assert superuser_db("organization", "SELECT count(*) FROM member_service_records WHERE source_id = :s",
                        s=signup) == 1
    assert superuser_db("organization", "SELECT count(*) FROM member_service_records WHERE tenant_id = '341102' "
                                        "AND member_id = :m", m=uuid.UUID(member["id"])) == 0


async def test_wishes_and_orders_become_service_records(county_a, amqp_uri):
    tree = await asyncio.to_thread(small_tree, county_a)
    member = await asyncio.to_thread(add_member, county_a, tree["grid"], "接单党员")
    wish, order = str(uuid.uuid4()), str(uuid.uuid4())
    for routing_key, body in (
            ("wish.fulfilled", {"wish_id": wish, "grid_id": str(uuid.uuid4()), "at": "2026-06-01T02:00:00+00:00",
                                "helper_member_ids": [member["id"]]}),
            ("order.completed", {"order_id": order, "grid_id": str(uuid.uuid4()),
                                 "at": "2026-06-02T02:00:00+00:00", "helper_member_ids": [member["id"]]})):
        event_id = str(uuid.uuid4())
        for _ in range(2):
            await publish(amqp_uri, "341181", event_id, body, routing_key=routing_key)
    records = await asyncio.to_thread(wait_for, lambda: county_a(RECORDS, id=member["id"])["memberServiceRecords"],
                                      lambda r: len(r) >= 2)
    await asyncio.sleep(0.5)
    records = (await asyncio.to_thread(county_a, RECORDS, id=member["id"]))["memberServiceRecords"]
    assert [(r["source"], r["sourceId"]) for r in records] == [("wish", wish), ("order", order)]
