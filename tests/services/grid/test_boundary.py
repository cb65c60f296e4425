"""Grid boundary checks and the size flag."""
import uuid

import pytest

from services.grid.boundary import check_polygon, set_boundary, size_flag
from shared.contracts.grid import GridBoundaryIn
from shared.errors import NotFound, ValidationFailed
from tests.services.grid.conftest import place

SQUARE = [[118.99, 32.69], [119.0, 32.69], [119.0, 32.70], [118.99, 32.70], [118.99, 32.69]]


def polygon(*rings):
    return GridBoundaryIn(type="Polygon", coordinates=list(rings))


def test_closed_ring_is_accepted_with_a_hole():
    hole = [[118.994, 32.694], [118.995, 32.694], [118.995, 32.695], [118.994, 32.694]]
    assert check_polygon(polygon(SQUARE, hole))["coordinates"][1] == hole


@pytest.mark.parametrize("ring, reason", [
    (SQUARE[:-1], "does not close"),
    (SQUARE[:3], "at least 4"),
    ([[200, 32.69], [119.0, 32.69], [119.0, 32.7], [200, 32.69]], "out of range"),
    ([[119.0, 95], [119.0, 32.69], [119.1, 32.7], [119.0, 95]], "out of range"),
    ([[119.0, 32.0], [119.1, 32.0], [119.2, 32.0], [119.0, 32.0]], "no area"),
    ([[119.0], [119.1, 32.0], [119.2, 32.1], [119.0]], "[longitude, latitude]"),
])
def test_bad_rings_are_refused(ring, reason):
    with pytest.raises(ValidationFailed) as info:
        check_polygon(polygon(ring))
    assert info.value.field == "boundary" and reason in info.value.message


def test_size_flag_thresholds():
    assert [size_flag(n) for n in (0, 299, 300, 500, 501)] == ["under", "under", None, None, "over"]


def test_set_boundary_on_unknown_grid(session):
    with pytest.raises(NotFound):
        set_boundary(session, uuid.uuid4(), polygon(SQUARE))
    grid = place(session, "东门")["grid"]
    assert set_boundary(session, grid.id, polygon(SQUARE)).boundary["type"] == "Polygon"


def square(x, y, size=1.0):
    return [(x, y), (x + size, y), (x + size, y + size), (x, y + size), (x, y)]


@pytest.mark.parametrize("other, expected", [
    (square(1, 0), False),           # shares an edge: adjacent grids tile the territory
    (square(1, 1), False),           # shares a corner
    (square(3, 3), False),           # apart
    (square(0.5, 0.5), True),        # edges cross
    (square(0.25, 0.25, 0.5), True),  # nested inside, no crossing
    (square(0, 0), True),            # identical
    (square(0.5, 0, 1.0), True),     # collinear edges, half shared
])
def test_overlap(other, expected):
    from services.grid.geometry import overlaps

    assert overlaps(square(0, 0), other) is expected
    assert overlaps(other, square(0, 0)) is expected


def test_overlapping_community_grids_conflict_but_specialized_may_nest(session):
    from services.grid import territory
    from shared.contracts.grid import GridIn
    from shared.errors import Conflict

    where = place(session, "东门")
    neighbour = territory.create_grid(session, GridIn(community_id=where["community"].id, name="二"))
    school = territory.create_grid(session, GridIn(community_id=where["community"].id, name="学校",
                                                   kind="specialized"))
    set_boundary(session, where["grid"].id, polygon([list(p) for p in square(0, 0)]))
    set_boundary(session, neighbour.id, polygon([list(p) for p in square(1, 0)]))
    with pytest.raises(Conflict) as info:
        set_boundary(session, neighbour.id, polygon([list(p) for p in square(0.5, 0)]))
    assert info.value.field == "boundary" and info.value.details["grid_id"] == str(where["grid"].id)
    set_boundary(session, school.id, polygon([list(p) for p in square(0.2, 0.2, 0.3)]))
