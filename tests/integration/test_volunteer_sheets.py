"""Volunteer sheets through the gateway's /exports on RabbitMQ + PostgreSQL: the volunteers sheet
with confirmed hours, points earned and balance; the points ledger with sources in Chinese and
filters; a grid worker's sheet holds their grid only; residents may not export."""
from __future__ import annotations

import uuid

import httpx

from shared.principal import Scope
from tests.integration.conftest import token
from tests.integration.territory_ops import lay_out
from tests.integration.test_grid_sheets import column, export
from tests.integration.test_volunteer_flow import CHECK_IN, CODE, CONFIRM, activity, fund, ledger_whole  # noqa: F401
from tests.integration.test_volunteer_scope import made

SIGN_UP = """mutation($v: ID!, $a: ID!) { signUpForActivity(volunteerId: $v, activityId: $a) { __typename } }"""


def test_volunteers_and_ledger_sheets(county_a, gateway_url):
    here, there = lay_out(county_a), lay_out(county_a)
    label = uuid.uuid4().hex[:6]
    a = made(county_a, f"=表格甲{label}", gridId=here["grid"])  # formula-like name: escaped on export
    b = made(county_a, f"表格乙{label}", gridId=there["grid"])
    act = activity(county_a)
    county_a(SIGN_UP, v=a["id"], a=act["id"])
    county_a(CHECK_IN, v=a["id"], a=act["id"], code=county_a(CODE, a=act["id"])["activityCheckinCode"])
    hour_points = county_a(CONFIRM, input={"volunteerId": a["id"], "activityId": act["id"], "hours": 1.5})[
        "confirmVolunteerHours"]["points"]  # by the county's rule of the day
    fund(county_a, a["id"], 7)
    fund(county_a, b["id"], 3)

    header, rows = export(gateway_url, "volunteers", gridId=here["grid"])
    assert header[:3] == ["志愿者编号", "姓名", "类别"]
    assert column(header, rows, "志愿者编号") == [a["id"]]
    line = dict(zip(header, rows[0]))
    assert line["姓名"] == "'" + a["name"] and line["类别"] == "居民"
    assert (line["志愿时长(小时)"], line["累计获得积分"], line["积分余额"]) == (1.5, hour_points + 7, hour_points + 7)

    header, rows = export(gateway_url, "points-ledger", volunteerId=a["id"])
    assert sorted(column(header, rows, "积分")) == sorted([7, hour_points])
    assert set(column(header, rows, "来源")) == ({"志愿活动", "人工调整"} if hour_points else {"人工调整"})
    header, rows = export(gateway_url, "points-ledger", volunteerId=a["id"], sourceType="adjustment")
    assert column(header, rows, "积分") == [7]

    worker = token("341181", "grid_worker", scope=Scope("grid", there["grid"]))
    header, rows = export(gateway_url, "volunteers", bearer=worker)
    assert column(header, rows, "志愿者编号") == [b["id"]]
    header, rows = export(gateway_url, "points-ledger", bearer=worker)
    assert set(column(header, rows, "志愿者编号")) == {b["id"]}

    refused = httpx.get(f"{gateway_url}/exports/volunteers.xlsx", timeout=30,
                        headers={"Authorization": f"Bearer {token('341181', 'resident')}"})
    assert refused.status_code == 403
    bad = httpx.get(f"{gateway_url}/exports/points-ledger.xlsx", params={"since": "yesterday"}, timeout=30,
                    headers={"Authorization": f"Bearer {token('341181', 'county_admin')}"})
    assert bad.status_code == 400 and bad.json()["error"]["field"] == "since"
