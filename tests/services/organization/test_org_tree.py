"""Org tree rules: types, names, cycles, moves, dissolution kept in history, one-query tree."""
import time
import uuid

import pytest
import sqlalchemy as sa

from services.organization import tree
from services.organization.models import Org, OrgHistory
from services.organization.org_types import CHILDREN, may_sit_under
from shared.contracts.organization import MoveOrgIn, RenameOrgIn
from shared.errors import Conflict, NotFound
from shared.principal import Principal, Scope
from tests.services.organization.orgs_fixture import STREET_PLACE, county_tree, make_org

TENANT = "341181"


def test_type_table_is_closed_and_rooted():
    every = {t for children in CHILDREN.values() for t in children}
    assert set(CHILDREN) - {None} == every  # every type has a row, no row names an unknown type
    assert may_sit_under(None, "county_committee") and not may_sit_under(None, "grid_branch")
    assert not may_sit_under("party_group", "party_group")


def test_create_tree_inherits_places_and_paths(session, record):
    orgs = county_tree(session, record)
    group, grid, street = orgs["group"], orgs["grid"], orgs["street"]
    assert (group.depth, group.level, group.street_id) == (4, "group", STREET_PLACE)
    assert group.grid_id == grid.grid_id and group.community_id == orgs["community"].community_id
    assert group.path == "/" + "/".join(o.id.hex for o in orgs.values()) + "/"
    assert street.level == "working_committee"
    assert [p["name"] for p in record.of("org.created")][-1] == "1号楼党小组"
    assert session.scalar(sa.select(sa.func.count()).select_from(OrgHistory)) == 5


@pytest.mark.parametrize("parent_key, child_type", [
    ("grid", "community_committee"), ("group", "party_group"), ("county", "grid_branch"),
    (None, "street_working_committee")])
def test_type_that_cannot_sit_under_parent(session, record, parent_key, child_type):
    orgs = county_tree(session, record)
    with pytest.raises(tree.TypeNotAllowed) as info:
        make_org(session, record, "新组织", child_type, orgs[parent_key] if parent_key else None)
    assert info.value.code == "TYPE_NOT_ALLOWED" and info.value.field == "type"
    assert "不能" in info.value.message_zh


def test_unit_level_must_fit(session, record):
    orgs = county_tree(session, record)
    hospital = make_org(session, record, "市人民医院党委", "hospital", orgs["county"], level="committee")
    assert hospital.level == "committee"
    assert make_org(session, record, "内科党支部", "hospital", hospital).level == "branch"
    with pytest.raises(tree.TypeNotAllowed) as info:
        make_org(session, record, "第二网格党支部", "grid_branch", orgs["community"], level="committee")
    assert info.value.field == "level"


def test_duplicate_name_among_active_siblings(session, record):
    orgs = county_tree(session, record)
    with pytest.raises(Conflict) as info:
        make_org(session, record, "第一网格党支部", "grid_branch", orgs["community"])
    assert info.value.field == "name"
    with pytest.raises(Conflict):  # a second root
        make_org(session, record, "中共天长市委员会", "county_committee")
    second = make_org(session, record, "第二网格党支部", "grid_branch", orgs["community"])
    with pytest.raises(Conflict):
        tree.rename_org(session, RenameOrgIn(org_id=second.id, name="第一网格党支部"), "t")
    tree.dissolve_org(session, record, second.id, "合并", "t")  # dissolved names are free again
    assert make_org(session, record, "第二网格党支部", "grid_branch", orgs["community"]).status == "active"


def test_move_under_own_descendant_is_a_cycle(session, record):
    orgs = county_tree(session, record)
    for target in ("group", "grid", "community"):
        with pytest.raises(tree.Cycle) as info:
            tree.move_org(session, record, MoveOrgIn(org_id=orgs["community"].id,
                                                     new_parent_id=orgs[target].id), "t")
        assert (info.value.code, info.value.field) == ("CYCLE", "newParentId")


def test_move_rewrites_subtree_paths_depths_and_inherited_places(session, record):
    orgs = county_tree(session, record)
    other_street = make_org(session, record, "广陵街道党工委", "street_working_committee", orgs["county"],
                            street_id=uuid.uuid4())
    moved = tree.move_org(session, record, MoveOrgIn(org_id=orgs["community"].id,
                                                     new_parent_id=other_street.id), "t")
    session.commit()
    group = session.get(Org, (TENANT, orgs["group"].id))
    assert moved.parent_id == other_street.id and moved.street_id == other_street.street_id
    assert group.path.startswith(other_street.path) and group.depth == 4
    assert group.street_id == other_street.street_id and group.grid_id == orgs["grid"].grid_id
    assert record.of("org.moved")[0]["parent_id"] == str(other_street.id)
    with pytest.raises(tree.TypeNotAllowed):
        tree.move_org(session, record, MoveOrgIn(org_id=orgs["grid"].id, new_parent_id=orgs["street"].id), "t")


def test_dissolve_keeps_row_and_history_and_refuses_with_children(session, record):
    orgs = county_tree(session, record)
    with pytest.raises(Conflict):
        tree.dissolve_org(session, record, orgs["grid"].id, "撤并", "t")
    tree.dissolve_org(session, record, orgs["group"].id, "撤并", "t")
    session.commit()
    assert session.get(Org, (TENANT, orgs["group"].id)).status == "dissolved"
    assert [h["action"] for h in tree.history(session, orgs["group"].id)] == ["created", "dissolved"]
    assert orgs["group"].id not in {o.id for o in tree.tree(session, None)}
    assert orgs["group"].id in {o.id for o in tree.tree(session, None, include_dissolved=True)}
    with pytest.raises(Conflict):  # nothing may be added under a dissolved org
        make_org(session, record, "x", "party_group", orgs["group"])
    with pytest.raises(NotFound):
        tree.move_org(session, record, MoveOrgIn(org_id=uuid.uuid4(), new_parent_id=orgs["grid"].id), "t")


def test_tree_respects_scope(session, record):
    orgs = county_tree(session, record)
    community = Principal(TENANT, "u", ("community_staff",), Scope("community", str(orgs["community"].community_id)))
    assert [o.id for o in tree.tree(session, community)] == [orgs[k].id for k in ("community", "grid", "group")]
    street = Principal(TENANT, "u", ("street_staff",), Scope("street", str(STREET_PLACE)))
    assert len(tree.tree(session, street)) == 4


def test_thousand_org_tree_in_one_query(session, record):
    county = make_org(session, record, "县委", "county_committee")
    for s in range(10):
        street = make_org(session, record, f"街道{s}", "street_working_committee", county)
        for c in range(9):
            community = make_org(session, record, f"社区{c}", "community_committee", street)
            for g in range(10):
                make_org(session, record, f"网格{g}", "grid_branch", community)
    session.commit()
    statements = []
    sa.event.listen(session.get_bind(), "before_cursor_execute", lambda *a: statements.append(a[2]))
    started = time.perf_counter()
    rows = tree.tree(session, None)
    elapsed = time.perf_counter() - started
    selects = [s for s in statements if s.lstrip().upper().startswith("SELECT")]  # BEGIN may be explicit
    print(f"\nORG TREE FETCH: {len(rows)} orgs in {elapsed * 1000:.1f} ms, {len(selects)} query")
    assert len(rows) == 1 + 10 + 90 + 900 and len(selects) == 1
    index = {o.id: i for i, o in enumerate(rows)}
    assert all(index[o.parent_id] < index[o.id] for o in rows if o.parent_id)
