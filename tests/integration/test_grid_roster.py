"""The seven-level roster through the gateway: appointments, one person in several posts,
staffing model gaps, counts, bad input, scope and tenants."""
from __future__ import annotations

import uuid

from shared.principal import Scope
from tests.integration.conftest import Client, token
from tests.integration.test_grid_helpers import lay_out_building, resident

APPOINT = """mutation($input: AppointPostInput!) { appointPost(input: $input) {
  __typename ... on Post { id level holderName residentId gridId buildingId unit floor communityId }
  ... on OperationError { code field fieldErrors { field message } } } }"""
SET_MODEL = """mutation($model: String!) { setStaffingModel(model: $model) {
  __typename ... on StaffingReport { model requirements { level required } }
  ... on OperationError { code field } } }"""
REPORT = """{ staffingReport { model gridsChecked gaps { gridId missing { level required actual } } } }"""
COUNTS = """{ rosterCounts { byLevel { level posts persons } byCommunity { communityId level posts } } }"""
POSTS = """query($gridId: ID, $level: String) { posts(first: 100, gridId: $gridId, level: $level) {
  edges { node { id level holderName } } } }"""


def appoint(client, place, level, name="刘洋", **extra):
    fields = {"community_work_team": {"communityId": place["community"]},
              "compound_party_leader": {"compoundId": place["compound"]},
              "grid_worker": {"gridId": place["grid"]}, "community_police": {"gridId": place["grid"]},
              "building_head": {"gridId": place["grid"], "buildingId": place["building"]}}
    needed = fields.get(level) or {"gridId": place["grid"], "buildingId": place["building"],
                                   "unit": "1", "floor": "2"}
    made = client(APPOINT, input={"level": level, "holderName": name, **needed, **extra})["appointPost"]
    assert made["__typename"] == "Post", made
    return made


def test_staffing_model_gaps_and_counts(county_a):
    county_a(SET_MODEL, model="1+2+N")
    full, short = lay_out_building(county_a), lay_out_building(county_a)
    person = resident(county_a, full)
    appoint(county_a, full, "compound_party_leader")
    appoint(county_a, full, "grid_worker", name="王芳", residentId=person["id"])
    appoint(county_a, full, "grid_worker", name="李强")
    head = appoint(county_a, full, "building_head", name="王芳", residentId=person["id"])
    assert head["residentId"] == person["id"]
    appoint(county_a, short, "grid_worker")
    gaps = {g["gridId"]: g["missing"] for g in county_a(REPORT)["staffingReport"]["gaps"]}
    assert full["grid"] not in gaps
    assert gaps[short["grid"]] == [{"level": "compound_party_leader", "required": 1, "actual": 0},
                                   {"level": "grid_worker", "required": 2, "actual": 1},
                                   {"level": "building_head", "required": 1, "actual": 0}]
    changed = county_a(SET_MODEL, model="1+1+N")["setStaffingModel"]
    assert changed["model"] == "1+1+N"
    gaps = {g["gridId"]: g["missing"] for g in county_a(REPORT)["staffingReport"]["gaps"]}
    assert [m["level"] for m in gaps[short["grid"]]] == ["compound_party_leader", "building_head"]
    community = [c for c in county_a(COUNTS)["rosterCounts"]["byCommunity"]
                 if c["communityId"] == full["community"]]
    assert {(c["level"], c["posts"]) for c in community} == {
        ("compound_party_leader", 1), ("grid_worker", 2), ("building_head", 1)}
    levels = {c["level"]: c for c in county_a(COUNTS)["rosterCounts"]["byLevel"]}
    assert len(levels) == 8 and levels["grid_worker"]["posts"] >= 3


def test_bad_input_writes_nothing(county_a, county_b, superuser_db):
    place = lay_out_building(county_a)
    before = superuser_db("grid", "SELECT count(*) FROM roster_posts")
    missing = county_a(APPOINT, input={"level": "unit_head", "holderName": "x", "gridId": place["grid"]})
    assert missing["appointPost"]["code"] == "VALIDATION_FAILED"
    assert {e["field"] for e in missing["appointPost"]["fieldErrors"]} == {"buildingId", "unit"}
    unknown = county_a(APPOINT, input={"level": "grid_worker", "holderName": "x", "gridId": str(uuid.uuid4())})
    assert (unknown["appointPost"]["code"], unknown["appointPost"]["field"]) == ("NOT_FOUND", "gridId")
    level = county_a(APPOINT, input={"level": "mayor", "holderName": "x", "gridId": place["grid"]})
    assert (level["appointPost"]["code"], level["appointPost"]["field"]) == ("VALIDATION_FAILED", "level")
    model = county_a(SET_MODEL, model="2+2")["setStaffingModel"]
    assert (model["code"], model["field"]) == ("VALIDATION_FAILED", "model")
    foreign = county_b(APPOINT, input={"level": "grid_worker", "holderName": "x", "gridId": place["grid"]})
    assert foreign["appointPost"]["code"] == "NOT_FOUND"
    assert superuser_db("grid", "SELECT count(*) FROM roster_posts") == before


def test_scope_limits_posts_and_appointments(county_a, gateway_url):
    mine, theirs = lay_out_building(county_a), lay_out_building(county_a)
    own = appoint(county_a, mine, "grid_worker")
    appoint(county_a, theirs, "grid_worker")
    worker = Client(gateway_url, token("341181", "grid_worker", scope=Scope("grid", mine["grid"])))
    assert {e["node"]["id"] for e in worker(POSTS)["posts"]["edges"]} == {own["id"]}
    staff = Client(gateway_url, token("341181", "community_staff", scope=Scope("community", mine["community"])))
    refused = staff(APPOINT, input={"level": "grid_worker", "holderName": "x", "gridId": theirs["grid"]})
    assert refused["appointPost"]["code"] == "NOT_FOUND"
    gaps = staff(REPORT)["staffingReport"]
    assert gaps["gridsChecked"] == 1
    forbidden = worker.raw(SET_MODEL, {"model": "1+1+N"}).json()
    assert forbidden["errors"][0]["extensions"]["code"] == "FORBIDDEN"


def test_vacate_post(county_a, county_b, superuser_db):
    place = lay_out_building(county_a)
    post = appoint(county_a, place, "grid_worker")
    vacate = """mutation($id: ID!) { vacatePost(id: $id) { __typename ... on Post { id level }
      ... on OperationError { code field } } }"""
    refused = county_b(vacate, id=post["id"])["vacatePost"]
    assert (refused["code"], refused["field"]) == ("NOT_FOUND", "postId")
    assert superuser_db("grid", "SELECT count(*) FROM roster_posts WHERE id = :i", i=uuid.UUID(post["id"])) == 1
    assert county_a(vacate, id=post["id"])["vacatePost"] == {"__typename": "Post", "id": post["id"],
                                                            "level": "grid_worker"}
    assert superuser_db("grid", "SELECT count(*) FROM roster_posts WHERE id = :i", i=uuid.UUID(post["id"])) == 0
    malformed = county_a(vacate, id="x")["vacatePost"]
    assert (malformed["code"], malformed["field"]) == ("VALIDATION_FAILED", "postId")
