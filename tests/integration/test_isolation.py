"""Tenant isolation: county B can neither read nor write county A's rows, at any layer."""
from __future__ import annotations

import asyncio
import json
import time
import uuid

import aio_pika
import sqlalchemy as sa

from gateway.rpc_client import RpcClient
from shared.broker import DEAD_LETTER_QUEUE
from shared.principal import Scope
from tests.integration.conftest import Client, token
from tests.integration.territory_ops import CREATE_COMMUNITY, GRID, REPORT_CASE, lay_out

GRIDS = "{ grids(first: 100) { edges { node { id } } } }"


def grid_ids(client) -> set[str]:
    return {e["node"]["id"] for e in client(GRIDS)["grids"]["edges"]}


def test_b_cannot_read_a(county_a, county_b):
    place = lay_out(county_a)
    assert place["grid"] in grid_ids(county_a)
    assert place["grid"] not in grid_ids(county_b)
    assert county_b(GRID, id=place["grid"])["grid"] is None


def test_b_cannot_write_into_a(county_a, county_b, superuser_db):
    place = lay_out(county_a)
    made = county_b(CREATE_COMMUNITY, streetId=place["street"], name="越权社区")["createCommunity"]
    assert made["__typename"] == "OperationError" and made["code"] == "NOT_FOUND"
    assert made["field"] == "streetId"
    reported = county_b(REPORT_CASE, gridId=place["grid"], category="parking",
                        description="越权上报")["reportCase"]
    assert reported["__typename"] == "OperationError" and reported["code"] == "NOT_FOUND"
    assert superuser_db("grid", "SELECT count(*) FROM communities WHERE street_id = :s",
                        s=uuid.UUID(place["street"])) == 1
    assert superuser_db("grid", "SELECT count(*) FROM communities WHERE name = '越权社区'") == 0
    assert superuser_db("dispatch", "SELECT count(*) FROM cases WHERE description = '越权上报'") == 0
    assert county_a(GRID, id=place["grid"])["grid"]["openCaseCount"] == 0


def test_app_role_without_tenant_sees_no_rows(county_a, pg_urls, superuser_db):
    lay_out(county_a)
    assert superuser_db("grid", "SELECT count(*) FROM grids") > 0
    engine = sa.create_engine(pg_urls["app"].replace("{service}", "grid"))
    try:
        with engine.connect() as conn:
            for table in ("streets", "communities", "compounds", "buildings", "grids", "outbox", "inbox"):
                assert conn.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one() == 0, table
    finally:
        engine.dispose()


def test_grid_scope_sees_only_its_grid(county_a, gateway_url):
    first, second = lay_out(county_a), lay_out(county_a)
    worker = Client(gateway_url, token("341181", "grid_worker", scope=Scope("grid", first["grid"])))
    assert grid_ids(worker) == {first["grid"]}
    assert worker(GRID, id=second["grid"])["grid"] is None


async def test_rpc_without_tenant_is_rejected(amqp_uri, gateway_url):
    rpc = RpcClient(amqp_uri, timeout=10)
    await rpc.start()
    try:
        try:
            await rpc.call("grid", "list_grids", context={})
        except Exception as exc:  # noqa: BLE001 - the code is what matters
            assert getattr(exc, "code", None) == "TENANT_REQUIRED"
        else:
            raise AssertionError("a call without tenant was answered")
    finally:
        await rpc.close()


async def test_event_without_tenant_is_dead_lettered(county_a, amqp_uri):
    place = await asyncio.to_thread(lay_out, county_a)
    connection = await aio_pika.connect(amqp_uri)
    try:
        channel = await connection.channel()
        dead = await channel.declare_queue(DEAD_LETTER_QUEUE, passive=True)
        before = dead.declaration_result.message_count
        exchange = await channel.get_exchange("dispatch.events")
        body = {"case_id": str(uuid.uuid4()), "grid_id": place["grid"], "category": "x",
                "reported_at": "2026-01-01T00:00:00+00:00"}
        await exchange.publish(aio_pika.Message(json.dumps(body).encode(), content_type="application/json",
                                                headers={"nameko.event_id": str(uuid.uuid4())}),
                               routing_key="case.reported")
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            dead = await channel.declare_queue(DEAD_LETTER_QUEUE, passive=True)
            if dead.declaration_result.message_count > before:
                break
            await asyncio.sleep(0.2)
        # every service consuming case.reported (grid, property, …) dead-letters its own copy
        assert dead.declaration_result.message_count >= before + 1
    finally:
        await connection.close()
    grid = await asyncio.to_thread(county_a, GRID, id=place["grid"])
    assert grid["grid"]["openCaseCount"] == 0


def test_case_outside_scope_is_invisible(county_a, gateway_url):
    first, second = lay_out(county_a), lay_out(county_a)
    case = county_a(REPORT_CASE, gridId=second["grid"], category="parking", description="别的网格")["reportCase"]
    worker = Client(gateway_url, token("341181", "grid_worker", scope=Scope("grid", first["grid"])))
    query = "query($id: ID!) { case(id: $id) { id } }"
    assert worker(query, id=case["id"])["case"] is None
    assert county_a(query, id=case["id"])["case"] == {"id": case["id"]}
