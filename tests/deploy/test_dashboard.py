"""The Grafana dashboard, the Prometheus scrape config and the alert rules ask only for metrics
the code exports, and every metric the code exports is on the dashboard."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

import services.dispatch.metrics  # noqa: F401  (declares dispatch's own gauges)
from shared import health, metrics
from shared.settings import SERVICES

ROOT = Path(__file__).resolve().parents[2]
DASHBOARD = ROOT / "deploy" / "grafana" / "dashboards" / "civicgrid.json"
DATASOURCES = ROOT / "deploy" / "grafana" / "provisioning" / "datasources" / "prometheus.yaml"
PROMETHEUS = ROOT / "deploy" / "prometheus" / "prometheus.yml"
ALERTS = ROOT / "deploy" / "prometheus" / "alerts.yml"
METRIC = re.compile(r"\b(civicgrid_[a-z0-9_]+)")


def dashboard() -> dict:
    return json.loads(DASHBOARD.read_text(encoding="utf-8"))


def panels(board: dict) -> list[dict]:
    out = []
    for panel in board["panels"]:
        out.append(panel)
        out.extend(panel.get("panels", []))
    return out


def expressions(board: dict) -> list[str]:
    exprs = [t["expr"] for p in panels(board) for t in p.get("targets", [])]
    for variable in board.get("templating", {}).get("list", []):
        query = variable.get("query")
        exprs.append(query["query"] if isinstance(query, dict) else str(query or ""))
    return exprs


def alert_expressions() -> list[str]:
    rules = yaml.safe_load(ALERTS.read_text(encoding="utf-8"))
    return [rule["expr"] for group in rules["groups"] for rule in group["rules"]]


def families(names: set[str]) -> set[str]:
    return {re.sub(r"_(bucket|count|sum)$", "", n) for n in names}


def test_dashboard_loads_with_unique_panel_ids_and_a_grid_position():
    board = dashboard()
    assert board["uid"] and board["title"]
    ids = [p["id"] for p in panels(board)]
    assert len(ids) == len(set(ids))
    for panel in panels(board):
        assert {"h", "w", "x", "y"} <= set(panel["gridPos"]), panel["title"]
        assert panel["gridPos"]["x"] + panel["gridPos"]["w"] <= 24, panel["title"]
        if panel["type"] != "row":
            assert panel["targets"], f"{panel['title']} queries nothing"


def test_every_dashboard_query_names_an_exported_metric():
    exported = metrics.exported_names()
    used = {name for expr in expressions(dashboard()) for name in METRIC.findall(expr)}
    assert used, "the dashboard queries no CivicGrid metric"
    assert not used - exported, f"not exported by the code: {sorted(used - exported)}"


def test_every_exported_metric_is_on_the_dashboard():
    exported = families(metrics.exported_names())
    used = families({name for expr in expressions(dashboard()) for name in METRIC.findall(expr)})
    assert not exported - used, f"exported but on no panel: {sorted(exported - used)}"


def test_panels_use_the_provisioned_datasource():
    provisioned = yaml.safe_load(DATASOURCES.read_text(encoding="utf-8"))["datasources"]
    uids = {d["uid"] for d in provisioned}
    for panel in panels(dashboard()):
        if panel["type"] != "row":
            assert panel["datasource"]["uid"] in uids, panel["title"]
            assert all(t["datasource"]["uid"] in uids for t in panel["targets"]), panel["title"]


def test_alert_rules_name_exported_metrics():
    exported = metrics.exported_names()
    for expr in alert_expressions():
        names = set(METRIC.findall(expr))
        assert names and not names - exported, expr


def test_no_query_groups_by_an_id():
    """Labels are bounded; a query grouping by an id label would mean the code exports one."""
    for expr in expressions(dashboard()) + alert_expressions():
        for group in re.findall(r"by \(([^)]*)\)", expr):
            assert not {"id", "case_id", "grid_id", "user", "subject"} & {g.strip() for g in group.split(",")}


@pytest.fixture(scope="module")
def scrape_config() -> dict:
    return yaml.safe_load(PROMETHEUS.read_text(encoding="utf-8"))


def test_prometheus_scrapes_every_service_the_gateway_and_the_broker(scrape_config):
    jobs = {job["job_name"]: job for job in scrape_config["scrape_configs"]}
    (dns,) = jobs["civicgrid-services"]["dns_sd_configs"]
    assert sorted(dns["names"]) == sorted(SERVICES)
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))["services"]
    for service in SERVICES:
        assert int(compose[service]["environment"][health.METRICS_PORT_ENV]) == dns["port"]
    # a target label named like a metric label would rename the metric's ("exported_service")
    for job in jobs.values():
        for relabel in job.get("relabel_configs", []):
            assert relabel.get("target_label") not in {"service", "method", "queue", "tenant", "code"}
    gateway = compose["gateway"]["environment"]["CIVICGRID_GATEWAY_PORT"]
    assert jobs["civicgrid-gateway"]["static_configs"][0]["targets"] == [f"gateway:{gateway}"]
    assert jobs["rabbitmq"]["static_configs"][0]["targets"] == ["rabbitmq:15692"]
    assert "/etc/prometheus/alerts.yml" in scrape_config["rule_files"]


def test_gateway_serves_metrics():
    app = (ROOT / "gateway" / "app.py").read_text(encoding="utf-8")
    assert 'Route("/metrics"' in app
