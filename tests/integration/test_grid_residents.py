"""Residents registry through the gateway on RabbitMQ + PostgreSQL: masking, audited unmasked
reads, lookup by blind index, data scope, bad input, tenants."""
from __future__ import annotations

import uuid

from shared.principal import Scope
from tests.integration.conftest import Client, token
from tests.integration.test_grid_helpers import (
    REGISTER_HOUSEHOLD, REGISTER_RESIDENT, RESIDENT_FIELDS, household, id_number, lay_out_building,
    resident,
)

RESIDENTS = """query($gridId: ID, $unmasked: Boolean! = false) {
  residents(first: 100, gridId: $gridId, unmasked: $unmasked, reason: "核查") {
  edges { node { %s } } pageInfo { hasNextPage } } }""" % RESIDENT_FIELDS
BY_NUMBER = """query($n: String!, $unmasked: Boolean! = false) {
  residentByIdNumber(idNumber: $n, unmasked: $unmasked) { id idNumber phone masked } }"""
UPDATE = """mutation($id: ID!, $input: UpdateResidentInput!) { updateResident(id: $id, input: $input) {
  __typename ... on Resident { id phone residency gridId stale }
  ... on OperationError { code field } } }"""


def audits(db, record_id: str) -> int:
    return db("grid", "SELECT count(*) FROM resident_access_audit WHERE record_id = :r", r=uuid.UUID(record_id))


def test_register_masks_and_encrypts(county_a, superuser_db):
    place = lay_out_building(county_a)
    made = resident(county_a, place, specialGroups=["elderly_alone"], residency="floating")
    assert made["__typename"] == "Resident" and made["masked"] is True
    assert made["idNumber"] == made["clear"][:6] + "********" + made["clear"][-4:]
    assert made["phone"] == "138****5678" and made["specialGroups"] == ["elderly_alone"]
    assert made["stale"] is False and made["staleAfter"] > made["updatedAt"]
    stored = superuser_db("grid", "SELECT id_number_enc || phone_enc FROM residents WHERE id = :i",
                          i=uuid.UUID(made["id"]))
    assert made["clear"] not in stored and "13812345678" not in stored
    assert audits(superuser_db, made["id"]) == 0
    grid = county_a("query($id: ID!) { grid(id: $id) { householdCount sizeFlag } }", id=place["grid"])
    assert grid["grid"] == {"householdCount": 1, "sizeFlag": "under"}


def test_unmasked_read_is_audited_and_only_for_allowed_roles(county_a, gateway_url, superuser_db):
    place = lay_out_building(county_a)
    made = resident(county_a, place)
    rows = county_a(RESIDENTS, gridId=place["grid"], unmasked=True)["residents"]["edges"]
    assert [(r["node"]["idNumber"], r["node"]["phone"]) for r in rows] == [(made["clear"], "13812345678")]
    assert audits(superuser_db, made["id"]) == 2  # the ID number and the phone
    assert superuser_db("grid", "SELECT min(reason) FROM resident_access_audit WHERE record_id = :r",
                        r=uuid.UUID(made["id"])) == "核查"
    worker = Client(gateway_url, token("341181", "grid_worker", scope=Scope("grid", place["grid"])))
    refused = worker.raw(RESIDENTS, {"gridId": place["grid"], "unmasked": True}).json()
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    masked = worker(RESIDENTS, gridId=place["grid"])["residents"]["edges"]
    assert [r["node"]["idNumber"] for r in masked] == [made["idNumber"]]
    assert audits(superuser_db, made["id"]) == 2


def test_lookup_by_exact_id_number(county_a, superuser_db):
    made = resident(county_a, lay_out_building(county_a))
    found = county_a(BY_NUMBER, n=made["clear"].lower())["residentByIdNumber"]
    assert found == {"id": made["id"], "idNumber": made["idNumber"], "phone": "138****5678", "masked": True}
    assert county_a(BY_NUMBER, n=id_number("19700101"))["residentByIdNumber"] is None
    clear = county_a(BY_NUMBER, n=made["clear"], unmasked=True)["residentByIdNumber"]
    assert clear["idNumber"] == made["clear"] and audits(superuser_db, made["id"]) == 2


