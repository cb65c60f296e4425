"""The scale-out story on one machine: two replicas of dispatch, separate processes on the same
queue ``rpc-dispatch`` and the same database, as KEDA would run them. Reports sent concurrently
through the gateway are split between the replicas (each replica's own /metrics counts its
share), and nothing is lost or doubled — not even when one replica is stopped mid-stream."""
from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
import sqlalchemy as sa
from prometheus_client.parser import text_string_to_metric_families

from shared import broker, migrate
from shared.pg_provision import Layout, drop, provision
from tests.conftest import AMQP_BASE, PG_ADMIN, RUN_ID
from tests.integration.conftest import Client, token
from tests.integration.territory_ops import GRID, REPORT_CASE, lay_out
from tests.integration.patient import start_gateway, start_runner
from tests.support import process_env

TENANT = "341181"
pytestmark = pytest.mark.timeout(1800)  # several processes start; a shared machine can be slow


def migrated_for(layout: Layout, host: str, services: tuple[str, ...]) -> dict[str, str]:
    """Migrate only the databases of the services this test starts."""
    owner = layout.url(host, migrations=True)
    for service in services:
        migrate.upgrade(service, owner.replace("{service}", service))
    return {"app": layout.url(host),
            "superuser": f"postgresql+psycopg://postgres@{host}/{layout.prefix}_{{service}}"}
BATCH = 16


@pytest.fixture(scope="module")
def cluster(amqp_uri, pg_layout, pg_host, tmp_path_factory):
    vhost = f"civicgrid-scale-{RUN_ID}"
    broker.create_vhost(vhost)
    broker.apply_policies(vhost)
    uri = broker.with_vhost(AMQP_BASE, vhost)
    broker.declare_dead_letters(uri)
    layout = Layout(prefix=f"{pg_layout.prefix}_s")
    provision(PG_ADMIN, layout)
    urls = migrated_for(layout, pg_host, ("grid", "dispatch"))
    # a generous RPC timeout: this test is about outcomes, and the machine may be busy
    env = process_env(AMQP_URI=uri, CIVICGRID_RPC_TIMEOUT="60", CIVICGRID_DATABASE_URL=urls["app"])
    logs = tmp_path_factory.mktemp("scale-logs")
    grid, _ = start_runner("grid", ["grid"], env, logs)
    replicas = [start_runner(f"dispatch-{i}", ["dispatch"], env, logs, metrics=True) for i in (1, 2)]
    gateway, url = start_gateway(env, logs)
    engine = sa.create_engine(urls["superuser"].replace("{service}", "dispatch"))
    yield {"client": Client(url, token(TENANT)), "replicas": replicas, "engine": engine}
    engine.dispose()
    gateway.stop()
    for proc, _ in replicas:
        proc.stop()
    grid.stop()
    drop(PG_ADMIN, layout)
    broker.delete_vhost(vhost)


def handled(metrics_url: str) -> float:
    """How many report_case workers this replica ran, from its own /metrics."""
    text = httpx.get(metrics_url + "/metrics", timeout=10).text
    return sum(s.value for family in text_string_to_metric_families(text) for s in family.samples
               if s.name == "civicgrid_rpc_duration_seconds_count"
               and s.labels == {"service": "dispatch", "method": "report_case"})


def report_many(client: Client, grid_id: str, label: str, count: int) -> list[str]:
    def one(i: int) -> str:
        data = client(REPORT_CASE, gridId=grid_id, category="parking", description=f"{label}-{i}")
        assert data["reportCase"]["__typename"] == "Case", data
        return data["reportCase"]["id"]

    with ThreadPoolExecutor(max_workers=6) as pool:
        return list(pool.map(one, range(count)))


def cases_in_db(engine, label: str) -> int:
    with engine.connect() as conn:
        return conn.execute(sa.text("SELECT count(*) FROM cases WHERE description LIKE :p"),
                            {"p": f"{label}-%"}).scalar_one()


def open_case_count(client: Client, grid_id: str, expected: int, seconds: float = 60) -> int:
    """The grid's count follows dispatch's case.reported events (outbox → event → inbox)."""
    deadline = time.monotonic() + seconds
    while True:
        count = client(GRID, id=grid_id)["grid"]["openCaseCount"]
        if count >= expected or time.monotonic() > deadline:
            return count
        time.sleep(0.5)


def test_two_replicas_split_the_queue_and_lose_nothing(cluster):
    client, replicas = cluster["client"], cluster["replicas"]
    place = lay_out(client)
    ids = report_many(client, place["grid"], "split", BATCH)

    assert len(set(ids)) == BATCH
    assert cases_in_db(cluster["engine"], "split") == BATCH
    shares = [handled(url) for _, url in replicas]
    assert sum(shares) == BATCH, shares
    assert all(share > 0 for share in shares), f"one replica did all the work: {shares}"
    assert open_case_count(client, place["grid"], BATCH) == BATCH  # every event applied once


def test_stopping_one_replica_mid_stream_loses_nothing(cluster):
    client, replicas = cluster["client"], cluster["replicas"]
    place = lay_out(client)
    stopping, _ = replicas[1]
    with ThreadPoolExecutor(max_workers=1) as background:
        reports = background.submit(report_many, client, place["grid"], "drain", BATCH)
        while cases_in_db(cluster["engine"], "drain") < BATCH // 3 and not reports.done():
            time.sleep(0.05)
        stopping.popen.terminate()  # SIGTERM: stop consuming, finish running workers, exit
        ids = reports.result()
        stopping.popen.wait(timeout=240)  # a loaded machine may take a while to exit Python

    assert stopping.popen.returncode == 0, stopping.output()[-2000:]
    assert len(set(ids)) == BATCH
    assert cases_in_db(cluster["engine"], "drain") == BATCH
    assert open_case_count(client, place["grid"], BATCH) == BATCH
