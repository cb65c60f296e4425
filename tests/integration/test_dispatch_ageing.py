"""案件账龄 through the gateway: open cases of known ages (reported_at set in the database) land
in their buckets of caseMeasures, resolved ones leave the backlog, and the figures follow the
caller's scope and county."""
from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from shared.principal import Scope
from tests.integration.conftest import Client, token
from tests.integration.dispatch_ops import ACCEPT, RESOLVE, report, run
from tests.integration.territory_ops import lay_out

AGEING = "upTo1Day days2To3 days4To7 days8To15 over15Days oldestReportedAt oldestAgeDays"
MEASURES = f"""query($since: DateTime!, $until: DateTime!, $gridId: ID, $groupBy: MeasureGrouping!) {{
  caseMeasures(since: $since, until: $until, groupBy: $groupBy, gridId: $gridId) {{
    key reported backlog overdue ageing {{ {AGEING} }} }} }}"""


def window() -> dict:
    now = datetime.now(UTC)
    return {"since": (now - timedelta(days=60)).isoformat(), "until": (now + timedelta(hours=1)).isoformat()}


def test_backlog_ageing_by_bucket(county_a, county_b, gateway_url, superuser_db):
    place = lay_out(county_a)
    ages_in_hours = {"fresh": 2, "two_days": 40, "five_days": 5 * 24, "ten_days": 10 * 24,
                     "month": 30 * 24, "closed": 20 * 24}
    cases = {name: report(county_a, place["grid"], description=f"账龄 {name}") for name in ages_in_hours}
    run(county_a, ACCEPT, caseId=cases["closed"], level="GRID")
    run(county_a, RESOLVE, caseId=cases["closed"], note="已处理")
    for name, hours in ages_in_hours.items():
        superuser_db("dispatch", "UPDATE cases SET reported_at = now() - make_interval(hours => :h) "
                                 "WHERE id = :c", h=hours, c=uuid.UUID(cases[name]))

    [row] = county_a(MEASURES, gridId=place["grid"], groupBy="GRID", **window())["caseMeasures"]
    ageing = row["ageing"]
    assert (row["key"], row["reported"], row["backlog"]) == (place["grid"], 6, 5)
    assert {k: v for k, v in ageing.items() if not k.startswith("oldest")} == {
        "upTo1Day": 1, "days2To3": 1, "days4To7": 1, "days8To15": 1, "over15Days": 1}
    assert 29.9 <= ageing["oldestAgeDays"] <= 30.1  # the resolved case (20 days) is not backlog
    oldest = datetime.fromisoformat(ageing["oldestReportedAt"])
    assert abs(datetime.now(UTC) - timedelta(days=30) - oldest) < timedelta(hours=1)

    [by_department] = county_a(MEASURES, gridId=place["grid"], groupBy="DEPARTMENT",
                               **window())["caseMeasures"]
    assert by_department["key"] == "none" and by_department["ageing"] == ageing

    own_grid = Client(gateway_url, token("341181", "grid_worker", scope=Scope("grid", place["grid"])))
    [seen] = own_grid(MEASURES, gridId=place["grid"], groupBy="NONE", **window())["caseMeasures"]
    assert seen["ageing"] == ageing
    elsewhere = Client(gateway_url, token("341181", "grid_worker", scope=Scope("grid", str(uuid.uuid4()))))
    assert elsewhere(MEASURES, gridId=place["grid"], groupBy="NONE", **window())["caseMeasures"] == []
    assert county_b(MEASURES, gridId=place["grid"], groupBy="GRID", **window())["caseMeasures"] == []
