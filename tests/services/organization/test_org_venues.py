"""Venue rules (checklist, compliance per class) and the gateway's 15-minute distance model."""
import uuid

import pytest

from gateway.organization.venues import RADIUS_METRES, centroid, haversine, walkable
from services.organization import venues
from shared.contracts.organization import ComplianceIn, StandardsIn, VenueIn
from shared.errors import Conflict, ValidationFailed
from tests.services.organization.orgs_fixture import county_tree

CHECKLIST = [{"code": f"{c}{n}", "class_name": name, "text": f"要求{c}{n}"}
             for c, name in (("A", "阵地标识"), ("B", "功能布局")) for n in range(1, 4)]


def test_compliance_per_class(session, record):
    orgs = county_tree(session, record)
    venues.set_standards(session, StandardsIn(items=CHECKLIST))
    venue = venues.create_venue(session, VenueIn(org_id=orgs["community"].id, name="仁和社区党群服务中心",
                                                 kind="center", lng=119.0, lat=32.69, opening_hours="8:00-20:00"))
    venues.record_compliance(session, None, ComplianceIn(venue_id=venue.id, met_codes=["A1", "A2", "B3"]))
    out = venues.venue_out(venue, venues.standards(session))
    assert (out["met"], out["total"]) == (3, 6)
    assert {c["class_name"]: (c["met"], c["total"]) for c in out["compliance"]} == {"阵地标识": (2, 3), "功能布局": (1, 3)}
    with pytest.raises(ValidationFailed) as info:
        venues.record_compliance(session, None, ComplianceIn(venue_id=venue.id, met_codes=["Z9"]))
    assert info.value.field == "metCodes"
    with pytest.raises(Conflict):
        venues.create_venue(session, VenueIn(org_id=orgs["grid"].id, name="仁和社区党群服务中心", kind="station",
                                             lng=119.0, lat=32.69, opening_hours="全天"))
    with pytest.raises(ValidationFailed):
        venues.set_standards(session, StandardsIn(items=CHECKLIST + CHECKLIST[:1]))


def square(lng, lat, half=0.001):
    return {"type": "Polygon", "coordinates": [[[lng - half, lat - half], [lng + half, lat - half],
                                                [lng + half, lat + half], [lng - half, lat + half],
                                                [lng - half, lat - half]]]}


def test_fifteen_minute_circle():
    assert 860 < RADIUS_METRES < 870
    assert centroid(square(119.0, 32.7)) == pytest.approx((119.0, 32.7))
    assert haversine(119.0, 32.7, 119.0, 32.709) == pytest.approx(1000.8, abs=1)  # 0.009° of latitude
    near, far, edge = str(uuid.uuid4()), str(uuid.uuid4()), str(uuid.uuid4())
    grids = [{"compound_id": near, "boundary": square(119.001, 32.7)},
             {"compound_id": far, "boundary": square(119.0, 32.71)},       # ~1.1 km north
             {"compound_id": edge, "boundary": square(119.0, 32.7075)},    # ~834 m
             {"compound_id": None, "boundary": square(119.0, 32.7)},       # specialized grid: no compound
             {"compound_id": str(uuid.uuid4()), "boundary": None}]         # no boundary yet: unknown
    found = walkable(119.0, 32.7, grids)
    assert [c for c, _ in found] == [near, edge] and found[0][1] < 100
