"""Property cases from dispatch change the managing company's complaint figures exactly once per
case, through real events: reported → counted, duplicated event → not counted again, rejected →
closed."""
from __future__ import annotations

import json
import time
import uuid

import aio_pika

from tests.integration.territory_ops import REPORT_CASE, lay_out
from tests.integration.test_property_companies import MODE, register

COMPLAINTS = "query($id: ID!) { propertyCompany(id: $id) { complaints { total open closed } } }"
REJECT = """mutation($id: ID!) { rejectCase(input: {caseId: $id, note: "物业已自行处理"}) {
  __typename ... on Case { status } } }"""


def wait_for(fetch, predicate, seconds: float = 15):
    deadline = time.monotonic() + seconds
    while True:
        value = fetch()
        if predicate(value) or time.monotonic() > deadline:
            return value
        time.sleep(0.1)


async def publish_copy(amqp_uri: str, body: dict) -> None:
    """The same case.reported again under a new event id, as a duplicating producer would."""
    connection = await aio_pika.connect(amqp_uri)
    try:
        channel = await connection.channel()
        exchange = await channel.get_exchange("dispatch.events")
        await exchange.publish(aio_pika.Message(json.dumps(body).encode(), content_type="application/json",
                                                headers={"nameko.tenant": "341181",
                                                         "nameko.event_id": str(uuid.uuid4())}),
                               routing_key="case.reported")
    finally:
        await connection.close()


async def test_property_case_counts_once_against_the_company(county_a, amqp_uri):
    import asyncio

    run = asyncio.to_thread
    place = await run(lay_out, county_a)
    firm = await run(register, county_a)
    await run(county_a, MODE, input={"compoundId": place["compound"], "compoundName": "小区", "mode": "company",
                                     "companyId": firm["id"]})

    def figures():
        return county_a(COMPLAINTS, id=firm["id"])["propertyCompany"]["complaints"]

    case = (await run(county_a, REPORT_CASE, gridId=place["grid"], category="property",
                      description="电梯停运三天无人维修"))["reportCase"]
    await run(county_a, REPORT_CASE, gridId=place["grid"], category="parking", description="不是物业类")
    assert await run(wait_for, figures, lambda f: f["total"] >= 1) == {"total": 1, "open": 1, "closed": 0}

    await publish_copy(amqp_uri, {"case_id": case["id"], "grid_id": place["grid"], "category": "property",
                                  "reported_at": "2026-10-01T08:00:00+00:00"})
    await asyncio.sleep(1.5)  # the duplicate would be counted by now
    assert await run(figures) == {"total": 1, "open": 1, "closed": 0}

    assert (await run(county_a, REJECT, id=case["id"]))["rejectCase"]["status"] == "rejected"
    assert await run(wait_for, figures, lambda f: f["closed"] == 1) == {"total": 1, "open": 0, "closed": 1}
