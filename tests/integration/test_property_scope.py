"""Community-scoped property oversight through the gateway: community staff and grid workers see
only the compounds (and the companies managing them) the grid service places in their scope,
cannot write outside it, and the lists page and filter as Relay connections."""
from __future__ import annotations

import random
import uuid

from shared.principal import Scope
from tests.integration.conftest import Client, token
from tests.integration.territory_ops import lay_out
from tests.integration.test_property_committees import ADD, CREATE
from tests.integration.test_property_companies import FUND, MODE, register

COMPANIES = """query($after: String, $community: ID, $list: String) {
  propertyCompanies(first: 1, after: $after, communityId: $community, list: $list) {
  edges { cursor node { id name contracts { compoundId } } } pageInfo { hasNextPage endCursor } } }"""
MODES = """query($mode: String, $community: ID) { compoundManagement(first: 100, mode: $mode, communityId: $community) {
  edges { node { compoundId compoundName mode } } } }"""
COMMITTEES = """query($red: Boolean) { committees(first: 100, red: $red) { edges { node { id isRed } } } }"""
COMPANY = "query($id: ID!) { propertyCompany(id: $id) { id } }"


def names(page):
    return [e["node"]["compoundId"] for e in page["edges"]]


def test_community_and_grid_staff_see_their_compounds_only(gateway_url, superuser_db):
    tenant = f"37{random.randint(0, 9999):04d}"
    county = Client(gateway_url, token(tenant, "county_admin"))
    here, there = lay_out(county), lay_out(county)
    near, far = register(county, name="甲物业"), register(county, name="乙物业")
    for place, firm in ((here, near), (there, far)):
        made = county(MODE, input={"compoundId": place["compound"], "mode": "company", "companyId": firm["id"]})
        assert made["setCompoundManagement"]["__typename"] == "CompoundManagement", made
    assert sorted(names(county(MODES)["compoundManagement"])) == sorted([here["compound"], there["compound"]])
    assert names(county(MODES, community=there["community"])["compoundManagement"]) == [there["compound"]]
    assert names(county(MODES, mode="none")["compoundManagement"]) == []

    staff = Client(gateway_url, token(tenant, "community_staff", scope=Scope("community", here["community"])))
    worker = Client(gateway_url, token(tenant, "grid_worker", scope=Scope("grid", here["grid"])))
    for client in (staff, worker):
        assert names(client(MODES)["compoundManagement"]) == [here["compound"]]
        page = client(COMPANIES)["propertyCompanies"]
        assert [e["node"]["id"] for e in page["edges"]] == [near["id"]] and not page["pageInfo"]["hasNextPage"]
        assert client(COMPANY, id=far["id"])["propertyCompany"] is None
        assert client(COMPANY, id=near["id"])["propertyCompany"] == {"id": near["id"]}

    # writes: a compound outside the community is unknown to its staff; nothing is written
    outside = staff(CREATE, input={"compoundId": there["compound"], "termStarts": "2025-01-01",
                                   "termEnds": "2029-12-31"})["createCommittee"]
    assert (outside["code"], outside["field"]) == ("NOT_FOUND", "compoundId")
    assert superuser_db("property", "SELECT count(*) FROM committees WHERE compound_id = :c",
                        c=uuid.UUID(there["compound"])) == 0
    inside = staff(CREATE, input={"compoundId": here["compound"], "termStarts": "2025-01-01",
                                  "termEnds": "2029-12-31"})["createCommittee"]
    assert inside["__typename"] == "PropertyCommittee", inside
    theirs = county(CREATE, input={"compoundId": there["compound"], "termStarts": "2025-01-01",
                                   "termEnds": "2029-12-31"})["createCommittee"]
    foreign = staff(ADD, input={"committeeId": theirs["id"], "name": "越权"})["addCommitteeMember"]
    assert (foreign["code"], foreign["field"]) == ("NOT_FOUND", "committeeId")
    assert staff(ADD, input={"committeeId": inside["id"], "name": "李", "role": "chair", "partyMember": True}
                 )["addCommitteeMember"]["isRed"] is True
    assert [e["node"]["id"] for e in staff(COMMITTEES)["committees"]["edges"]] == [inside["id"]]
    assert [e["node"]["id"] for e in county(COMMITTEES, red=True)["committees"]["edges"]] == [inside["id"]]
    assert [e["node"]["id"] for e in county(COMMITTEES, red=False)["committees"]["edges"]] == [theirs["id"]]
    fund = staff(FUND, input={"compoundId": there["compound"], "on": "2026-01-10", "direction": "spending",
                              "amountFen": 100})["recordFallbackFunding"]
    assert (fund["code"], fund["field"]) == ("NOT_FOUND", "compoundId")


def test_companies_page_and_filter(gateway_url):
    tenant = f"37{random.randint(0, 9999):04d}"
    county = Client(gateway_url, token(tenant, "county_admin"))
    place = lay_out(county)
    firms = [register(county, name=f"{n}号物业") for n in range(3)]
    county(MODE, input={"compoundId": place["compound"], "mode": "company", "companyId": firms[1]["id"]})
    seen, after = [], None
    while True:
        page = county(COMPANIES, after=after)["propertyCompanies"]
        seen += [e["node"]["name"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert seen == ["0号物业", "1号物业", "2号物业"]
    only = county(COMPANIES, community=place["community"])["propertyCompanies"]
    assert [e["node"]["name"] for e in only["edges"]] == ["1号物业"]
    assert county(COMPANIES, list="red")["propertyCompanies"]["edges"] == []  # no published year yet
    bad = county.raw(COMPANIES, {"list": "green"}).json()["errors"][0]["extensions"]
    assert (bad["code"], bad["field"]) == ("VALIDATION_FAILED", "list")
