"""Deadlines in working days through the gateway: a county's calendar override moves a case's
due time; only a county admin may override; another county does not see the override."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

from shared.principal import Scope
from shared.workdays import Calendar, add_working_days
from tests.integration.conftest import Client, token
from tests.integration.dispatch_ops import ACCEPT, report, run
from tests.integration.territory_ops import lay_out

CHINA = timezone(timedelta(hours=8))
SET_DAY = """mutation($input: SetCalendarDayInput!) { setCalendarDay(input: $input) {
  __typename ... on CalendarDay { day working note } ... on OperationError { code field } } }"""
DAYS = "query($year: Int!) { calendarDays(year: $year) { day working note } }"


def due(day: date) -> datetime:
    return datetime.combine(day, time(18), CHINA)


def test_override_moves_the_deadline(gateway_url):
    county = Client(gateway_url, token("341103", "county_admin"))  # a county of its own
    grid = lay_out(county)["grid"]
    today = datetime.now(CHINA).date()
    national = add_working_days(today, 3)
    first = run(county, ACCEPT, caseId=report(county, grid), level="GRID")
    assert datetime.fromisoformat(first["dueAt"]) == due(national)

    made = run(county, SET_DAY, day=national.isoformat(), working=False, note="防汛调整")
    assert made == {"__typename": "CalendarDay", "day": national.isoformat(), "working": False,
                    "note": "防汛调整"}
    shifted = add_working_days(today, 3, Calendar(overrides={national: False}))
    assert shifted > national
    second = run(county, ACCEPT, caseId=report(county, grid), level="GRID")
    assert datetime.fromisoformat(second["dueAt"]) == due(shifted)
    safety = run(county, ACCEPT, caseId=report(county, grid, category="safety"), level="GRID")
    assert datetime.fromisoformat(safety["dueAt"]) == due(add_working_days(today, 1))

    days = county(DAYS, year=national.year)["calendarDays"]
    assert {"day": national.isoformat(), "working": False, "note": "防汛调整"} in days
    other = Client(gateway_url, token("341104", "county_admin"))
    assert other(DAYS, year=national.year)["calendarDays"] == []


def test_only_a_county_admin_overrides_and_bad_input_is_named(gateway_url, superuser_db):
    before = superuser_db("dispatch", "SELECT count(*) FROM calendar_days")
    place = lay_out(Client(gateway_url, token("341105", "county_admin")))
    worker = Client(gateway_url, token("341105", "grid_worker", scope=Scope("grid", place["grid"])))
    body = worker.raw(SET_DAY, {"input": {"day": "2027-01-05", "working": False}}).json()
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    admin = Client(gateway_url, token("341105", "county_admin"))
    result = run(admin, SET_DAY, day="2027-01-05", working=False, note="x" * 101)
    assert (result["code"], result["field"]) == ("VALIDATION_FAILED", "note")
    bad_date = admin.raw(SET_DAY, {"input": {"day": "2027-13-45", "working": False}}).json()
    assert bad_date["errors"] and bad_date["data"] is None
    assert superuser_db("dispatch", "SELECT count(*) FROM calendar_days") == before
