"""Territory rules of the grid service over a migrated SQLite database."""
import uuid

import pytest

from services.grid import territory
from services.grid.models import Grid
from shared.contracts.grid import BuildingIn, CommunityIn, CompoundIn, GridIn, StreetIn
from shared.db import make_engine, open_tenant_session, tenant_sessionmaker
from shared.errors import Conflict, NotFound
from shared.migrate import upgrade
from shared.principal import Principal, Scope

TENANT = "341181"


@pytest.fixture
def session(tmp_path):
    url = f"sqlite:///{tmp_path / 'grid.sqlite'}"
    upgrade("grid", url)
    engine = make_engine(url)
    with open_tenant_session(tenant_sessionmaker(engine), TENANT) as session:
        yield session
    engine.dispose()


def make_tree(session, street_name="城关街道", community_name="东门社区"):
    street = territory.create_street(session, StreetIn(name=street_name, code="341181001"))
    community = territory.create_community(session, CommunityIn(street_id=street.id, name=community_name))
    compound = territory.create_compound(session, CompoundIn(community_id=community.id, name="幸福小区"))
    return street, community, compound


def test_create_the_whole_hierarchy(session):
    street, community, compound = make_tree(session)
    building = territory.create_building(session, BuildingIn(compound_id=compound.id, name="1栋",
                                                             households=48))
    grid = territory.create_grid(session, GridIn(community_id=community.id, name="第一网格",
                                                 compound_id=compound.id))
    session.commit()
    assert (building.street_id, building.community_id, building.households) == (street.id, community.id, 48)
    out = territory.grid_out(session.get(Grid, (TENANT, grid.id)))
    assert out == {"id": str(grid.id), "street_id": str(street.id), "community_id": str(community.id),
                   "compound_id": str(compound.id), "name": "第一网格", "kind": "community",
                   "open_case_count": 0, "household_count": 0, "size_flag": "under", "boundary": None,
                   "retired_at": None, "merged_into": None}
    assert grid.tenant_id == TENANT


def test_duplicate_name_among_siblings_conflicts(session):
    street, community, _ = make_tree(session)
    with pytest.raises(Conflict) as info:
        territory.create_street(session, StreetIn(name="城关街道"))
    assert info.value.field == "name"
    with pytest.raises(Conflict) as info:
        territory.create_community(session, CommunityIn(street_id=street.id, name="东门社区"))
    assert info.value.field == "name"
    # the same name under another parent is fine, and the session is still usable
    other = territory.create_street(session, StreetIn(name="开发区街道"))
    territory.create_community(session, CommunityIn(street_id=other.id, name="东门社区"))
    session.commit()


@pytest.mark.parametrize("create, data, field", [
    (territory.create_community, lambda: CommunityIn(street_id=uuid.uuid4(), name="x"), "streetId"),
    (territory.create_compound, lambda: CompoundIn(community_id=uuid.uuid4(), name="x"), "communityId"),
    (territory.create_building, lambda: BuildingIn(compound_id=uuid.uuid4(), name="x"), "compoundId"),
    (territory.create_grid, lambda: GridIn(community_id=uuid.uuid4(), name="x"), "communityId"),
])
def test_unknown_parent_is_not_found(session, create, data, field):
    with pytest.raises(NotFound) as info:
        create(session, data())
    assert info.value.field == field


def test_unknown_compound_of_grid_is_not_found(session):
    _, community, _ = make_tree(session)
    with pytest.raises(NotFound) as info:
        territory.create_grid(session, GridIn(community_id=community.id, name="g", compound_id=uuid.uuid4()))
    assert info.value.field == "compoundId"


def test_compound_from_another_community_conflicts(session):
    _, community, _ = make_tree(session)
    _, _, foreign_compound = make_tree(session, "开发区街道", "西门社区")
    with pytest.raises(Conflict) as info:
        territory.create_grid(session, GridIn(community_id=community.id, name="g",
                                              compound_id=foreign_compound.id))
    assert info.value.field == "compoundId"


def test_list_grids_respects_scope(session):
    street1, community1, _ = make_tree(session)
    street2, community2, _ = make_tree(session, "开发区街道", "西门社区")
    g1 = territory.create_grid(session, GridIn(community_id=community1.id, name="一"))
    g2 = territory.create_grid(session, GridIn(community_id=community1.id, name="二"))
    g3 = territory.create_grid(session, GridIn(community_id=community2.id, name="三"))
    session.commit()

    def visible(scope):
        principal = Principal(TENANT, "u", ("grid_worker",), scope)
        return {g.id for g in territory.list_grids(session, principal, limit=50)}

    assert visible(Scope()) == {g1.id, g2.id, g3.id}
    assert visible(Scope("street", str(street1.id))) == {g1.id, g2.id}
    assert visible(Scope("community", str(community2.id))) == {g3.id}
    assert visible(Scope("grid", str(g2.id))) == {g2.id}
    assert visible(Scope("street", "not-an-id")) == set()
    assert {g.id for g in territory.list_grids(session, None, limit=50)} == {g1.id, g2.id, g3.id}


def test_case_opened_counts_and_ignores_unknown_grid(session):
    _, community, _ = make_tree(session)
    grid = territory.create_grid(session, GridIn(community_id=community.id, name="一"))
    session.commit()
    assert territory.case_opened(session, grid.id) is True
    assert territory.case_opened(session, grid.id) is True
    assert territory.case_opened(session, uuid.uuid4()) is False
    session.commit()
    session.expire_all()
    assert session.get(Grid, (TENANT, grid.id)).open_case_count == 2
