"""Deliberation through the gateway: six steps in order with who and when, the tally, scope for
community staff, refusals writing nothing, another tenant seeing nothing."""
from __future__ import annotations

from shared.principal import Scope
from tests.integration.conftest import Client, token
from tests.integration.organization_ops import ERROR, small_tree

FIELDS = "id step adopted steps { step actor note votes { votesFor votesAgainst abstentions } }"
COLLECT = """mutation($input: CollectTopicInput!) { collectTopic(input: $input) {
  __typename ... on Deliberation { %s } %s } }""" % (FIELDS, ERROR)
ADVANCE = """mutation($input: AdvanceDeliberationInput!) { advanceDeliberation(input: $input) {
  __typename ... on Deliberation { %s } %s } }""" % (FIELDS, ERROR)
ONE = "query($id: ID!) { deliberation(id: $id) { id step } }"


def test_six_steps_by_community_staff(county_a, gateway_url, superuser_db):
    tree = small_tree(county_a)
    staff = Client(gateway_url, token("341181", "community_staff", scope=Scope("community", tree["community_place"])))
    topic = staff(COLLECT, input={"orgId": tree["community"], "title": "小区停车难",
                                  "description": "夜间车位不足"})["collectTopic"]
    assert topic["step"] == "collected"
    skipped = staff(ADVANCE, input={"deliberationId": topic["id"], "step": "voted", "note": "x",
                                    "votes": {"votesFor": 1, "votesAgainst": 0}})["advanceDeliberation"]
    assert (skipped["code"], skipped["field"]) == ("CONFLICT", "step")
    for step in ("fixed", "researched"):
        staff(ADVANCE, input={"deliberationId": topic["id"], "step": step, "note": f"{step} 记录"})
    voted = staff(ADVANCE, input={"deliberationId": topic["id"], "step": "voted", "note": "居民议事会表决",
                                  "votes": {"votesFor": 23, "votesAgainst": 9, "abstentions": 2}})
    assert voted["advanceDeliberation"]["adopted"] is True
    for step in ("published", "followed_up"):
        done = staff(ADVANCE, input={"deliberationId": topic["id"], "step": step, "note": "记录"})
    steps = done["advanceDeliberation"]["steps"]
    assert [s["step"] for s in steps] == ["collected", "fixed", "researched", "voted", "published", "followed_up"]
    assert steps[3]["votes"] == {"votesFor": 23, "votesAgainst": 9, "abstentions": 2}
    assert superuser_db("organization", "SELECT count(*) FROM deliberation_steps ds JOIN deliberations d "
                        "ON d.id = ds.deliberation_id WHERE d.title = '小区停车难' AND ds.actor IS NOT NULL") >= 6


def test_refusals_write_nothing(county_a, county_b, gateway_url, superuser_db):
    tree, other = small_tree(county_a), small_tree(county_a)
    before = superuser_db("organization", "SELECT count(*) FROM deliberations")
    staff = Client(gateway_url, token("341181", "community_staff", scope=Scope("community", tree["community_place"])))
    outside = staff(COLLECT, input={"orgId": other["community"], "title": "t", "description": "d"})["collectTopic"]
    assert (outside["code"], outside["field"]) == ("NOT_FOUND", "orgId")
    bad = county_a(COLLECT, input={"orgId": "x", "title": "", "description": "d"})["collectTopic"]
    assert {e["field"] for e in bad["fieldErrors"]} == {"orgId", "title"}
    foreign = county_b(COLLECT, input={"orgId": tree["community"], "title": "t", "description": "d"})["collectTopic"]
    assert foreign["code"] == "NOT_FOUND"
    assert superuser_db("organization", "SELECT count(*) FROM deliberations") == before
    topic = county_a(COLLECT, input={"orgId": tree["grid"], "title": "加装电梯", "description": "d"})["collectTopic"]
    unknown_step = county_a(ADVANCE, input={"deliberationId": topic["id"], "step": "done", "note": "x"})
    assert unknown_step["advanceDeliberation"]["field"] == "step"
    no_tally = county_a(ADVANCE, input={"deliberationId": topic["id"], "step": "fixed", "note": "x",
                                        "votes": {"votesFor": 1, "votesAgainst": 0}})["advanceDeliberation"]
    assert (no_tally["code"], no_tally["field"]) == ("VALIDATION_FAILED", "votes")
    assert county_b(ONE, id=topic["id"])["deliberation"] is None
    assert county_b(ADVANCE, input={"deliberationId": topic["id"], "step": "fixed", "note": "x"}
                    )["advanceDeliberation"]["code"] == "NOT_FOUND"
    assert county_a(ONE, id=topic["id"])["deliberation"]["step"] == "collected"
