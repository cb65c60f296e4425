"""Roster rules: places each level needs, one person in several posts, staffing gaps, counts."""
import uuid

import pytest

from services.grid import roster
from shared.contracts.grid import PostIn
from shared.errors import Conflict, NotFound, ValidationFailed
from shared.principal import Principal, Scope
from tests.services.grid.conftest import TENANT, place


def appoint(session, where, level, name="陈红", **extra):
    ids = {"community_id": where["community"].id, "compound_id": where["compound"].id,
           "grid_id": where["grid"].id, "building_id": where["building"].id, "unit": "1", "floor": "3"}
    needed = {f: ids[f] for f in roster.NEEDS[level]}
    return roster.appoint(session, None, PostIn(level=level, holder_name=name, **{**needed, **extra}))


@pytest.mark.parametrize("level, field", [("grid_worker", "gridId"), ("unit_head", "unit"),
                                          ("compound_party_leader", "compoundId"),
                                          ("community_work_team", "communityId")])
def test_each_level_needs_its_place(session, level, field):
    with pytest.raises(ValidationFailed) as info:
        roster.appoint(session, None, PostIn(level=level, holder_name="x"))
    assert field in {e["field"] for e in info.value.details["errors"]}


def test_places_must_share_a_community(session):
    mine, other = place(session, "东门"), place(session, "西门")
    with pytest.raises(Conflict) as info:
        roster.appoint(session, None, PostIn(level="building_head", holder_name="x",
                                             grid_id=mine["grid"].id, building_id=other["building"].id))
    assert info.value.field == "buildingId"
    with pytest.raises(NotFound) as info:
        roster.appoint(session, None, PostIn(level="grid_worker", holder_name="x", grid_id=uuid.uuid4()))
    assert info.value.field == "gridId"


def test_appointing_outside_scope_is_not_found(session):
    mine, other = place(session, "东门"), place(session, "西门")
    staff = Principal(TENANT, "s", ("community_staff",), Scope("community", str(mine["community"].id)))
    with pytest.raises(NotFound):
        roster.appoint(session, staff, PostIn(level="grid_worker", holder_name="x", grid_id=other["grid"].id))
    assert roster.appoint(session, staff, PostIn(level="grid_worker", holder_name="x",
                                                 grid_id=mine["grid"].id)).street_id == mine["street"].id


def test_staffing_gaps_by_model(session):
    full, empty = place(session, "东门"), place(session, "西门")
    appoint(session, full, "compound_party_leader")  # at the compound: counts for its grid
    appoint(session, full, "grid_worker", name="甲")
    appoint(session, full, "grid_worker", name="乙")
    appoint(session, full, "building_head", name="甲")
    report = roster.staffing_report(session, None)
    assert report["model"] == "1+2+N" and report["grids_checked"] == 2
    assert [g["grid_id"] for g in report["gaps"]] == [str(empty["grid"].id)]
    assert {m["level"]: m["actual"] for m in report["gaps"][0]["missing"]} == {
        "compound_party_leader": 0, "grid_worker": 0, "building_head": 0}
    roster.set_staffing_model(session, "三长三员一民警")
    report = roster.staffing_report(session, None)
    gaps = {g["grid_id"]: {m["level"]: (m["required"], m["actual"]) for m in g["missing"]}
            for g in report["gaps"]}
    assert gaps[str(full["grid"].id)] == {"grid_worker": (3, 2), "unit_head": (1, 0),
                                          "floor_head": (1, 0), "community_police": (1, 0)}
    assert len(gaps[str(empty["grid"].id)]) == 5


def test_counts_per_level_and_community_with_one_person_in_two_posts(session):
    where = place(session, "东门")
    appoint(session, where, "grid_worker", name="甲")
    appoint(session, where, "grid_worker", name="乙")
    appoint(session, where, "building_head", name="甲")
    appoint(session, where, "floor_head", name="甲")
    counts = roster.roster_counts(session, None)
    by_level = {c["level"]: (c["posts"], c["persons"]) for c in counts["by_level"]}
    assert by_level["grid_worker"] == (2, 2) and by_level["floor_head"] == (1, 1)
    assert by_level["unit_head"] == (0, 0)
    assert {(c["community_name"], c["level"], c["posts"]) for c in counts["by_community"]} == {
        ("东门社区", "grid_worker", 2), ("东门社区", "building_head", 1), ("东门社区", "floor_head", 1)}


def test_holder_must_be_a_resident_in_scope(session):
    with pytest.raises(NotFound) as info:
        appoint(session, place(session, "东门"), "grid_worker", resident_id=uuid.uuid4())
    assert info.value.field == "residentId"


def test_vacate_in_scope_only(session):
    mine, other = place(session, "东门"), place(session, "西门")
    post = appoint(session, other, "grid_worker")
    staff = Principal(TENANT, "s", ("community_staff",), Scope("community", str(mine["community"].id)))
    with pytest.raises(NotFound) as info:
        roster.vacate(session, staff, post.id)
    assert info.value.field == "postId"
    roster.vacate(session, None, post.id)
    assert roster.list_posts(session, None, limit=10, after=None, grid_id=None, level=None) == []
