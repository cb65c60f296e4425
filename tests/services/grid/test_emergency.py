"""Cadre assignment and emergency activation rules over migrated SQLite."""
import time
import uuid

import pytest
import sqlalchemy as sa

from services.grid import cadres, emergency
from services.grid.models import CadreAssignment, EmergencyTask
from shared.contracts.grid import CadreAssignmentIn, EmergencyActivationIn
from shared.errors import Conflict, Forbidden, NotFound, ValidationFailed
from shared.principal import Principal, Scope
from tests.services.grid.conftest import TENANT, place

ADMIN = Principal(TENANT, "admin", ("county_admin",))


def cadre(session, where, subject, kind="cadre"):
    ids = {"cadre": {"building_id": where["building"].id}, "department": {"compound_id": where["compound"].id},
           "county_leader": {"community_id": where["community"].id}}[kind]
    return cadres.assign(session, CadreAssignmentIn(subject=subject, name=subject, kind=kind, **ids))


def test_assignment_needs_its_place(session):
    with pytest.raises(ValidationFailed) as info:
        cadres.assign(session, CadreAssignmentIn(subject="c", name="c", kind="cadre"))
    assert info.value.field == "buildingId"
    with pytest.raises(NotFound) as info:
        cadres.assign(session, CadreAssignmentIn(subject="c", name="c", kind="department",
                                                    compound_id=uuid.uuid4()))
    assert info.value.field == "compoundId"


def test_activate_acknowledge_share_and_end(session):
    east, west = place(session, "东门"), place(session, "西门")
    tasks_for = {}
    for i, (where, kind) in enumerate([(east, "cadre"), (east, "department"), (west, "county_leader")]):
        row = cadre(session, where, f"c{i}", kind)
        assert row.community_id == where["community"].id
    row = emergency.activate(session, ADMIN, EmergencyActivationIn(reason="防汛"))
    assert row.task_count == 3
    for task in session.scalars(sa.select(EmergencyTask)):
        tasks_for[task.subject] = task.id
    task, event = emergency.acknowledge(session, Principal(TENANT, "c0"), tasks_for["c0"])
    assert task.acknowledged_at is not None
    assert (event.task_id, event.community_id, event.street_id) == (task.id, east["community"].id,
                                                                   east["street"].id)
    assert (event.community_acknowledged, event.community_tasks, event.community_share) == (1, 2, 0.5)
    assert (event.acknowledged, event.task_count) == (1, 3)
    assert emergency.acknowledge(session, Principal(TENANT, "c0"), tasks_for["c0"])[1] is None  # no event
    _, second = emergency.acknowledge(session, Principal(TENANT, "c2"), tasks_for["c2"])
    assert (second.community_id, second.community_acknowledged, second.community_tasks) == (
        west["community"].id, 1, 1)
    assert (second.acknowledged, emergency.acknowledged_count(session, row.id)) == (2, 2)
    with pytest.raises(NotFound):  # someone else's task
        emergency.acknowledge(session, Principal(TENANT, "c1"), tasks_for["c0"])
    shares = {c["community_name"]: (c["tasks"], c["acknowledged"], c["share"])
              for c in emergency.status(session, None, row.id)["communities"]}
    assert shares == {"东门社区": (2, 1, 0.5), "西门社区": (1, 1, 1.0)}
    with pytest.raises(Conflict):
        emergency.activate(session, ADMIN, EmergencyActivationIn(reason="再次"))
    emergency.deactivate(session, ADMIN, row.id)
    with pytest.raises(Conflict):
        emergency.acknowledge(session, Principal(TENANT, "c1"), tasks_for["c1"])
    assert emergency.my_tasks(session, Principal(TENANT, "c1")) == []


def test_street_admin_stays_in_their_street(session):
    east, west = place(session, "东门"), place(session, "西门")
    cadre(session, east, "c0")
    cadre(session, west, "c1")
    street = Principal(TENANT, "s", ("street_staff",), Scope("street", str(east["street"].id)))
    with pytest.raises(Forbidden):
        emergency.activate(session, street, EmergencyActivationIn(reason="x"))
    with pytest.raises(Forbidden):
        emergency.activate(session, street, EmergencyActivationIn(
            scope_level="community", scope_id=west["community"].id, reason="x"))
    row = emergency.activate(session, street, EmergencyActivationIn(
        scope_level="street", scope_id=east["street"].id, reason="x"))
    assert row.task_count == 1


def test_activation_of_2500_cadres_is_fast(session):
    where = place(session, "东门")
    session.execute(sa.insert(CadreAssignment), [
        {"tenant_id": TENANT, "id": uuid.uuid4(), "subject": f"c{i}", "name": "c", "kind": "cadre",
         "street_id": where["street"].id, "community_id": where["community"].id,
         "compound_id": where["compound"].id, "building_id": where["building"].id} for i in range(2500)])
    started = time.perf_counter()
    row = emergency.activate(session, ADMIN, EmergencyActivationIn(reason="演练"))
    session.commit()
    assert row.task_count == 2500 and time.perf_counter() - started < 5


def test_coverage_lists_places_without_cadres(session):
    from services.grid.cadres import coverage

    east, west = place(session, "东门"), place(session, "西门")
    cadre(session, east, "c0", "cadre")
    cadre(session, east, "c1", "county_leader")
    levels = {lv["level"]: lv for lv in coverage(session, None)["levels"]}
    assert (levels["building"]["total"], levels["building"]["covered"]) == (2, 1)
    assert [p["id"] for p in levels["building"]["uncovered"]] == [str(west["building"].id)]
    assert [p["name"] for p in levels["community"]["uncovered"]] == ["西门社区"]
    assert levels["compound"]["covered"] == 0
    mine = Principal(TENANT, "s", ("community_staff",), Scope("community", str(east["community"].id)))
    assert {lv["level"]: lv["total"] for lv in coverage(session, mine)["levels"]} == {
        "community": 1, "compound": 1, "building": 1}