def test_grid_worker_cannot_read_another_grids_residents(county_a, gateway_url):
    mine, theirs = lay_out_building(county_a), lay_out_building(county_a)
    own = resident(county_a, mine)
    other = resident(county_a, theirs)
    worker = Client(gateway_url, token("341181", "grid_worker", scope=Scope("grid", mine["grid"])))
    seen = {e["node"]["id"] for e in worker(RESIDENTS)["residents"]["edges"]}
    assert seen == {own["id"]}
    assert worker(RESIDENTS, gridId=theirs["grid"])["residents"]["edges"] == []
    assert worker(BY_NUMBER, n=other["clear"])["residentByIdNumber"] is None
    moved = worker(UPDATE, id=other["id"], input={"name": "越权"})["updateResident"]
    assert moved == {"__typename": "OperationError", "code": "NOT_FOUND", "field": "residentId"}


def test_other_county_sees_nothing(county_a, county_b, superuser_db):
    place = lay_out_building(county_a)
    made = resident(county_a, place)
    assert county_b(BY_NUMBER, n=made["clear"])["residentByIdNumber"] is None
    assert county_b(RESIDENTS, gridId=place["grid"])["residents"]["edges"] == []
    refused = county_b(REGISTER_HOUSEHOLD, input={"buildingId": place["building"], "gridId": place["grid"],
                                                 "unit": "1", "floor": 1, "room": "越权"})
    assert refused["registerHousehold"]["code"] == "NOT_FOUND"
    assert superuser_db("grid", "SELECT count(*) FROM households WHERE room = '越权'") == 0


def test_bad_id_numbers_are_refused_and_nothing_written(county_a, superuser_db):
    place = lay_out_building(county_a)
    home = household(county_a, place)
    before = superuser_db("grid", "SELECT count(*) FROM residents")
    good = id_number()
    bad_check = good[:17] + ("0" if good[17] != "0" else "1")
    future = id_number("20990101")
    for number, reason in ((bad_check, "check"), (future, "future"), ("12345", "17 digits")):
        result = county_a(REGISTER_RESIDENT, input={"householdId": home, "name": "赵六",
                                                    "idNumber": number})["registerResident"]
        assert (result["code"], result["field"]) == ("VALIDATION_FAILED", "idNumber"), number
    result = county_a(REGISTER_RESIDENT, input={"householdId": home, "name": "赵六", "idNumber": good,
                                                "phone": "12345", "specialGroups": ["vip"]})["registerResident"]
    assert result["code"] == "VALIDATION_FAILED"
    assert {e["field"] for e in result["fieldErrors"]} == {"phone", "specialGroups.0"}
    assert superuser_db("grid", "SELECT count(*) FROM residents") == before


def test_unknown_place_code_goes_to_review(county_a):
    made = resident(county_a, lay_out_building(county_a), idNumber=id_number(place="990101"))
    assert made["__typename"] == "Resident" and made["needsReview"] is True


def test_duplicate_and_unknown_household(county_a, superuser_db):
    place = lay_out_building(county_a)
    made = resident(county_a, place)
    again = county_a(REGISTER_RESIDENT, input={"householdId": household(county_a, place), "name": "重复",
                                               "idNumber": made["clear"]})["registerResident"]
    assert (again["code"], again["field"]) == ("CONFLICT", "idNumber")
    lost = county_a(REGISTER_RESIDENT, input={"householdId": str(uuid.uuid4()), "name": "无户",
                                              "idNumber": id_number()})["registerResident"]
    assert (lost["code"], lost["field"]) == ("NOT_FOUND", "householdId")
    assert superuser_db("grid", "SELECT count(*) FROM residents WHERE name IN ('重复', '无户')") == 0


