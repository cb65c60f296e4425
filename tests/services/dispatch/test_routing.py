"""Routing rules on SQLite: a category starts higher or at a department, with its deadline table;
unknown parents and cycles refused; defaults listed."""
import uuid

import pytest
import sqlalchemy as sa

from services.dispatch import routing
from services.dispatch.models import Case, WhistlePart
from shared.contracts import dispatch as c
from shared.db import open_tenant_session
from shared.errors import CivicError, ValidationFailed
from tests.services.dispatch.support import TENANT, act, new_case


def set_rule(factory, **fields):
    with open_tenant_session(factory, TENANT) as session, session.begin():
        return routing.set_category(session, c.CategoryIn(**fields))


def test_start_level_and_deadline_table(factory):
    rule = set_rule(factory, code="noise", name="噪声", start_level="community",
                    deadline_workdays={"community": 2})
    assert rule["deadline_workdays"] == {"building": 1, "grid": 3, "community": 2, "street": 7}
    case_id = new_case(factory, category="noise")
    with open_tenant_session(factory, TENANT) as session:
        assert session.get(Case, (TENANT, case_id)).level == "community"
        assert routing.workdays(session, "noise", "community") == 2
        assert routing.workdays(session, "parking", "grid") == 3
    assert act(factory, case_id, "accept")["level"] == "community"
    assert act(factory, new_case(factory), "accept")["level"] == "grid"


def test_department_rule_summons_on_accept(factory):
    department = uuid.uuid4()
    set_rule(factory, code="gas", name="燃气", department={"department_id": department, "name": "燃气公司"})
    case_id = new_case(factory, category="gas")
    with open_tenant_session(factory, TENANT) as session:
        case = session.get(Case, (TENANT, case_id))
        assert (case.level, case.routed_department_id) == ("street", department)
    act(factory, case_id, "accept")
    with open_tenant_session(factory, TENANT) as session:
        parts = session.scalars(sa.select(WhistlePart)).all()
    assert [(p.department_id, p.status) for p in parts] == [(department, "summoned")]


def test_inactive_rule_is_ignored_and_defaults_are_listed(factory):
    set_rule(factory, code="noise", name="噪声", start_level="street", active=False)
    with open_tenant_session(factory, TENANT) as session:
        assert routing.start_of(session, "noise") == (None, None)
        listed = routing.list_categories(session, 100, None)
    codes = [r["code"] for r in listed]
    assert codes == sorted(codes) and "parking" in codes and "noise" in codes
    assert {r["code"]: r["configured"] for r in listed}["parking"] is False


def test_parents_must_exist_and_not_loop(factory):
    with pytest.raises(ValidationFailed):
        set_rule(factory, code="a", name="A", parent_code="nope")
    set_rule(factory, code="a", name="A", parent_code="environment")
    set_rule(factory, code="b", name="B", parent_code="a")
    with pytest.raises(CivicError) as cycle:
        set_rule(factory, code="a", name="A", parent_code="b")
    assert cycle.value.code == "CYCLE"
