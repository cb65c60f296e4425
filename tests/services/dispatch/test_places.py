"""The grid place cache: one fetch per grid within the TTL, the caller's scope still applied."""
import uuid

import pytest

from services.dispatch import places
from shared.errors import NotFound
from shared.principal import Principal, Scope

GRID, STREET, COMMUNITY = str(uuid.uuid4()), str(uuid.uuid4()), str(uuid.uuid4())
ROW = {"id": GRID, "street_id": STREET, "community_id": COMMUNITY, "compound_id": None, "name": "x"}


def test_cached_place_is_fetched_once_and_scoped():
    places.forget()
    fetched = []

    def fetch():
        fetched.append(1)
        return ROW

    admin = Principal("341181", "a", ("county_admin",))
    assert places.grid_place("341181", GRID, admin, fetch)["street_id"] == STREET
    street = Principal("341181", "s", ("street_staff",), Scope("street", STREET))
    assert places.grid_place("341181", GRID, street, fetch)["id"] == GRID
    assert len(fetched) == 1
    elsewhere = Principal("341181", "w", ("grid_worker",), Scope("grid", str(uuid.uuid4())))
    with pytest.raises(NotFound):
        places.grid_place("341181", GRID, elsewhere, fetch)
    places.grid_place("341102", GRID, admin, fetch)  # another tenant: never from this entry
    assert len(fetched) == 2
    places.forget()
