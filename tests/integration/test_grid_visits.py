"""Door-to-door visits through the gateway: logging, scope, bad input, weekly quota."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from shared.principal import Scope
from tests.integration.conftest import Client
from tests.integration.test_grid_helpers import household, lay_out_building, login

RECORD = """mutation($input: RecordVisitInput!) { recordVisit(input: $input) {
  __typename ... on Visit { id visitor gridId visitedAt } ... on OperationError { code field } } }"""
WEEK = """query($week: String!, $gridId: ID) { weeklyVisiting(weekStart: $week, gridId: $gridId) {
  weekStart quota visitors { visitor visits households halfDays quota met } } }"""
CST = timezone(timedelta(hours=8))


def test_visits_count_half_days_per_week(county_a, gateway_url, superuser_db):
    place = lay_out_building(county_a)
    homes = [household(county_a, place) for _ in range(2)]
    subject = f"worker-{place['grid'][:8]}"
    worker = Client(gateway_url, login(subject, "grid_worker", scope=Scope("grid", place["grid"])))
    today = datetime.now(CST).replace(hour=0, minute=0, second=0, microsecond=0)
    monday = today - timedelta(days=today.weekday() + 7)  # last week: every time is in the past
    times = [monday + timedelta(hours=9), monday + timedelta(hours=10), monday + timedelta(hours=14),
             monday + timedelta(days=7, hours=-1)]  # the last one is on Sunday night
    for home, when in zip(homes + homes, times):
        made = worker(RECORD, input={"householdId": home, "visitedAt": when.isoformat(), "note": "走访"})
        assert made["recordVisit"]["visitor"] == subject
    week = worker(WEEK, week=(monday + timedelta(days=3)).date().isoformat(), gridId=place["grid"])
    assert week["weeklyVisiting"]["weekStart"] == monday.date().isoformat()
    assert week["weeklyVisiting"]["visitors"] == [{"visitor": subject, "visits": 4, "households": 2,
                                                   "halfDays": 3, "quota": 3, "met": True}]
    assert superuser_db("grid", "SELECT count(*) FROM visits WHERE visitor = :v", v=subject) == 4

    log = """query($after: String, $since: DateTime) { visitLog(first: 3, after: $after, visitor: "%s",
      since: $since) { edges { cursor node { visitedAt } } pageInfo { hasNextPage endCursor } } }""" % subject
    first = worker(log)["visitLog"]
    rest = worker(log, after=first["pageInfo"]["endCursor"])["visitLog"]
    seen = [e["node"]["visitedAt"] for e in first["edges"] + rest["edges"]]
    assert first["pageInfo"]["hasNextPage"] and not rest["pageInfo"]["hasNextPage"]
    assert len(seen) == 4 and seen == sorted(seen, reverse=True)
    since = (monday + timedelta(hours=12)).isoformat()
    assert len(worker(log, since=since)["visitLog"]["edges"]) == 2


def test_bad_visits_are_refused_and_nothing_written(county_a, county_b, gateway_url, superuser_db):
    mine, theirs = lay_out_building(county_a), lay_out_building(county_a)
    worker = Client(gateway_url, login("w-bad", "grid_worker", scope=Scope("grid", mine["grid"])))
    future = (datetime.now(timezone.utc) + timedelta(days=1)).isoformat()
    made = worker(RECORD, input={"householdId": household(county_a, mine), "visitedAt": future})["recordVisit"]
    assert (made["code"], made["field"]) == ("VALIDATION_FAILED", "visitedAt")
    other = worker(RECORD, input={"householdId": household(county_a, theirs)})["recordVisit"]
    assert (other["code"], other["field"]) == ("NOT_FOUND", "householdId")
    foreign = county_b(RECORD, input={"householdId": household(county_a, mine)})["recordVisit"]
    assert foreign["code"] == "NOT_FOUND"
    assert superuser_db("grid", "SELECT count(*) FROM visits WHERE visitor = 'w-bad'") == 0
    quota = county_a("mutation { setVisitQuota(halfDays: 99) { __typename ... on OperationError { code field } } }")
    assert quota["setVisitQuota"] == {"__typename": "OperationError", "code": "VALIDATION_FAILED",
                                      "field": "halfDays"}
