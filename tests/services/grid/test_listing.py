"""Paged lists with the filters county staff use: visits (newest first, keyset on time), emergencies
in the caller's street or community, cadre assignments, residents by special group."""
from datetime import datetime, timedelta, timezone

from services.grid import cadres, emergency, residents, visits
from shared.contracts.grid import CadreAssignmentIn, EmergencyActivationIn, HouseholdIn, ResidentIn, VisitIn
from shared.principal import Principal, Scope
from tests.services.grid.conftest import TENANT, place
from tests.services.grid.test_residents import TODAY, number

ADMIN = Principal(TENANT, "admin", ("county_admin",))
NOW = datetime(2026, 11, 27, 12, tzinfo=timezone.utc)


def test_visit_pages_follow_time_then_id(session):
    where = place(session, "东门")
    home = residents.register_household(session, None, HouseholdIn(
        building_id=where["building"].id, grid_id=where["grid"].id, unit="1", floor=1, room="101"))
    worker = Principal(TENANT, "w1", ("grid_worker",), Scope("grid", str(where["grid"].id)))
    same = NOW - timedelta(hours=1)
    for offset in (timedelta(hours=3), timedelta(hours=1), timedelta(hours=1), timedelta(hours=2)):
        visits.record(session, worker, VisitIn(household_id=home.id, visited_at=NOW - offset), NOW)
    seen, after = [], None
    while True:
        page = visits.list_visits(session, None, limit=2, household_id=None, grid_id=None, after=after)
        seen += page
        if len(page) < 2:
            break
        after = (page[-1].visited_at, page[-1].id)
    assert len(seen) == 4 and len({v.id for v in seen}) == 4
    times = [visits.aware(v.visited_at) for v in seen]
    assert times == sorted(times, reverse=True) and times[0] == same
    window = visits.list_visits(session, None, limit=10, household_id=None, grid_id=None,
                                since=NOW - timedelta(hours=2, minutes=30), until=NOW - timedelta(minutes=30))
    assert len(window) == 3
    assert visits.list_visits(session, None, limit=10, household_id=None, grid_id=None, visitor="other") == []


def test_emergencies_of_my_street_and_county(session):
    east, west = place(session, "东门"), place(session, "西门")
    county = emergency.activate(session, ADMIN, EmergencyActivationIn(reason="全县"))
    mine = emergency.activate(session, ADMIN, EmergencyActivationIn(
        scope_level="community", scope_id=east["community"].id, reason="东门"))
    emergency.activate(session, ADMIN, EmergencyActivationIn(
        scope_level="street", scope_id=west["street"].id, reason="西门"))
    emergency.deactivate(session, ADMIN, county.id)
    staff = Principal(TENANT, "c", ("community_staff",), Scope("community", str(east["community"].id)))
    seen = emergency.list_emergencies(session, staff, limit=10, after=None, active=None)
    assert {e.id for e in seen} == {county.id, mine.id}
    assert [e.id for e in emergency.list_emergencies(session, staff, limit=10, after=None, active=True)] == [mine.id]
    assert len(emergency.list_emergencies(session, ADMIN, limit=10, after=None, active=None)) == 3


def test_cadre_assignments_by_kind_and_scope(session):
    east, west = place(session, "东门"), place(session, "西门")
    cadres.assign(session, CadreAssignmentIn(subject="a", name="甲", kind="cadre", building_id=east["building"].id))
    cadres.assign(session, CadreAssignmentIn(subject="b", name="乙", kind="county_leader",
                                             community_id=west["community"].id))
    street = Principal(TENANT, "s", ("street_staff",), Scope("street", str(east["street"].id)))
    assert [a.subject for a in cadres.list_assignments(session, street, limit=10, after=None, kind=None,
                                                       community_id=None, street_id=None)] == ["a"]
    leaders = cadres.list_assignments(session, ADMIN, limit=10, after=None, kind="county_leader",
                                      community_id=None, street_id=None)
    assert [a.subject for a in leaders] == ["b"]


def test_residents_by_special_group_and_community(session):
    east, west = place(session, "东门"), place(session, "西门")
    for seq, where, groups in ((1, east, ["veteran"]), (2, east, []), (3, west, ["veteran", "disabled"])):
        home = residents.register_household(session, None, HouseholdIn(
            building_id=where["building"].id, grid_id=where["grid"].id, unit="1", floor=1, room=str(seq)))
        residents.register_resident(session, None, ResidentIn(household_id=home.id, name="某", id_number=number(seq),
                                                              special_groups=groups), TODAY)
    veterans = residents.list_residents(session, None, limit=10, after=None, grid_id=None, special_group="veteran")
    assert len(veterans) == 2
    east_veterans = residents.list_residents(session, None, limit=10, after=None, grid_id=None,
                                             special_group="veteran", community_id=east["community"].id)
    assert len(east_veterans) == 1
    assert residents.list_households(session, None, limit=10, after=None, grid_id=None, kind="shop") == []
