"""Volunteers' places and data scope through the gateway: a grid given at registration brings its
community and street from the grid service; a grid worker, community or street staff reads only
the volunteers of their part (lists, records, ledgers, leaderboards) and writes nothing outside
it; a resident reads only themselves. Grid and community leaderboards; pages of volunteers and of
ledger entries follow their cursors."""
from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone

from shared.principal import Scope
from tests.integration.conftest import Client, token
from tests.integration.territory_ops import lay_out
from tests.integration.test_volunteer_flow import ADJUST, ERR, VOLUNTEER, fund, ledger_whole  # noqa: F401

REGISTER = """mutation($input: RegisterVolunteerInput!) { registerVolunteer(input: $input) {
  __typename ... on Volunteer { id name gridId communityId streetId } %s } }""" % ERR
PLACE = """mutation($input: PlaceVolunteerInput!) { placeVolunteer(input: $input) {
  __typename ... on Volunteer { id gridId communityId streetId } %s } }""" % ERR
PAGE = """query($first: Int!, $after: String, $grid: ID, $community: ID, $name: String) {
  volunteers(first: $first, after: $after, gridId: $grid, communityId: $community, name: $name) {
  edges { cursor node { id name } } pageInfo { hasNextPage endCursor } } }"""
BOARD = """query($s: Date!, $e: Date!, $first: Int!, $after: String, $grid: ID, $community: ID) {
  pointsLeaderboard(start: $s, end: $e, first: $first, after: $after, gridId: $grid, communityId: $community) {
  edges { cursor node { rank name points gridId } } pageInfo { hasNextPage endCursor } } }"""
PLACES = """query($by: String!, $s: Date!, $e: Date!, $street: ID) {
  placeLeaderboard(by: $by, start: $s, end: $e, first: 10, streetId: $street) {
  edges { node { rank placeId points } } } }"""
LEDGER = """query($first: Int!, $after: String, $v: ID, $s: String) {
  pointsLedger(first: $first, after: $after, volunteerId: $v, sourceType: $s) {
  edges { node { volunteerId sourceType amount } } pageInfo { hasNextPage endCursor } } }"""


CREATE_ACTIVITY = """mutation($input: CreateVolunteerActivityInput!) { createVolunteerActivity(input: $input) {
  __typename ... on VolunteerActivity { id } } }"""
ACTIVITIES = """query($first: Int!, $after: String, $team: ID, $kind: String, $since: DateTime) {
  volunteerActivities(first: $first, after: $after, teamId: $team, kind: $kind, since: $since) {
  edges { node { id title } } pageInfo { hasNextPage endCursor } } }"""


def span():
    today = datetime.now(timezone(timedelta(hours=8))).date()
    return {"s": (today - timedelta(days=1)).isoformat(), "e": (today + timedelta(days=1)).isoformat()}


def nodes(page):
    return [e["node"] for e in page["edges"]]


def made(client, name, **extra):
    row = client(REGISTER, input={"name": name, **extra})["registerVolunteer"]
    assert row["__typename"] == "Volunteer", row
    return row


def test_grids_bring_places_and_scope_limits_reads_and_writes(county_a, gateway_url):
    here, there = lay_out(county_a), lay_out(county_a)
    label = uuid.uuid4().hex[:6]
    a = made(county_a, f"网格甲{label}", gridId=here["grid"])
    assert (a["communityId"], a["streetId"]) == (here["community"], here["street"])
    b = made(county_a, f"网格乙{label}", gridId=here["grid"])
    c = made(county_a, f"别处丙{label}", gridId=there["grid"])
    d = made(county_a, f"后入格{label}")
    placed = county_a(PLACE, input={"volunteerId": d["id"], "gridId": there["grid"]})["placeVolunteer"]
    assert placed["gridId"] == there["grid"] and placed["streetId"] == there["street"]
    wrong = county_a(REGISTER, input={"name": "错社区", "gridId": here["grid"],
                                      "communityId": there["community"]})["registerVolunteer"]
    assert (wrong["code"], wrong["field"]) == ("CONFLICT", "gridId")
    missing = county_a(PLACE, input={"volunteerId": d["id"], "gridId": str(uuid.uuid4())})["placeVolunteer"]
    assert missing["code"] == "NOT_FOUND"
    for v, points in ((a, 30), (b, 50), (c, 40), (d, 10)):
        fund(county_a, v["id"], points)

    worker = Client(gateway_url, token("341181", "grid_worker", scope=Scope("grid", here["grid"])))
    staff = Client(gateway_url, token("341181", "community_staff", scope=Scope("community", there["community"])))
    assert {v["name"] for v in nodes(worker(PAGE, first=50)["volunteers"])} == {a["name"], b["name"]}
    assert {v["name"] for v in nodes(staff(PAGE, first=50)["volunteers"])} == {c["name"], d["name"]}
    assert worker(VOLUNTEER, id=c["id"])["volunteer"] is None
    assert worker(VOLUNTEER, id=a["id"])["volunteer"]["balance"] == 30
    assert {n["volunteerId"] for n in nodes(worker(LEDGER, first=100)["pointsLedger"])} == {a["id"], b["id"]}
    board = nodes(worker(BOARD, first=10, **span())["pointsLeaderboard"])
    assert [(r["name"], r["rank"]) for r in board] == [(b["name"], 1), (a["name"], 2)]
    refused = staff.raw(ADJUST, {"input": {"volunteerId": a["id"], "points": 5, "reason": "越界调整",
                                           "reference": f"x-{uuid.uuid4()}"}}).json()
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    unseen_grid = staff(REGISTER, input={"name": "越界登记", "gridId": here["grid"]})["registerVolunteer"]
    assert (unseen_grid["code"], unseen_grid["field"]) == ("NOT_FOUND", "gridId")  # not a grid of theirs
    outside = staff.raw(REGISTER, {"input": {"name": "越界登记", "communityId": here["community"]}}).json()
    assert outside["errors"][0]["extensions"]["code"] == "FORBIDDEN", outside
    assert county_a(VOLUNTEER, id=a["id"])["volunteer"]["balance"] == 30

    subject = f"resident-{label}"
    me = Client(gateway_url, own(subject))
    mine = made(county_a, f"居民本人{label}", subject=subject, gridId=here["grid"])
    assert [v["name"] for v in nodes(me(PAGE, first=50)["volunteers"])] == [mine["name"]]
    assert me(VOLUNTEER, id=a["id"])["volunteer"] is None

    grids = nodes(county_a(PLACES, by="grid", street=here["street"], **span())["placeLeaderboard"])
    assert grids == [{"rank": 1, "placeId": here["grid"], "points": 80}]
    streets = {n["placeId"]: n["points"] for n in nodes(county_a(PLACES, by="street", **span())["placeLeaderboard"])}
    assert (streets[here["street"]], streets[there["street"]]) == (80, 50)
    bad = county_a.raw(PLACES, {"by": "volunteer", **span()}).json()
    assert (bad["errors"][0]["extensions"]["code"], bad["errors"][0]["extensions"]["field"]) == (
        "VALIDATION_FAILED", "by")


