"""A migrated SQLite grid database per test, and a small territory on it."""
import pytest

from services.grid import territory
from shared.contracts.grid import BuildingIn, CommunityIn, CompoundIn, GridIn, StreetIn
from shared.db import make_engine, open_tenant_session, tenant_sessionmaker
from shared.migrate import upgrade

TENANT = "341181"


@pytest.fixture
def session(tmp_path):
    url = f"sqlite:///{tmp_path / 'grid.sqlite'}"
    upgrade("grid", url)
    engine = make_engine(url)
    with open_tenant_session(tenant_sessionmaker(engine), TENANT) as session:
        yield session
    engine.dispose()


def place(session, label: str) -> dict:
    """street → community → compound → building, and a grid over the compound."""
    street = territory.create_street(session, StreetIn(name=f"{label}街道"))
    community = territory.create_community(session, CommunityIn(street_id=street.id, name=f"{label}社区"))
    compound = territory.create_compound(session, CompoundIn(community_id=community.id, name=f"{label}小区"))
    building = territory.create_building(session, BuildingIn(compound_id=compound.id, name="1号楼"))
    grid = territory.create_grid(session, GridIn(community_id=community.id, name=f"{label}网格",
                                                 compound_id=compound.id))
    return {"street": street, "community": community, "compound": compound, "building": building,
            "grid": grid}
