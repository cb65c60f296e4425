"""Monthly inspections and the yearly 4:4:2 evaluation through the gateway: a reproducible draw,
a hand-computed ranking, red/black lists, credit entries, the bidding bar and its event."""
from __future__ import annotations

import base64
import hashlib
import io
import random
import uuid
import zipfile

from tests.integration.test_property_companies import MODE, compound, register

DRAW = """mutation($input: DrawInspectionsInput!) { drawInspections(input: $input) {
  __typename ... on InspectionDraw { id seed sampleSize population sample method }
  ... on OperationError { code field } } }"""
RECHECK = "query($d: ID!) { recheckInspectionDraw(drawId: $d) { sample matches draw { sample } } }"
INSPECT = """mutation($input: RecordInspectionInput!) { recordInspection(input: $input) {
  __typename ... on PropertyInspection { id score maxScore findings companyId }
  ... on OperationError { code field fieldErrors { field } } } }"""
MONTH = "query($y: Int!, $m: Int!) { inspectionMonth(year: $y, month: $m) { draw { id } inspections { score } } }"
CHECKLIST = "{ inspectionChecklist { item maxScore } }"
INDICATORS = "{ evaluationIndicators { code group } }"
OPEN = """mutation($input: OpenEvaluationInput!) { openEvaluation(input: $input) {
  __typename ... on PropertyEvaluation { id year weights { authority partyOrg owners } blackBelow status }
  ... on OperationError { code field } } }"""
SCORE = """mutation($input: SubmitEvaluationScoresInput!) { submitEvaluationScores(input: $input) {
  __typename ... on ScoreSubmission { total } ... on OperationError { code field } } }"""
PUBLISH = """mutation($id: ID!, $on: Date) { publishEvaluation(evaluationId: $id, on: $on) {
  __typename ... on PropertyEvaluation { status publishedOn
    ranking { companyName rank authority partyOrg owners composite list } }
  ... on OperationError { code field } } }"""
BID = "query($c: String!, $on: Date) { bidEligibility(creditCode: $c, on: $on) { eligible barredUntil } }"
WORKBOOK = 'query($y: Int!) { evaluationWorkbook(year: $y, county: "天长市") { filename contentBase64 } }'
RESULT = "query($y: Int!) { evaluation(year: $y) { ranking { companyName inspectionAverage satisfactionRate complaints } } }"
CREDIT = "query($id: ID!) { propertyCompany(id: $id) { barredUntil creditFile { kind } } }"


def unused_month(rng=random.Random()):
    return rng.randint(2030, 2099), rng.randint(1, 12)


def test_draw_is_reproducible_and_inspections_score(county_a, superuser_db):
    firm = register(county_a)
    for n in range(5):
        county_a(MODE, input={"compoundId": compound(county_a), "compoundName": f"抽查小区{n}", "mode": "company",
                              "companyId": firm["id"]})
    year, month = unused_month()
    seed = f"seed-{uuid.uuid4().hex[:8]}"
    drawn = county_a(DRAW, input={"year": year, "month": month, "sampleSize": 3, "seed": seed})["drawInspections"]
    by_hand = sorted(drawn["population"], key=lambda c: hashlib.sha256(f"{seed}|{c}".encode()).hexdigest())[:3]
    assert drawn["sample"] == by_hand and drawn["population"] == sorted(drawn["population"])
    assert county_a(RECHECK, d=drawn["id"])["recheckInspectionDraw"] == {
        "sample": by_hand, "matches": True, "draw": {"sample": by_hand}}
    again = county_a(DRAW, input={"year": year, "month": month, "sampleSize": 3})["drawInspections"]
    assert (again["code"], again["field"]) == ("CONFLICT", "month")
    assert county_a(DRAW, input={"year": year, "month": 13, "sampleSize": 3})["drawInspections"]["field"] == "month"

    checks = [{"item": c["item"], "score": c["maxScore"] - 1, **({"finding": "消防通道堆物"} if c["item"] == "fire" else {})}
              for c in county_a(CHECKLIST)["inspectionChecklist"]]
    ours = superuser_db("property", "SELECT count(*) FROM compound_modes WHERE company_id = :f", f=uuid.UUID(firm["id"]))
    assert ours == 5
    target = by_hand[0]
    result = county_a(INSPECT, input={"drawId": drawn["id"], "compoundId": target, "inspectedOn": f"{year}-{month:02d}-10",
                                      "inspector": "住建局 刘", "checks": checks})["recordInspection"]
    assert result["__typename"] == "PropertyInspection", result
    assert (result["score"], result["maxScore"], result["findings"]) == (100 - len(checks), 100, 1)
    outside = next(c for c in drawn["population"] if c not in by_hand)
    refused = county_a(INSPECT, input={"drawId": drawn["id"], "compoundId": outside, "inspectedOn": f"{year}-01-10",
                                       "inspector": "x", "checks": checks})["recordInspection"]
    assert (refused["code"], refused["field"]) == ("CONFLICT", "compoundId")
    partial = county_a(INSPECT, input={"drawId": drawn["id"], "compoundId": by_hand[1], "inspectedOn": f"{year}-01-10",
                                       "inspector": "x", "checks": checks[:-1]})["recordInspection"]
    assert (partial["code"], partial["field"]) == ("VALIDATION_FAILED", "checks")
    assert [i["score"] for i in county_a(MONTH, y=year, m=month)["inspectionMonth"]["inspections"]] == [result["score"]]
    assert superuser_db("property", "SELECT count(*) FROM inspections WHERE draw_id = :d", d=uuid.UUID(drawn["id"])) == 1


