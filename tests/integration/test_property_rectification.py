"""An inspection finding becomes a rectification case in dispatch and is followed to closure."""
from __future__ import annotations

import random
import uuid

from tests.integration.territory_ops import lay_out
from tests.integration.test_property_cases import wait_for
from tests.integration.test_property_companies import MODE, register
from tests.integration.test_property_oversight import CHECKLIST, DRAW, INSPECT

MONTH = """query($y: Int!, $m: Int!) { inspectionMonth(year: $y, month: $m) { inspections {
  compoundId rectifications { item finding caseId rectified } } } }"""
FILE = """mutation($i: ID!, $g: ID!) { fileRectifications(inspectionId: $i, gridId: $g) {
  __typename ... on PropertyInspection { rectifications { caseId } } ... on OperationError { code field } } }"""
REJECT = """mutation($id: ID!) { rejectCase(input: {caseId: $id, note: "已整改"}) { __typename ... on Case { status } } }"""


def test_finding_filed_in_dispatch_and_followed_to_closure(county_a, superuser_db):
    place, other = lay_out(county_a), lay_out(county_a)
    firm = register(county_a)
    county_a(MODE, input={"compoundId": place["compound"], "compoundName": "整改小区", "mode": "company",
                          "companyId": firm["id"]})
    year, month = random.randint(2030, 2099), random.randint(1, 12)
    drawn = None
    while drawn is None or drawn["__typename"] != "InspectionDraw":
        drawn = county_a(DRAW, input={"year": year, "month": month, "sampleSize": 500})["drawInspections"]
        year -= 1
    year += 1
    checks = [{"item": c["item"], "score": c["maxScore"], **({"finding": "消防通道堆放杂物"} if c["item"] == "fire" else {})}
              for c in county_a(CHECKLIST)["inspectionChecklist"]]
    base = {"drawId": drawn["id"], "compoundId": place["compound"], "inspectedOn": f"{year}-{month:02d}-10",
            "inspector": "住建局 刘", "checks": checks}
    wrong = county_a(INSPECT, input={**base, "gridId": other["grid"]})["recordInspection"]
    assert (wrong["code"], wrong["field"]) == ("CONFLICT", "gridId")
    unknown = county_a(INSPECT, input={**base, "gridId": str(uuid.uuid4())})["recordInspection"]
    assert (unknown["code"], unknown["field"]) == ("NOT_FOUND", "gridId")
    assert superuser_db("property", "SELECT count(*) FROM inspections WHERE draw_id = :d", d=uuid.UUID(drawn["id"])) == 0

    done = county_a(INSPECT, input={**base, "gridId": place["grid"]})["recordInspection"]
    assert done["__typename"] == "PropertyInspection", done
    fetch = lambda: county_a(MONTH, y=year, m=month)["inspectionMonth"]["inspections"][0]["rectifications"]  # noqa: E731
    [finding] = fetch()
    assert (finding["item"], finding["finding"], finding["rectified"]) == ("fire", "消防通道堆放杂物", False)
    case_id = finding["caseId"]
    assert superuser_db("dispatch", "SELECT category FROM cases WHERE id = :c", c=uuid.UUID(case_id)) == "property_rectification"
    again = county_a(FILE, i=done["id"], g=place["grid"])["fileRectifications"]
    assert again["rectifications"] == [{"caseId": case_id}]  # filed once
    count = lambda: superuser_db("dispatch", "SELECT count(*) FROM cases WHERE grid_id = :g"  # noqa: E731
                                 " AND category = 'property_rectification'", g=uuid.UUID(place["grid"]))
    assert count() == 1
    # dispatch stored the case but property never heard (a TIMEOUT, a crash): filing again finds it
    superuser_db("property", "UPDATE inspection_findings SET case_id = NULL WHERE inspection_id = :i",
                 i=uuid.UUID(done["id"]))
    assert county_a(FILE, i=done["id"], g=place["grid"])["fileRectifications"]["rectifications"] == [{"caseId": case_id}]
    assert count() == 1

    assert county_a(REJECT, id=case_id)["rejectCase"]["status"] == "rejected"
    assert wait_for(fetch, lambda f: f[0]["rectified"])[0]["rectified"] is True
    # a rectification case is not a resident complaint against the company
    company = county_a("query($id: ID!) { propertyCompany(id: $id) { complaints { total } } }", id=firm["id"])
    assert company["propertyCompany"]["complaints"]["total"] == 0
