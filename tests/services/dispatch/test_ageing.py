"""案件账龄: the backlog by days open — the bucketing rule, and the SQL counting by it over SQLite."""
import uuid
from collections import Counter
from datetime import timedelta

import pytest
import sqlalchemy as sa

from services.dispatch import measures, routing
from services.dispatch.models import Case
from shared.contracts import dispatch as c
from shared.contracts.validation import validate
from shared.db import open_tenant_session, utcnow
from tests.services.dispatch.support import TENANT, act, new_case

DAY = timedelta(days=1)
SECOND = timedelta(seconds=1)


@pytest.mark.parametrize(("age", "bucket"), [
    (timedelta(0), "up_to_1_day"), (DAY, "up_to_1_day"), (DAY + SECOND, "days_2_to_3"),
    (3 * DAY, "days_2_to_3"), (3 * DAY + SECOND, "days_4_to_7"), (7 * DAY, "days_4_to_7"),
    (7 * DAY + SECOND, "days_8_to_15"), (15 * DAY, "days_8_to_15"),
    (15 * DAY + SECOND, "over_15_days"), (400 * DAY, "over_15_days"),
])
def test_age_bucket_edges(age, bucket):
    assert measures.age_bucket(age) == bucket


def test_bucket_names_are_the_contract():
    assert [name for name, _, _ in measures.AGE_BUCKETS] == [
        k for k in c.AgeingOut.__annotations__ if not k.startswith("oldest")]


def _age(factory, case_id, reported_at):
    with open_tenant_session(factory, TENANT) as session, session.begin():
        session.execute(sa.update(Case).where(Case.id == case_id).values(reported_at=reported_at))


def _period(now, group_by="none"):
    return validate(c.PeriodIn, {"since": (now - 100 * DAY).isoformat(),
                                 "until": (now + DAY).isoformat(), "group_by": group_by})


def test_sql_counts_the_backlog_by_the_same_rule(factory):
    now = utcnow().replace(microsecond=0)
    # ages on and around every bound, each case reported "age" before now
    ages = [timedelta(minutes=30), DAY, DAY + SECOND, 3 * DAY, 3 * DAY + SECOND, 5 * DAY,
            7 * DAY, 7 * DAY + SECOND, 15 * DAY, 15 * DAY + SECOND, 40 * DAY]
    for age in ages:
        _age(factory, new_case(factory, category="parking"), now - age)
    closed = new_case(factory, category="parking")  # resolved: no longer in the backlog
    act(factory, closed, "accept")
    act(factory, closed, "resolve")
    _age(factory, closed, now - 60 * DAY)
    other = new_case(factory, category="noise")
    _age(factory, other, now - 2 * DAY)

    with open_tenant_session(factory, TENANT) as session:
        [total] = measures.case_measures(session, None, _period(now), now=now)
        by_category = {r["key"]: r for r in measures.case_measures(
            session, None, _period(now, "category"), now=now)}
    expected = Counter(measures.age_bucket(a) for a in ages)
    parking = by_category["parking"]["ageing"]
    assert {name: parking[name] for name, _, _ in measures.AGE_BUCKETS} == {
        name: expected[name] for name, _, _ in measures.AGE_BUCKETS}
    assert expected == {"up_to_1_day": 2, "days_2_to_3": 2, "days_4_to_7": 3, "days_8_to_15": 2,
                        "over_15_days": 2}
    assert parking["oldest_age_days"] == 40.0
    assert parking["oldest_reported_at"] == (now - 40 * DAY).isoformat()
    assert by_category["noise"]["ageing"]["days_2_to_3"] == 1
    assert by_category["noise"]["ageing"]["oldest_age_days"] == 2.0
    ageing = total["ageing"]
    assert sum(ageing[name] for name, _, _ in measures.AGE_BUCKETS) == total["backlog"] == 12
    assert ageing["over_15_days"] == 2 and ageing["oldest_age_days"] == 40.0


def test_no_backlog_and_other_tenants(factory):
    now = utcnow()
    case_id = new_case(factory)
    act(factory, case_id, "accept")
    act(factory, case_id, "resolve")
    with open_tenant_session(factory, TENANT) as session:
        [row] = measures.case_measures(session, None, _period(now), now=now)
    assert row["backlog"] == 0 and row["ageing"] == {
        "up_to_1_day": 0, "days_2_to_3": 0, "days_4_to_7": 0, "days_8_to_15": 0, "over_15_days": 0,
        "oldest_reported_at": None, "oldest_age_days": None}
    new_case(factory, tenant="341102")
    with open_tenant_session(factory, "341102") as session:
        [row] = measures.case_measures(session, None, _period(now), now=now)
    assert row["ageing"]["up_to_1_day"] == 1 and row["reported"] == 1


def test_grouped_by_department(factory):
    now = utcnow()
    department = str(uuid.uuid4())
    with open_tenant_session(factory, TENANT) as session, session.begin():
        routing.set_category(session, validate(c.CategoryIn, {
            "code": "sewage", "name": "污水外溢", "start_level": "community",
            "department": {"department_id": department, "name": "水务局"}}))
    routed = new_case(factory, category="sewage")
    _age(factory, routed, now - 9 * DAY)
    new_case(factory, category="parking")
    with open_tenant_session(factory, TENANT) as session:
        rows = {r["key"]: r for r in measures.case_measures(
            session, None, _period(now, "department"), now=now)}
    assert set(rows) == {department, "none"}
    assert rows[department]["ageing"]["days_8_to_15"] == 1 and rows[department]["backlog"] == 1
    assert rows["none"]["ageing"]["up_to_1_day"] == 1
