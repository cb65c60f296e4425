"""The outbox survives a broker outage, and the consumer applies an event exactly once.

The broker here is a RabbitMQ node of this test's own, really stopped and started again."""
from __future__ import annotations

import asyncio
import time
import uuid

import pytest

from gateway.rpc_client import RpcClient
from services.dispatch import intake
from services.dispatch.models import outbox
from shared.contracts.dispatch import CaseIn
from shared.db import make_engine, open_tenant_session, tenant_sessionmaker
from shared.outbox import record_event
from shared.principal import Principal
from shared.pg_provision import Layout, drop, provision
from tests.conftest import PG_ADMIN, missing
from tests.integration.conftest import SuperuserDb, migrated
from tests.integration.private_broker import PrivateBroker
from tests.support import process_env, start_services

TENANT = "341181"
ADMIN = Principal(tenant=TENANT, subject="outbox-test", roles=("county_admin",)).context_data()


@pytest.fixture(scope="module")
def own_broker(tmp_path_factory):
    if not PrivateBroker.available():
        missing("rabbitmq-server is not installed: the broker-outage test needs a node of its own")
    node = PrivateBroker(tmp_path_factory.mktemp("rabbit"))
    node.start()
    node.apply_policies()
    yield node
    try:
        node.stop()
    except Exception:  # already stopped by a failed test
        pass


@pytest.fixture(scope="module")
def own_pg(pg_layout, pg_host):
    """Databases of this module's own: no other relay may publish its outbox."""
    layout = Layout(prefix=f"{pg_layout.prefix}_o")
    provision(PG_ADMIN, layout)
    urls = migrated(layout, pg_host)
    db = SuperuserDb(urls["superuser"])
    yield urls, db
    db.close()
    drop(PG_ADMIN, layout)


@pytest.fixture(scope="module")
def services_on_own_broker(own_broker, own_pg, tmp_path_factory):
    env = process_env(AMQP_URI=own_broker.uri, CIVICGRID_DATABASE_URL=own_pg[0]["app"])
    proc = start_services(["grid", "dispatch"], env, tmp_path_factory.mktemp("outbox-logs"))
    yield proc
    proc.stop()


def wait_until(predicate, seconds: float = 45) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return predicate()


async def make_grid(uri: str) -> dict:
    rpc = RpcClient(uri, timeout=20)
    await rpc.start()
    try:
        street = await rpc.call("grid", "create_street", {"name": f"外联街道{uuid.uuid4().hex[:6]}"}, context=ADMIN)
        community = await rpc.call("grid", "create_community", {"street_id": street["id"], "name": "外联社区"},
                                   context=ADMIN)
        return await rpc.call("grid", "create_grid", {"community_id": community["id"], "name": "外联网格"},
                              context=ADMIN)
    finally:
        await rpc.close()


def test_event_committed_while_broker_down_is_published_and_applied_once(
        own_broker, services_on_own_broker, own_pg):
    pg_urls, superuser_db = own_pg
    grid = asyncio.run(make_grid(own_broker.uri))
    own_broker.stop()

    # the business transaction of dispatch's intake, committed while the broker is down
    engine = make_engine(pg_urls["app"].replace("{service}", "dispatch"))
    session = open_tenant_session(tenant_sessionmaker(engine), TENANT)
    with session.begin():
        case = intake.report(session, lambda s, t, p: record_event(s, outbox, t, p),
                             CaseIn(grid_id=grid["id"], category="parking", description="断网期间上报"),
                             grid, "outbox-test")
    session.close()
    engine.dispose()
    unsent = "SELECT count(*) FROM outbox WHERE sent_at IS NULL AND payload->>'case_id' = :c"
    time.sleep(2)
    assert superuser_db("dispatch", unsent, c=str(case.id)) == 1

    own_broker.start()
    assert wait_until(lambda: superuser_db("dispatch", unsent, c=str(case.id)) == 0), \
        services_on_own_broker.output()[-3000:]
    count = "SELECT open_case_count FROM grids WHERE id = :g"
    assert wait_until(lambda: superuser_db("grid", count, g=uuid.UUID(grid["id"])) == 1), \
        services_on_own_broker.output()[-3000:]

    # deliver the very same event again: the relay republishes a row marked unsent
    superuser_db("dispatch", "UPDATE outbox SET sent_at = NULL WHERE payload->>'case_id' = :c", c=str(case.id))
    assert wait_until(lambda: superuser_db("dispatch", unsent, c=str(case.id)) == 0)
    time.sleep(1.5)
    assert superuser_db("grid", count, g=uuid.UUID(grid["id"])) == 1
    event_id = superuser_db("dispatch", "SELECT id FROM outbox WHERE payload->>'case_id' = :c", c=str(case.id))
    assert superuser_db("grid", "SELECT count(*) FROM inbox WHERE consumer = 'grid.on_case_reported' "
                                "AND message_id = :m", m=event_id) == 1