def scores(value_of):
    return [{"code": i, "score": value_of(i)} for i in CODES]


CODES: list[str] = []


def test_evaluation_ranking_computed_by_hand(county_a, county_b, superuser_db):
    CODES[:] = [i["code"] for i in county_a(INDICATORS)["evaluationIndicators"]]
    assert len(CODES) == 60
    a, b, c = (register(county_a, name=f"{label}物业{uuid.uuid4().hex[:4]}") for label in "甲乙丙")
    year = random.randint(2100 - 60, 2100)
    while True:
        ev = county_a(OPEN, input={"year": year, "redCount": 1, "blackCount": 1, "barMonths": 24})["openEvaluation"]
        if ev["__typename"] != "OperationError":
            break
        year -= 1
    assert ev["weights"] == {"authority": 4, "partyOrg": 4, "owners": 2} and ev["blackBelow"] is None
    dup = county_a(OPEN, input={"year": year})["openEvaluation"]
    assert (dup["code"], dup["field"]) == ("CONFLICT", "year")
    # party score = Σ weight · score / 5 over the built-in set (party building 2 per indicator,
    # environment and management 1.5). 甲: authority 5s → 100; party org 4s → 80; owners: 3s but
    # P01 (weight 2) = 0 → 100 · 3/5 − 2 · 3/5 = 58.8.  乙: 80, 100, 100.  丙: 60, 60, 100.
    plan = {a["id"]: {"authority": lambda i: 5, "party_org": lambda i: 4, "owners": lambda i: 0 if i == "P01" else 3},
            b["id"]: {"authority": lambda i: 4, "party_org": lambda i: 5, "owners": lambda i: 5},
            c["id"]: {"authority": lambda i: 3, "party_org": lambda i: 3, "owners": lambda i: 5}}
    for company, parties in plan.items():
        for party, value_of in parties.items():
            done = county_a(SCORE, input={"evaluationId": ev["id"], "companyId": company, "party": party,
                                          "scores": scores(value_of)})["submitEvaluationScores"]
            assert done["__typename"] == "ScoreSubmission", done
    missing = county_a(SCORE, input={"evaluationId": ev["id"], "companyId": a["id"], "party": "owners",
                                     "scores": scores(lambda i: 5)[:-1]})["submitEvaluationScores"]
    assert (missing["code"], missing["field"]) == ("VALIDATION_FAILED", "scores")
    foreign = county_b(PUBLISH, id=ev["id"], on=None)["publishEvaluation"]
    assert (foreign["code"], foreign["field"]) == ("NOT_FOUND", "evaluationId")
    outbox = superuser_db("property", "SELECT count(*) FROM outbox WHERE event_type = 'evaluation.published'")

    published = county_a(PUBLISH, id=ev["id"], on=f"{year + 1}-01-20")["publishEvaluation"]
    # composite = (4·authority + 4·party org + 2·owners) / 10
    expected = [(b["name"], 1, 80.0, 100.0, 100.0, (4 * 80 + 4 * 100 + 2 * 100) / 10, "red"),      # 92
                (a["name"], 2, 100.0, 80.0, 58.8, round((4 * 100 + 4 * 80 + 2 * 58.8) / 10, 2), None),  # 83.76
                (c["name"], 3, 60.0, 60.0, 100.0, (4 * 60 + 4 * 60 + 2 * 100) / 10, "black")]    # 68
    assert [tuple(r.values()) for r in published["ranking"]] == expected
    assert published["status"] == "published"
    barred = f"{year + 3}-01-20"
    assert county_a(BID, c=c["creditCode"], on=f"{year + 2}-06-01")["bidEligibility"] == {
        "eligible": False, "barredUntil": barred}
    assert county_a(BID, c=c["creditCode"], on=barred)["bidEligibility"]["eligible"] is True
    assert county_a(BID, c=b["creditCode"], on=f"{year + 2}-06-01")["bidEligibility"]["eligible"] is True
    assert [e["kind"] for e in county_a(CREDIT, id=b["id"])["propertyCompany"]["creditFile"]] == [
        "registered", "evaluation", "red_list"]
    assert county_a(CREDIT, id=c["id"])["propertyCompany"]["barredUntil"] == barred
    assert superuser_db("property", "SELECT count(*) FROM outbox WHERE event_type = 'evaluation.published'") == outbox + 1
    late = county_a(SCORE, input={"evaluationId": ev["id"], "companyId": a["id"], "party": "owners",
                                  "scores": scores(lambda i: 5)})["submitEvaluationScores"]
    assert late["code"] == "CONFLICT"
    assert county_a(PUBLISH, id=ev["id"], on=None)["publishEvaluation"]["code"] == "CONFLICT"

    beside = county_a(RESULT, y=year)["evaluation"]["ranking"]
    assert [(r["companyName"], r["inspectionAverage"], r["satisfactionRate"], r["complaints"]) for r in beside] == [
        (b["name"], None, None, 0), (a["name"], None, None, 0), (c["name"], None, None, 0)]

    book = county_a(WORKBOOK, y=year)["evaluationWorkbook"]
    package = zipfile.ZipFile(io.BytesIO(base64.b64decode(book["contentBase64"])))
    sheet = package.read("xl/worksheets/sheet1.xml").decode()
    assert f"<t>天长市{year}年度物业服务企业考评结果</t>" in sheet
    assert f"<t>{b['creditCode']}</t>" in sheet and "<v>83.76</v>" in sheet
    assert c["name"] in package.read("xl/worksheets/sheet3.xml").decode()  # the black list
    unpublished = county_a.raw(WORKBOOK, {"y": year - 1}).json()["errors"][0]["extensions"]
    assert (unpublished["code"], unpublished["field"]) == ("NOT_FOUND", "year")


def test_each_party_scores_only_its_own_part(county_a, gateway_url):
    from tests.integration.conftest import Client, token

    codes = [i["code"] for i in county_a(INDICATORS)["evaluationIndicators"]]
    firm = register(county_a)
    year = 2000 + random.randint(0, 40)
    ev = None
    while ev is None or ev["__typename"] != "PropertyEvaluation":
        ev = county_a(OPEN, input={"year": year})["openEvaluation"]
        year += 1
    community = Client(gateway_url, token("341181", "community_staff"))
    data = {"evaluationId": ev["id"], "companyId": firm["id"], "scores": [{"code": c, "score": 4} for c in codes]}
    refused = community.raw(SCORE, {"input": {**data, "party": "authority"}}).json()
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert community(SCORE, input={**data, "party": "party_org"})["submitEvaluationScores"] == {
        "__typename": "ScoreSubmission", "total": 80.0}
