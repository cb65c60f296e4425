"""Metrics scraped from real processes after real mutations: grid and dispatch each serve
/metrics, /healthz and /readyz on their own port, the gateway on /metrics; the values follow what
was done, and no label carries an id."""
from __future__ import annotations

import re
import time
import uuid

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from shared import broker, migrate
from shared.pg_provision import Layout, drop, provision
from tests.conftest import AMQP_BASE, PG_ADMIN, RUN_ID
from tests.integration.conftest import Client, token
from tests.integration.territory_ops import REPORT_CASE, lay_out
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
UUID = re.compile(r"[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}", re.I)


@pytest.fixture(scope="module")
def platform(amqp_uri, pg_layout, pg_host, tmp_path_factory):
    vhost = f"civicgrid-metrics-{RUN_ID}"
    broker.create_vhost(vhost)
    broker.apply_policies(vhost)
    uri = broker.with_vhost(AMQP_BASE, vhost)
    broker.declare_dead_letters(uri)
    layout = Layout(prefix=f"{pg_layout.prefix}_m")
    provision(PG_ADMIN, layout)
    # a generous RPC timeout: this test is about outcomes, and the machine may be busy
    env = process_env(AMQP_URI=uri, CIVICGRID_RPC_TIMEOUT="60", CIVICGRID_DATABASE_URL=migrated_for(layout, pg_host, ("grid", "dispatch"))["app"])
    logs = tmp_path_factory.mktemp("metrics-logs")
    grid, grid_url = start_runner("grid", ["grid"], env, logs, metrics=True)
    dispatch, dispatch_url = start_runner("dispatch", ["dispatch"], env, logs, metrics=True)
    gateway, url = start_gateway(env, logs)
    yield {"client": Client(url, token(TENANT)), "gateway": url, "grid": grid_url,
           "dispatch": dispatch_url}
    gateway.stop()
    dispatch.stop()
    grid.stop()
    drop(PG_ADMIN, layout)
    broker.delete_vhost(vhost)


def scrape(url: str) -> list[tuple[str, dict, float]]:
    response = httpx.get(url + "/metrics", timeout=10)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    return [(s.name, s.labels, s.value)
            for family in text_string_to_metric_families(response.text) for s in family.samples]


def value(samples, name: str, **labels) -> float | None:
    found = [v for n, lab, v in samples if n == name and labels.items() <= lab.items()]
    return sum(found) if found else None


def eventually(read, check, seconds: float = 30):
    """Scrape until ``check`` holds (values read at scrape time are cached for a few seconds)."""
    deadline = time.monotonic() + seconds
    while True:
        samples = read()
        if check(samples) or time.monotonic() > deadline:
            return samples
        time.sleep(0.5)


def test_probes_answer(platform):
    for service in ("grid", "dispatch"):
        assert httpx.get(platform[service] + "/healthz", timeout=5).status_code == 200
        ready = httpx.get(platform[service] + "/readyz", timeout=5)
        assert ready.status_code == 200, ready.text
        assert ready.json()["services"] == {service: "ok"}


def test_a_mutation_shows_in_every_process_metrics(platform):
    client = platform["client"]
    place = lay_out(client)
    reported = client(REPORT_CASE, gridId=place["grid"], category="parking", description="消防通道被占用")
    assert reported["reportCase"]["__typename"] == "Case"
    missing = client(REPORT_CASE, gridId=str(uuid.uuid4()), category="parking", description="x")
    assert missing["reportCase"]["code"] == "NOT_FOUND"

    dispatch = eventually(lambda: scrape(platform["dispatch"]),
                          lambda s: value(s, "civicgrid_outbox_unpublished", service="dispatch") == 0
                          and value(s, "civicgrid_cases_open", tenant=TENANT) == 1)
    assert value(dispatch, "civicgrid_rpc_duration_seconds_count",
                 service="dispatch", method="report_case") == 2
    assert value(dispatch, "civicgrid_rpc_errors_total", service="dispatch", method="report_case",
                 code="NOT_FOUND") == 1
    assert value(dispatch, "civicgrid_cases_open", tenant=TENANT) == 1
    assert value(dispatch, "civicgrid_cases_overdue", tenant=TENANT) == 0
    assert value(dispatch, "civicgrid_outbox_unpublished", service="dispatch") == 0
    assert value(dispatch, "civicgrid_outbox_oldest_unpublished_age_seconds", service="dispatch") == 0
    assert value(dispatch, "civicgrid_queue_consumers", queue="rpc-dispatch") >= 1
    assert value(dispatch, "civicgrid_queue_messages_ready", queue="rpc-dispatch") == 0
    assert value(dispatch, "civicgrid_dead_letters") == 0
    assert value(dispatch, "civicgrid_metrics_source_up", source="cases", service="dispatch") == 1

    grid = eventually(lambda: scrape(platform["grid"]),
                      lambda s: value(s, "civicgrid_event_handler_duration_seconds_count",
                                      service="grid", handler="on_case_reported") == 1)
    assert value(grid, "civicgrid_event_handler_duration_seconds_count",
                 service="grid", handler="on_case_reported") == 1
    assert value(grid, "civicgrid_rpc_errors_total", service="grid", method="get_grid",
                 code="NOT_FOUND") == 1
    assert value(grid, "civicgrid_rpc_duration_seconds_count", service="grid", method="create_grid") == 1
    assert value(grid, "civicgrid_cases_open") is None  # dispatch's own metric stays in dispatch
    consumer_queues = [lab["queue"] for n, lab, _ in grid
                       if n == "civicgrid_queue_consumers" and lab["queue"].startswith("evt-")]
    assert any("case_reported" in q for q in consumer_queues), consumer_queues

    gateway = scrape(platform["gateway"])
    assert value(gateway, "civicgrid_gateway_requests_total", tenant=TENANT, operation="reportCase",
                 operation_type="mutation", outcome="ok") == 2
    assert value(gateway, "civicgrid_gateway_request_duration_seconds_count", operation="reportCase") == 2
    assert value(gateway, "civicgrid_gateway_requests_total", operation="createGrid") == 1

    for name, labels, _ in dispatch + grid + gateway:
        for label, text in labels.items():
            assert not UUID.search(text), f"{name}{{{label}={text!r}}} carries an id"
            if label == "tenant":
                assert text in {TENANT, "none"}


def test_a_document_that_fails_validation_is_counted_without_its_field_names(platform):
    client = platform["client"]
    invented = f"noSuchField{uuid.uuid4().hex[:6]}"
    response = client.raw("{ %s }" % invented)
    assert response.json()["errors"]
    gateway = scrape(platform["gateway"])
    assert value(gateway, "civicgrid_gateway_requests_total", tenant=TENANT, operation="invalid",
                 outcome="error") >= 1
    assert not [lab for _, lab, _ in gateway if invented in lab.values()]
