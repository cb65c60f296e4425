"""One trace per request across processes — gateway → RPC → service → database → outbox event →
consumer — with the tenant on the spans, and no personal data in the spans nor in any process's
log (JSON lines carrying the trace id and the tenant)."""
from __future__ import annotations

import json
import time
import uuid

import pytest

from shared import broker
from shared.pg_provision import Layout, drop, provision
from tests.conftest import AMQP_BASE, PG_ADMIN, RUN_ID
from tests.integration.conftest import Client, migrated, token
from tests.integration.otlp_receiver import Receiver
from tests.integration.territory_ops import GRID, REPORT_CASE, lay_out
from tests.integration.patient import start_gateway, start_runner
from tests.support import process_env

ID_NUMBER, PHONE = "34118119900101123X", "13912345678"
pytestmark = pytest.mark.timeout(1800)  # several processes start; a shared machine can be slow


@pytest.fixture(scope="module")
def traced_platform(amqp_uri, pg_layout, pg_host, tmp_path_factory):
    vhost = f"civicgrid-trace-{RUN_ID}"
    broker.create_vhost(vhost)
    broker.apply_policies(vhost)
    layout = Layout(prefix=f"{pg_layout.prefix}_t")
    provision(PG_ADMIN, layout)
    receiver = Receiver()
    env = process_env(AMQP_URI=broker.with_vhost(AMQP_BASE, vhost),
                      CIVICGRID_DATABASE_URL=migrated(layout, pg_host)["app"],
                      CIVICGRID_OTEL_EXPORTER="otlp", OTEL_EXPORTER_OTLP_ENDPOINT=receiver.url,
                      OTEL_BSP_SCHEDULE_DELAY="100")
    logs = tmp_path_factory.mktemp("trace-logs")
    services, _ = start_runner("services-grid-dispatch", ["grid", "dispatch"], env, logs)
    gateway, url = start_gateway(env, logs)
    yield Client(url, token("341181")), receiver, logs
    gateway.stop()
    services.stop()
    receiver.close()
    drop(PG_ADMIN, layout)
    broker.delete_vhost(vhost)


def spans_named(receiver: Receiver, name: str) -> list[dict]:
    return [s for s in receiver.spans if s["name"] == name]


def test_report_case_is_one_trace_without_personal_data(traced_platform):
    client, receiver, _ = traced_platform
    place = lay_out(client)
    marker = uuid.uuid4().hex[:8]
    client(REPORT_CASE, gridId=place["grid"], category="dispute",
           description=f"{marker} 住户 身份证 {ID_NUMBER} 电话 {PHONE}")
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and not spans_named(receiver, "grid.on_case_reported"):
        time.sleep(0.2)
    assert client(GRID, id=place["grid"])["grid"]["openCaseCount"] == 1

    consumed = spans_named(receiver, "grid.on_case_reported")
    assert consumed, [s["name"] for s in receiver.spans]
    trace_id = consumed[-1]["trace_id"]
    in_trace = [s for s in receiver.spans if s["trace_id"] == trace_id]
    names = {s["name"] for s in in_trace}
    services = {s["service"] for s in in_trace}
    assert {"dispatch.report_case", "grid.get_grid", "dispatch.events case.reported publish",
            "grid.on_case_reported"} <= names, names
    assert {"civicgrid-gateway", "civicgrid-grid+dispatch"} <= services
    assert any(s["attributes"].get("db.system") == "postgresql" for s in in_trace), names
    assert any(s["attributes"].get("graphql.operation.type") for s in in_trace)
    tenants = {s["attributes"].get("civicgrid.tenant") for s in in_trace if "civicgrid.tenant" in s["attributes"]}
    assert tenants == {"341181"}

    everything = b"".join(receiver.raw)
    for secret in (ID_NUMBER, PHONE, marker):
        assert secret.encode() not in everything, f"{secret} leaked into spans"


def test_logs_are_json_with_trace_and_tenant_and_no_personal_data(traced_platform):
    client, receiver, logs = traced_platform
    marker = uuid.uuid4().hex[:8]
    # a report that fails in a worker: the services log the failure (with a traceback)
    failed = client(REPORT_CASE, gridId=str(uuid.uuid4()), category="dispute",
                    description=f"{marker} 身份证 {ID_NUMBER} 电话 {PHONE}")
    assert failed["reportCase"]["code"] == "NOT_FOUND"
    deadline = time.monotonic() + 20
    lines: list[str] = []
    while time.monotonic() < deadline:
        lines = [line for path in logs.glob("*.log")
                 for line in path.read_text(errors="replace").splitlines()]
        if any("dispatch.report_case" in line for line in lines):
            break
        time.sleep(0.2)

    text = "\n".join(lines)
    for secret in (ID_NUMBER, PHONE, marker):
        assert secret not in text, f"{secret} leaked into the logs"
    entries = [json.loads(line) for line in lines if line.startswith("{")]
    worker = [e for e in entries if e.get("entrypoint") == "dispatch.report_case"]
    assert worker, text[-3000:]
    assert all(e["tenant"] == "341181" and len(e["trace_id"]) == 32 for e in worker)
