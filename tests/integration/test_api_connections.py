"""The Relay connections (连接分页) that replace plain lists, through the gateway: for each, more
items than a page are walked with `after` until `hasNextPage` is false — every item once, none
missing, in the documented order — and `first` over 100 or missing is refused naming `first`.
The deprecated list fields still answer the same items."""
from __future__ import annotations

import asyncio
import uuid

import pytest

from tests.integration.conftest import Client
from tests.integration.dispatch_ops import report
from tests.integration.organization_ops import add_member, party_members, small_tree
from tests.integration.territory_ops import lay_out
from tests.integration.test_grid_emergency import ACTIVATE, ASSIGN, END
from tests.integration.test_grid_helpers import login
from tests.integration.test_organization_dual import REGISTER as REGISTER_WITH_COMMUNITY
from tests.integration.test_property_committees import MEETING
from tests.integration.test_volunteer_cases import publish, wait_for
from tests.integration.test_volunteer_flow import CREATE_TEAM, register
from tests.integration.test_volunteer_store import item

TEAMS = """query($first: Int!, $after: String) { volunteerTeamsConnection(first: $first, after: $after) {
  edges { cursor node { id name } } pageInfo { hasNextPage endCursor } } }"""
ITEMS = """query($first: Int!, $after: String) { storeItemsConnection(first: $first, after: $after) {
  edges { cursor node { id name price } } pageInfo { hasNextPage endCursor } } }"""
PIONEER = """query($first: Int!, $after: String, $month: String) {
  pioneerIndexConnection(first: $first, after: $after, month: $month) {
  edges { cursor node { volunteerId name index } } pageInfo { hasNextPage endCursor } } }"""
MEMBERS = """query($first: Int!, $after: String, $org: ID) {
  partyMembersConnection(first: $first, after: $after, orgId: $org) {
  edges { cursor node { id name org { id } } } pageInfo { hasNextPage endCursor } } }"""
REGISTRATIONS = """query($first: Int!, $after: String, $c: ID) {
  communityRegistrationsConnection(first: $first, after: $after, communityId: $c) {
  edges { node { id memberId registeredAt } } pageInfo { hasNextPage endCursor } } }"""
RECORDS = """query($first: Int!, $after: String, $m: ID!) {
  memberServiceRecordsConnection(memberId: $m, first: $first, after: $after) {
  edges { cursor node { source sourceId at } } pageInfo { hasNextPage endCursor } } }"""
MEETINGS = """query($first: Int!, $after: String, $c: ID, $since: Date, $until: Date) {
  threePartyMeetingsConnection(first: $first, after: $after, communityId: $c, since: $since, until: $until) {
  edges { node { id heldOn communityId } } pageInfo { hasNextPage endCursor } } }"""
TASKS = """query($first: Int!, $after: String) { myEmergencyTasksConnection(first: $first, after: $after) {
  edges { cursor node { id emergencyId } } pageInfo { hasNextPage endCursor } } }"""


