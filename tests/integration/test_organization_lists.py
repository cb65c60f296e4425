"""Relay connections of joint meetings and deliberations through the gateway: pages follow their
cursors without gaps or repeats, filters county staff use (org, level, dates; step, adopted), bad
page arguments name the argument, another county sees nothing."""
from __future__ import annotations

from tests.integration.organization_ops import small_tree
from tests.integration.test_organization_deliberation import ADVANCE, COLLECT
from tests.integration.test_organization_meetings import HOLD, meeting

MEETINGS = """query($first: Int!, $after: String, $org: ID, $level: String, $since: Date, $until: Date) {
  jointMeetings(first: $first, after: $after, orgId: $org, level: $level, since: $since, until: $until) {
  edges { cursor node { id heldOn level } } pageInfo { hasNextPage endCursor } } }"""
DELIBERATIONS = """query($first: Int!, $after: String, $org: ID, $step: String, $adopted: Boolean) {
  deliberations(first: $first, after: $after, orgId: $org, step: $step, adopted: $adopted) {
  edges { node { id step adopted } } pageInfo { hasNextPage endCursor } } }"""


def walk(client, query, key, **variables):
    seen, after = [], None
    while True:
        page = client(query, after=after, **variables)[key]
        seen += [e["node"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            return seen
        after = page["pageInfo"]["endCursor"]


def test_meeting_pages_and_filters(county_a, county_b):
    tree = small_tree(county_a)
    days = ["2026-03-01", "2026-03-05", "2026-03-05", "2026-04-10", "2026-05-20"]
    held = [county_a(HOLD, input=meeting(tree["street"], heldOn=d))["holdJointMeeting"]["id"] for d in days]
    community = county_a(HOLD, input=meeting(tree["community"], level="community",
                                             heldOn="2026-03-07"))["holdJointMeeting"]["id"]
    street = walk(county_a, MEETINGS, "jointMeetings", first=2, org=tree["street"])
    assert sorted(m["id"] for m in street) == sorted(held) and len(street) == len(held)
    assert [m["heldOn"] for m in street] == sorted(days, reverse=True)  # newest first
    march = walk(county_a, MEETINGS, "jointMeetings", first=10, since="2026-03-01", until="2026-03-31",
                 level="community")
    assert community in {m["id"] for m in march} and all(m["level"] == "community" for m in march)
    assert county_b(MEETINGS, first=10, org=tree["street"])["jointMeetings"]["edges"] == []
    for variables, field in (({"first": 0}, "first"), ({"first": 5, "after": "nope"}, "after"),
                             ({"first": 5, "level": "province"}, "level")):
        body = county_a.raw(MEETINGS, variables).json()
        assert (body["errors"][0]["extensions"]["code"], body["errors"][0]["extensions"]["field"]) == (
            "VALIDATION_FAILED", field), body


def test_deliberation_pages_and_filters(county_a):
    tree = small_tree(county_a)
    made = [county_a(COLLECT, input={"orgId": tree["community"], "title": f"议题{n}",
                                     "description": "居民提出"})["collectTopic"]["id"] for n in range(5)]
    for ident in made[:2]:
        county_a(ADVANCE, input={"deliberationId": ident, "step": "fixed", "note": "确定议题"})
    every = walk(county_a, DELIBERATIONS, "deliberations", first=2, org=tree["community"])
    assert sorted(d["id"] for d in every) == sorted(made) and len(every) == 5
    fixed = walk(county_a, DELIBERATIONS, "deliberations", first=10, org=tree["community"], step="fixed")
    assert sorted(d["id"] for d in fixed) == sorted(made[:2])
    body = county_a.raw(DELIBERATIONS, {"first": 5, "after": "not-an-id"}).json()
    assert body["errors"][0]["extensions"]["field"] == "after"
