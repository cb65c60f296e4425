"""Splitting and merging grids: households and residents move, counts follow, history is kept."""
import uuid
from datetime import date

import pytest
import sqlalchemy as sa

from services.grid import adjust, residents, territory
from services.grid.idcard import check_digit
from services.grid.models import Grid, Post, Resident
from shared.contracts.grid import GridIn, GridMergeIn, GridSplitIn, HouseholdIn, PostIn, ResidentIn
from shared.errors import Conflict, NotFound
from shared.principal import Principal
from tests.services.grid.conftest import TENANT, place

ADMIN = Principal(TENANT, "admin", ("county_admin",))


def homes(session, where, n):
    made = []
    for i in range(n):
        home = residents.register_household(session, None, HouseholdIn(
            building_id=where["building"].id, grid_id=where["grid"].id, unit="1", floor=1, room=str(i)))
        body = f"34118119800101{i:03d}"
        residents.register_resident(session, None, ResidentIn(household_id=home.id, name="住户",
                                                              id_number=body + check_digit(body)), date(2026, 1, 1))
        made.append(home)
    return made


def test_split_moves_households_and_keeps_history(session):
    where = place(session, "东门")
    made = homes(session, where, 3)
    source, new, moved = adjust.split(session, ADMIN, GridSplitIn(grid_id=where["grid"].id, new_name="新网格",
                                                                  household_ids=[made[0].id, made[1].id]))
    assert (source.household_count, new.household_count, len(moved)) == (1, 2, 2)
    assert session.scalar(sa.select(sa.func.count()).select_from(Resident).where(Resident.grid_id == new.id)) == 2
    history = {(h["grid_id"], h["action"], h["other_grid_id"], h["households"])
               for h in adjust.history(session, None, [source.id, new.id])}
    assert history == {(str(source.id), "split_off", str(new.id), 2), (str(new.id), "split_from", str(source.id), 2)}


def test_split_refuses_foreign_or_all_households(session):
    where, other = place(session, "东门"), place(session, "西门")
    made = homes(session, where, 1)
    with pytest.raises(Conflict) as info:
        adjust.split(session, ADMIN, GridSplitIn(grid_id=other["grid"].id, new_name="x", household_ids=[made[0].id]))
    assert info.value.field == "householdIds"
    with pytest.raises(Conflict):
        adjust.split(session, ADMIN, GridSplitIn(grid_id=where["grid"].id, new_name="x", household_ids=[made[0].id]))


def test_merge_retires_the_source(session):
    where = place(session, "东门")
    homes(session, where, 2)
    target = territory.create_grid(session, GridIn(community_id=where["community"].id, name="并入"))
    from services.grid import roster
    roster.appoint(session, None, PostIn(level="grid_worker", holder_name="甲", grid_id=where["grid"].id))
    source, target, moved = adjust.merge(session, ADMIN, GridMergeIn(grid_id=where["grid"].id, into_grid_id=target.id))
    assert source.retired_at is not None and source.merged_into == target.id
    assert (source.household_count, target.household_count, len(moved)) == (0, 2, 2)
    assert session.scalar(sa.select(Post.grid_id)) == target.id
    assert [g.id for g in territory.list_grids(session, None, limit=10)] == [target.id]
    with pytest.raises(Conflict) as info:
        adjust.merge(session, ADMIN, GridMergeIn(grid_id=where["grid"].id, into_grid_id=target.id))
    assert info.value.field == "gridId"
    with pytest.raises(Conflict) as info:
        residents.register_household(session, None, HouseholdIn(
            building_id=where["building"].id, grid_id=source.id, unit="9", floor=1, room="9"))
    assert info.value.field == "gridId"


def test_merge_across_communities_or_unknown(session):
    one, two = place(session, "东门"), place(session, "西门")
    with pytest.raises(Conflict) as info:
        adjust.merge(session, ADMIN, GridMergeIn(grid_id=one["grid"].id, into_grid_id=two["grid"].id))
    assert info.value.field == "intoGridId"
    with pytest.raises(NotFound) as info:
        adjust.merge(session, ADMIN, GridMergeIn(grid_id=one["grid"].id, into_grid_id=uuid.uuid4()))
    assert info.value.field == "intoGridId"
    assert session.get(Grid, (TENANT, one["grid"].id)).retired_at is None