def own(subject: str) -> str:
    """A resident's token for the user account ``subject``."""
    from shared.settings import Settings
    from shared.tokens import mint_dev_token
    from tests.support import TEST_JWT_SECRET

    return mint_dev_token(Settings(jwt_secret=TEST_JWT_SECRET), tenant="341181", roles=["resident"],
                          subject=subject)


def test_pages_follow_their_cursors(county_a):
    place = lay_out(county_a)
    label = uuid.uuid4().hex[:6]
    people = [made(county_a, f"分页{label}{n}", gridId=place["grid"]) for n in range(5)]
    for n, v in enumerate(people):
        fund(county_a, v["id"], 10 * (n + 1))
        fund(county_a, v["id"], 1)
    seen, after = [], None
    while True:
        page = county_a(PAGE, first=2, after=after, grid=place["grid"])["volunteers"]
        seen += [n["id"] for n in nodes(page)]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert seen == [v["id"] for v in reversed(people)]  # newest first, each once
    ranks, after = [], None
    while True:
        page = county_a(BOARD, first=2, after=after, grid=place["grid"], **span())["pointsLeaderboard"]
        ranks += [(n["rank"], n["points"]) for n in nodes(page)]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert ranks == [(1, 51), (2, 41), (3, 31), (4, 21), (5, 11)]
    entries, after = [], None
    while True:
        page = county_a(LEDGER, first=3, after=after, v=people[0]["id"])["pointsLedger"]
        entries += nodes(page)
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert sorted(e["amount"] for e in entries) == [1, 10]
    team = county_a("""mutation($n: String!) { createVolunteerTeam(input: {name: $n}) {
      ... on VolunteerTeam { id } } }""", n=f"分页队{label}")["createVolunteerTeam"]["id"]
    start = datetime(2031, 5, 1, 1, tzinfo=timezone.utc)
    acts = [county_a(CREATE_ACTIVITY, input={
        "title": f"巡逻{n}", "kind": "patrol", "place": "滨湖小区", "teamId": team, "capacity": 5,
        "startsAt": (start + timedelta(days=n)).isoformat(),
        "endsAt": (start + timedelta(days=n, hours=2)).isoformat()})["createVolunteerActivity"]["id"]
        for n in range(3)]
    listed, after = [], None
    while True:
        page = county_a(ACTIVITIES, first=2, after=after, team=team)["volunteerActivities"]
        listed += [n["id"] for n in nodes(page)]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert listed == list(reversed(acts))  # latest start first, each once
    later = nodes(county_a(ACTIVITIES, first=10, team=team, since="2031-05-02T00:00:00Z")["volunteerActivities"])
    assert [n["id"] for n in later] == list(reversed(acts[1:]))
    for query, variables, field in ((PAGE, {"first": 0}, "first"),
                                    (ACTIVITIES, {"first": 5, "kind": "party"}, "kind"), (PAGE, {"first": 5, "after": "zzz"}, "after"),
                                    (BOARD, {"first": 101, **span()}, "first"),
                                    (BOARD, {"first": 5, "after": "x", **span()}, "after"),
                                    (LEDGER, {"first": 5, "s": "gift"}, "sourceType")):
        body = county_a.raw(query, variables).json()
        assert (body["errors"][0]["extensions"]["code"], body["errors"][0]["extensions"]["field"]) == (
            "VALIDATION_FAILED", field), body
