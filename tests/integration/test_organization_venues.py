"""Service venues through the gateway: the tenant's checklist, compliance per class, the 15-minute
circle over the grid service's grid boundaries, refusals writing nothing, tenants apart."""
from __future__ import annotations

import uuid

from tests.integration.organization_ops import ERROR, small_tree
from tests.integration.territory_ops import lay_out

BOUNDARY = """mutation($id: ID!, $b: JSON!) { setGridBoundary(gridId: $id, boundary: $b) { __typename } }"""
STANDARDS = """mutation($items: [VenueStandardInput!]!) { setVenueStandards(items: $items) {
  __typename ... on VenueStandards { items { code } } %s } }""" % ERROR
VENUE_FIELDS = "id name met total compliance { className met total } walkableCompounds { compoundId straightLineMetres }"
CREATE = """mutation($input: CreateVenueInput!) { createServiceVenue(input: $input) {
  __typename ... on ServiceVenue { %s } %s } }""" % (VENUE_FIELDS, ERROR)
COMPLY = """mutation($input: VenueComplianceInput!) { recordVenueCompliance(input: $input) {
  __typename ... on ServiceVenue { %s } %s } }""" % (VENUE_FIELDS, ERROR)
VENUES = "{ serviceVenues { id name met } }"
CHECKLIST = [{"code": f"{c}{n}", "className": name, "text": f"要求{c}{n}"}
             for c, name in (("A", "阵地标识"), ("B", "功能布局"), ("C", "服务功能")) for n in range(1, 5)]


def square(lng, lat, half=0.001):
    return {"type": "Polygon", "coordinates": [[[lng - half, lat - half], [lng + half, lat - half],
                                                [lng + half, lat + half], [lng - half, lat + half],
                                                [lng - half, lat - half]]]}


def test_venue_compliance_and_walking_circle(county_a):
    lng, lat = 119.0 + uuid.uuid4().int % 1000 / 100, 32.0 + uuid.uuid4().int % 1000 / 1000  # away from other tests
    near, far = lay_out(county_a), lay_out(county_a)
    county_a(BOUNDARY, id=near["grid"], b=square(lng + 0.002, lat))
    county_a(BOUNDARY, id=far["grid"], b=square(lng, lat + 0.02))  # ~2.2 km north
    assert len(county_a(STANDARDS, items=CHECKLIST)["setVenueStandards"]["items"]) == 12
    tree = small_tree(county_a)
    venue = county_a(CREATE, input={"orgId": tree["community"], "name": f"党群服务中心{uuid.uuid4().hex[:4]}",
                                    "kind": "center", "lng": lng, "lat": lat,
                                    "openingHours": "周一至周日 8:00-20:00"})["createServiceVenue"]
    assert (venue["met"], venue["total"]) == (0, 12)
    assert [c["compoundId"] for c in venue["walkableCompounds"]] == [near["compound"]]
    assert 150 < venue["walkableCompounds"][0]["straightLineMetres"] < 250
    checked = county_a(COMPLY, input={"venueId": venue["id"], "metCodes": ["A1", "A2", "A3", "A4", "C1"]})
    compliance = {c["className"]: (c["met"], c["total"]) for c in checked["recordVenueCompliance"]["compliance"]}
    assert compliance == {"阵地标识": (4, 4), "功能布局": (0, 4), "服务功能": (1, 4)}


def test_bad_venues_write_nothing_and_stay_in_their_tenant(county_a, county_b, superuser_db):
    tree = small_tree(county_a)
    county_a(STANDARDS, items=CHECKLIST)
    before = superuser_db("organization", "SELECT count(*) FROM venues")
    bad = county_a(CREATE, input={"orgId": tree["community"], "name": "", "kind": "palace", "lng": 200.0,
                                  "lat": 32.7, "openingHours": "x"})["createServiceVenue"]
    assert {e["field"] for e in bad["fieldErrors"]} == {"name", "kind", "lng"}
    foreign = county_b(CREATE, input={"orgId": tree["community"], "name": "越权驿站", "kind": "station",
                                      "lng": 119.0, "lat": 32.7, "openingHours": "全天"})["createServiceVenue"]
    assert (foreign["code"], foreign["field"]) == ("NOT_FOUND", "orgId")
    dup = county_a(STANDARDS, items=CHECKLIST + CHECKLIST[:1])["setVenueStandards"]
    assert (dup["code"], dup["field"]) == ("VALIDATION_FAILED", "items")
    assert superuser_db("organization", "SELECT count(*) FROM venues") == before
    venue = county_a(CREATE, input={"orgId": tree["grid"], "name": f"红色驿站{uuid.uuid4().hex[:4]}",
                                    "kind": "red_station", "lng": 119.0, "lat": 32.7,
                                    "openingHours": "全天"})["createServiceVenue"]
    unknown = county_a(COMPLY, input={"venueId": venue["id"], "metCodes": ["Z9"]})["recordVenueCompliance"]
    assert (unknown["code"], unknown["field"]) == ("VALIDATION_FAILED", "metCodes")
    other = county_b(COMPLY, input={"venueId": venue["id"], "metCodes": []})["recordVenueCompliance"]
    assert other["code"] == "NOT_FOUND"
    assert venue["id"] not in {v["id"] for v in county_b(VENUES)["serviceVenues"]}
    assert superuser_db("organization", "SELECT met_codes::text FROM venues WHERE id = :v",
                        v=uuid.UUID(venue["id"])) == "[]"
