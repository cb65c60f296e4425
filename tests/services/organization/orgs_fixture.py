"""A small county tree for the rule tests."""
import uuid

from services.organization import tree
from shared.contracts.organization import OrgIn

STREET_PLACE = uuid.uuid4()


def make_org(session, record, name, type, parent=None, **extra):
    return tree.create_org(session, record, OrgIn(name=name, type=type,
                                                  parent_id=parent.id if parent else None, **extra), "tester")


def county_tree(session, record):
    county = make_org(session, record, "中共天长市委员会", "county_committee")
    street = make_org(session, record, "天长街道党工委", "street_working_committee", county,
                      street_id=STREET_PLACE)
    community = make_org(session, record, "仁和社区党委", "community_committee", street,
                         community_id=uuid.uuid4())
    grid = make_org(session, record, "第一网格党支部", "grid_branch", community, grid_id=uuid.uuid4())
    group = make_org(session, record, "1号楼党小组", "party_group", grid)
    return {"county": county, "street": street, "community": community, "grid": grid, "group": group}