def walk(client, query: str, key: str, first: int, **variables) -> tuple[list[dict], int]:
    """Every node of a connection, page after page; and how many pages it took."""
    nodes, after, pages = [], None, 0
    while True:
        page = client(query, first=first, after=after, **variables)[key]
        pages += 1
        assert len(page["edges"]) <= first
        nodes += [edge["node"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            return nodes, pages
        assert len(page["edges"]) == first, page  # a full page before the next one
        after = page["pageInfo"]["endCursor"]


def refuses_bad_first(client, query: str, **variables) -> None:
    """`first: 101` is VALIDATION_FAILED on `first`; `first` left out is refused naming it."""
    body = client.raw(query, {"first": 101, **variables}).json()
    error = body["errors"][0]
    assert (error["extensions"]["code"], error["extensions"]["field"]) == ("VALIDATION_FAILED", "first"), body
    assert "first" in error["message"]
    without = query.replace("$first: Int!, ", "").replace("first: $first, ", "")
    assert "$first" not in without
    body = client.raw(without, variables).json()
    assert body.get("errors") and "first" in body["errors"][0]["message"], body
    body = client.raw(query, {"first": 5, "after": "not-a-cursor", **variables}).json()
    assert body["errors"][0]["extensions"]["field"] == "after", body


def ids(nodes: list[dict], key: str = "id") -> list[str]:
    return [n[key] for n in nodes]


def test_volunteer_teams_connection(county_a):
    tag = uuid.uuid4().hex[:6]
    made = [county_a(CREATE_TEAM, name=f"连接测试队{tag}-{n}")["createVolunteerTeam"]["id"] for n in range(5)]
    nodes, pages = walk(county_a, TEAMS, "volunteerTeamsConnection", first=2)
    assert pages >= 3 and len(set(ids(nodes))) == len(nodes)
    old = county_a("{ volunteerTeams { id } }")["volunteerTeams"]
    assert sorted(ids(nodes)) == sorted(ids(old))  # no gap
    assert [n["id"] for n in nodes if n["id"] in made] == made  # by name
    refuses_bad_first(county_a, TEAMS)


def test_store_items_connection(county_a):
    prices = [7, 3, 7, 3, 5]
    made = {item(county_a, price=p, stock=1)["id"]: p for p in prices}
    nodes, pages = walk(county_a, ITEMS, "storeItemsConnection", first=2)
    assert pages >= 3 and len(set(ids(nodes))) == len(nodes)
    old = county_a("{ storeItems { id } }")["storeItems"]
    assert sorted(ids(nodes)) == sorted(ids(old))
    assert [n["price"] for n in nodes] == sorted(n["price"] for n in nodes)  # cheapest first
    assert sorted(made.values()) == [n["price"] for n in nodes if n["id"] in made]
    refuses_bad_first(county_a, ITEMS)


def test_pioneer_index_connection(county_a):
    tag = uuid.uuid4().hex[:6]
    members = party_members(county_a, 5)
    made = [register(county_a, f"先锋{tag}-{n}", kind="party_member", memberId=members[n])["id"]
            for n in (3, 1, 4, 0, 2)]
    for month in (None, "2019-01"):
        nodes, pages = walk(county_a, PIONEER, "pioneerIndexConnection", first=2, month=month)
        assert pages >= 3 and len(set(ids(nodes, "volunteerId"))) == len(nodes)
        old = county_a("query($m: String) { pioneerIndex(month: $m) { volunteerId } }", m=month)["pioneerIndex"]
        assert sorted(ids(nodes, "volunteerId")) == sorted(ids(old, "volunteerId"))
        assert set(made) <= set(ids(nodes, "volunteerId"))
        # best first, then by name, then by volunteer id
        assert nodes == sorted(nodes, key=lambda n: (-n["index"], n["name"], uuid.UUID(n["volunteerId"])))
    refuses_bad_first(county_a, PIONEER)


def test_party_members_connection(county_a):
    tree = small_tree(county_a)
    names = ["党员C", "党员A", "党员B", "党员A", "党员D"]
    made = [add_member(county_a, tree["grid"], name=name) for name in names]
    nodes, pages = walk(county_a, MEMBERS, "partyMembersConnection", first=2, org=tree["grid"])
    assert pages == 3
    expected = sorted(made, key=lambda m: (m["name"], uuid.UUID(m["id"])))  # by name, then id
    assert ids(nodes) == ids(expected)
    assert {n["org"]["id"] for n in nodes} == {tree["grid"]}
    refuses_bad_first(county_a, MEMBERS, org=tree["grid"])


def test_community_registrations_connection(county_a):
    tree = small_tree(county_a)
    community = lay_out(county_a)["community"]
    made = []
    for n in range(5):
        member = add_member(county_a, tree["grid"], name=f"在职党员{n}", inService=True)
        done = county_a(REGISTER_WITH_COMMUNITY, input={"memberId": member["id"], "communityId": community,
                                                        "duties": "楼栋议事员", "pledge": "每月服务一次"})
        made.append(done["registerWithCommunity"]["id"])
    nodes, pages = walk(county_a, REGISTRATIONS, "communityRegistrationsConnection", first=2, c=community)
    assert pages == 3
    assert ids(nodes) == made[::-1]  # newest first
    assert [n["registeredAt"] for n in nodes] == sorted((n["registeredAt"] for n in nodes), reverse=True)
    refuses_bad_first(county_a, REGISTRATIONS, c=community)


async def test_member_service_records_connection(county_a, amqp_uri):
    tree = await asyncio.to_thread(small_tree, county_a)
    member = await asyncio.to_thread(add_member, county_a, tree["grid"], "服务党员")
    moments = ["2026-06-01T02:00:00+00:00", "2026-06-03T02:00:00+00:00", "2026-06-03T02:00:00+00:00",
               "2026-06-02T02:00:00+00:00", "2026-05-30T02:00:00+00:00"]
    wishes = [str(uuid.uuid4()) for _ in moments]
    for wish, at in zip(wishes, moments):
        await publish(amqp_uri, "341181", str(uuid.uuid4()), {
            "wish_id": wish, "grid_id": str(uuid.uuid4()), "at": at, "helper_member_ids": [member["id"]]},
            routing_key="wish.fulfilled")
    old = "query($m: ID!) { memberServiceRecords(memberId: $m) { sourceId } }"
    await asyncio.to_thread(wait_for, lambda: county_a(old, m=member["id"])["memberServiceRecords"],
                            lambda rows: len(rows) == len(wishes))
    nodes, pages = await asyncio.to_thread(walk, county_a, RECORDS, "memberServiceRecordsConnection", 2,
                                           m=member["id"])
    assert pages == 3 and sorted(ids(nodes, "sourceId")) == sorted(wishes)
    by_wish = dict(zip(wishes, moments))
    assert [by_wish[n["sourceId"]] for n in nodes] == sorted(moments, reverse=True)  # newest first
    await asyncio.to_thread(refuses_bad_first, county_a, RECORDS, m=member["id"])


def test_three_party_meetings_connection(county_a):
    place = lay_out(county_a)
    community = place["community"]
    sides = [{"side": "party_org", "name": "社区书记"}, {"side": "company", "name": "项目经理"},
             {"side": "committee", "name": "业委会主任"}]
    days = ["2031-05-07", "2031-05-14", "2031-05-14", "2031-05-21", "2031-04-30"]
    made = []
    for day in days:
        case = report(county_a, place["grid"])
        done = county_a(MEETING, input={"communityId": community, "communityName": "连接社区", "heldOn": day,
                                        "attendees": sides, "discussedCaseIds": [case], "settledCaseIds": [case],
                                        "decisions": ["物业限期整改"]})["recordThreePartyMeeting"]
        made.append(done["id"])
    nodes, pages = walk(county_a, MEETINGS, "threePartyMeetingsConnection", first=2, c=community)
    assert pages == 3 and sorted(ids(nodes)) == sorted(made) and len(set(ids(nodes))) == 5
    assert [n["heldOn"] for n in nodes] == sorted(days, reverse=True)  # newest first
    same_day = [n["id"] for n in nodes if n["heldOn"] == "2031-05-14"]
    assert same_day == sorted(same_day, key=uuid.UUID, reverse=True)  # then by id, descending
    may, _ = walk(county_a, MEETINGS, "threePartyMeetingsConnection", first=2, c=community,
                  since="2031-05-01", until="2031-05-14")
    assert [n["heldOn"] for n in may] == ["2031-05-14", "2031-05-14", "2031-05-07"]
    old = county_a("query($s: Date!, $u: Date!) { threePartyMeetings(since: $s, until: $u) { id } }",
                   s="2031-04-01", u="2031-05-31")["threePartyMeetings"]
    assert set(made) <= set(ids(old))
    refuses_bad_first(county_a, MEETINGS, c=community)


@pytest.fixture
def two_emergencies(county_a):
    """A cadre assigned three times to one community and twice to another, both in emergency."""
    subject = f"cadre-{uuid.uuid4().hex[:8]}"
    places = [lay_out(county_a), lay_out(county_a)]
    for place, times in zip(places, (3, 2)):
        for _ in range(times):
            made = county_a(ASSIGN, input={"subject": subject, "name": "下沉干部", "kind": "county_leader",
                                           "communityId": place["community"]})["assignCadre"]
            assert made["__typename"] == "CadreAssignment", made
    activated = []
    for place in places:
        made = county_a(ACTIVATE, input={"scopeLevel": "community", "scopeId": place["community"],
                                         "reason": "防汛演练"})["activateEmergency"]
        assert made["__typename"] == "Emergency", made
        activated.append(made["id"])
    yield subject, activated
    for emergency in activated:
        county_a(END, id=emergency)


def test_my_emergency_tasks_connection(gateway_url, two_emergencies):
    subject, (earlier, later) = two_emergencies
    cadre = Client(gateway_url, login(subject))
    nodes, pages = walk(cadre, TASKS, "myEmergencyTasksConnection", first=2)
    assert pages == 3 and len(set(ids(nodes))) == 5
    old = cadre("{ myEmergencyTasks { id } }")["myEmergencyTasks"]
    assert sorted(ids(nodes)) == sorted(ids(old))
    assert [n["emergencyId"] for n in nodes] == [later] * 2 + [earlier] * 3  # latest activation first
    for emergency in (earlier, later):
        mine = [n["id"] for n in nodes if n["emergencyId"] == emergency]
        assert mine == sorted(mine, key=uuid.UUID)  # then by task id
    refuses_bad_first(cadre, TASKS)