def test_update_and_move_grid_publishes_event(county_a, superuser_db):
    first, second = lay_out_building(county_a), lay_out_building(county_a)
    made = resident(county_a, first)
    target = household(county_a, second)
    updated = county_a(UPDATE, id=made["id"], input={"phone": None, "householdId": target,
                                                     "residency": "floating"})["updateResident"]
    assert updated == {"__typename": "Resident", "id": made["id"], "phone": None, "residency": "floating",
                       "gridId": second["grid"], "stale": False}
    assert superuser_db("grid", "SELECT count(*) FROM outbox WHERE event_type = 'resident.moved_grid' "
                        "AND payload->>'resident_id' = :r", r=made["id"]) == 1
    bad = county_a(UPDATE, id=made["id"], input={"residency": "tourist"})["updateResident"]
    assert bad["code"] == "VALIDATION_FAILED" and bad["field"] == "residency"


def test_records_unchecked_for_a_quarter_are_flagged(county_a, superuser_db):
    place = lay_out_building(county_a)
    old, fresh = resident(county_a, place), resident(county_a, place)
    superuser_db("grid", "UPDATE residents SET updated_at = now() - interval '100 days' WHERE id = :i",
                 i=uuid.UUID(old["id"]))
    query = """query($gridId: ID) { residents(first: 10, gridId: $gridId, staleOnly: true) {
      edges { node { id stale staleAfter } } } }"""
    edges = county_a(query, gridId=place["grid"])["residents"]["edges"]
    assert [(e["node"]["id"], e["node"]["stale"]) for e in edges] == [(old["id"], True)]
    county_a(UPDATE, id=old["id"], input={"residency": "permanent"})
    assert county_a(query, gridId=place["grid"])["residents"]["edges"] == []
    assert fresh["stale"] is False


def test_rows_are_invisible_to_the_app_role_without_a_tenant(county_a, pg_urls, superuser_db):
    import sqlalchemy as sa

    resident(county_a, lay_out_building(county_a))
    assert superuser_db("grid", "SELECT count(*) FROM residents") > 0
    engine = sa.create_engine(pg_urls["app"].replace("{service}", "grid"))
    try:
        with engine.connect() as conn:
            for table in ("households", "residents", "resident_access_audit", "roster_posts",
                          "staffing_settings", "cadre_assignments", "emergencies", "emergency_tasks", "visits"):
                assert conn.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one() == 0, table
    finally:
        engine.dispose()


def test_unmasked_lookup_is_refused_before_searching(county_a, gateway_url):
    place = lay_out_building(county_a)
    worker = Client(gateway_url, token("341181", "grid_worker", scope=Scope("grid", place["grid"])))
    refused = worker.raw(BY_NUMBER, {"n": id_number(), "unmasked": True}).json()
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"


def test_households_page_in_scope(county_a, gateway_url):
    mine, theirs = lay_out_building(county_a), lay_out_building(county_a)
    own = household(county_a, mine)
    household(county_a, theirs)
    query = """query($after: String) { households(first: 1, after: $after) {
      edges { node { id gridId unit floor room kind } } pageInfo { hasNextPage endCursor } } }"""
    worker = Client(gateway_url, token("341181", "grid_worker", scope=Scope("grid", mine["grid"])))
    page = worker(query)["households"]
    assert [e["node"]["id"] for e in page["edges"]] == [own] and page["pageInfo"]["hasNextPage"] is False
    assert page["edges"][0]["node"]["gridId"] == mine["grid"]
    bad = worker.raw(query.replace("first: 1", "first: 0"), {}).json()["errors"][0]["extensions"]
    assert (bad["code"], bad["field"]) == ("VALIDATION_FAILED", "first")


def test_residents_filtered_as_county_staff_sort_them(county_a):
    place = lay_out_building(county_a)
    veteran = resident(county_a, place, specialGroups=["veteran"], residency="floating")
    resident(county_a, place)
    query = """query($c: ID, $g: String, $r: String) { residents(first: 10, communityId: $c, specialGroup: $g,
      residency: $r) { edges { node { id } } } }"""
    found = county_a(query, c=place["community"], g="veteran")["residents"]["edges"]
    assert [e["node"]["id"] for e in found] == [veteran["id"]]
    assert len(county_a(query, c=place["community"], r="permanent")["residents"]["edges"]) == 1
    bad = county_a.raw(query, {"g": "astronaut"}).json()["errors"][0]["extensions"]
    assert (bad["code"], bad["field"]) == ("VALIDATION_FAILED", "specialGroup")
