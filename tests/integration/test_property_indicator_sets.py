"""A tenant's own indicator set and the yearly total with inspection and survey shares and the
complaint deduction for property cases from dispatch, through the gateway on real RabbitMQ +
PostgreSQL; the expected total is computed by hand from the documented formula. A fresh county per
run, so other tests' sets and evaluations do not interfere."""
from __future__ import annotations

import io
import random
import uuid

import httpx
from openpyxl import load_workbook

from tests.integration.conftest import Client, token
from tests.integration.territory_ops import lay_out
from tests.integration.test_property_cases import COMPLAINTS, wait_for
from tests.integration.test_property_companies import MODE, register
from tests.integration.test_property_oversight import (
    CHECKLIST,
    DRAW,
    INSPECT,
    PUBLISH,
    SCORE,
)
from tests.integration.test_property_surveys import ANSWER
from tests.integration.test_property_surveys import OPEN as OPEN_SURVEY

DEFINE = """mutation($input: DefineIndicatorSetInput!) { defineIndicatorSet(input: $input) {
  __typename ... on IndicatorSet { id name effectiveYear indicators { code group weight maxScore } }
  ... on OperationError { code field fieldErrors { field } } } }"""
IN_EFFECT = "query($y: Int!) { indicatorSet(year: $y) { name effectiveYear } evaluationIndicators(year: $y) { code } }"
SETS = """query($after: String) { indicatorSets(first: 1, after: $after) {
  edges { cursor node { effectiveYear } } pageInfo { hasNextPage endCursor } } }"""
RESULT = """query($y: Int!) { evaluation(year: $y) { inspectionPercent surveyPercent complaintDeduction
  complaintDeductionCap indicatorSet { name effectiveYear }
  ranking { companyName composite total inspectionAverage satisfactionRate complaints complaintDeduction list } } }"""
OPEN_WITH_RULE = """mutation($input: OpenEvaluationInput!) { openEvaluation(input: $input) {
  __typename ... on PropertyEvaluation { id complaintDeduction complaintDeductionCap }
  ... on OperationError { code field fieldErrors { field message } } } }"""
REPORT = """mutation($gridId: ID!) { reportCase(input: {gridId: $gridId, category: "property",
  description: "电梯停运三天无人维修"}) { __typename ... on Case { id reportedAt } } }"""
# party building 50 (two of 25, graded 0–10), environment 30 (0–5), management 20 (0–4)
SMALL = [{"code": "DJ1", "group": "party_building", "name": "支部建设", "weight": 25, "maxScore": 10},
         {"code": "DJ2", "group": "party_building", "name": "党员作用", "weight": 25, "maxScore": 10},
         {"code": "HJ1", "group": "environment", "name": "保洁绿化", "weight": 30, "maxScore": 5},
         {"code": "GL1", "group": "management", "name": "设施维护", "weight": 20, "maxScore": 4}]


def fresh_county(gateway_url) -> Client:
    return Client(gateway_url, token(f"36{random.randint(0, 9999):04d}", "county_admin"))


def sheet(url: str, bearer: str, **params) -> list[list]:
    response = httpx.get(f"{url}/exports/property-evaluation.xlsx", params=params, timeout=60,
                         headers={"Authorization": f"Bearer {bearer}"})
    assert response.status_code == 200, response.text
    return [list(r) for r in load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0]
            .iter_rows(values_only=True)]


def test_indicator_set_validated_and_in_effect_by_year(gateway_url, superuser_db):
    county = fresh_county(gateway_url)
    name = f"指标{uuid.uuid4().hex[:6]}"
    short = county(DEFINE, input={"name": name, "effectiveYear": 2026, "indicators": SMALL[:3]})["defineIndicatorSet"]
    assert (short["code"], short["field"]) == ("VALIDATION_FAILED", "indicators")  # weights sum to 80
    over = [*SMALL[:3], {**SMALL[3], "weight": 19.999}]
    assert county(DEFINE, input={"name": name, "effectiveYear": 2026, "indicators": over}
                  )["defineIndicatorSet"]["field"] == "indicators.3.weight"
    assert superuser_db("property", "SELECT count(*) FROM indicator_sets WHERE name = :n", n=name) == 0
    made = county(DEFINE, input={"name": name, "effectiveYear": 2026, "indicators": SMALL})["defineIndicatorSet"]
    assert [i["weight"] for i in made["indicators"]] == [25.0, 25.0, 30.0, 20.0]
    again = county(DEFINE, input={"name": name, "effectiveYear": 2026, "indicators": SMALL})["defineIndicatorSet"]
    assert (again["code"], again["field"]) == ("CONFLICT", "effectiveYear")
    before = county(IN_EFFECT, y=2025)  # before the set: the built-in 60
    assert before["indicatorSet"] is None and len(before["evaluationIndicators"]) == 60
    later = county(IN_EFFECT, y=2030)
    assert later["indicatorSet"] == {"name": name, "effectiveYear": 2026}
    assert [i["code"] for i in later["evaluationIndicators"]] == ["DJ1", "DJ2", "HJ1", "GL1"]
    county(DEFINE, input={"name": name + "二", "effectiveYear": 2028, "indicators": SMALL})
    first = county(SETS, after=None)["indicatorSets"]
    assert ([e["node"]["effectiveYear"] for e in first["edges"]], first["pageInfo"]["hasNextPage"]) == ([2026], True)
    second = county(SETS, after=first["pageInfo"]["endCursor"])["indicatorSets"]
    assert [e["node"]["effectiveYear"] for e in second["edges"]] == [2028]


def test_yearly_total_by_hand(gateway_url):
    bearer = token(f"36{random.randint(0, 9999):04d}", "county_admin")
    county = Client(gateway_url, bearer)
    county(DEFINE, input={"name": "县考评指标", "effectiveYear": 2026, "indicators": SMALL})
    a, b = register(county, name="甲物业"), register(county, name="乙物业")
    laid = lay_out(county)
    place = laid["compound"]
    county(MODE, input={"compoundId": place, "mode": "company", "companyId": a["id"]})
    # three property cases reported through dispatch against 甲 (the compound's company); the year of
    # the evaluation is the year they were reported in (from 2026 on, where the set is in effect)
    reported = [county(REPORT, gridId=laid["grid"])["reportCase"] for _ in range(3)]
    assert [r["__typename"] for r in reported] == ["Case"] * 3, reported
    year = int(reported[0]["reportedAt"][:4])
    assert {int(r["reportedAt"][:4]) for r in reported} == {year} and year >= 2026
    counted = wait_for(lambda: county(COMPLAINTS, id=a["id"])["propertyCompany"]["complaints"],
                       lambda f: f["total"] >= 3)
    assert counted["total"] == 3, counted
    drawn = county(DRAW, input={"year": year, "month": 5, "sampleSize": 500, "seed": "s1"})["drawInspections"]
    assert drawn["sample"] == [place]
    checks = [{"item": c["item"], "score": c["maxScore"] - (10 if c["item"] == "fire" else 0)}
              for c in county(CHECKLIST)["inspectionChecklist"]]  # 90 of 100
    done = county(INSPECT, input={"drawId": drawn["id"], "compoundId": place, "inspectedOn": f"{year}-05-12",
                                  "inspector": "住建局", "checks": checks})["recordInspection"]
    assert done["score"] == 90, done
    survey = county(OPEN_SURVEY, input={"compoundId": place, "year": year, "quarter": 2})["openSatisfactionSurvey"]
    for n, rating in enumerate(["satisfied", "unsatisfied", "basically_satisfied", "unsatisfied"]):  # rate 1/2
        county(ANSWER, input={"surveyId": survey["id"], "household": f"1-1-{n}01", "rating": rating})
    ev = county(OPEN_WITH_RULE, input={"year": year, "inspectionPercent": 20, "surveyPercent": 10, "redCount": 1,
                                       "blackCount": 0, "complaintDeduction": 1.5,
                                       "complaintDeductionCap": 4})["openEvaluation"]
    assert ev["__typename"] == "PropertyEvaluation", ev
    assert (ev["complaintDeduction"], ev["complaintDeductionCap"]) == (1.5, 4.0)
    over = county(SCORE, input={"evaluationId": ev["id"], "companyId": a["id"], "party": "owners", "scores": [
        {"code": "DJ1", "score": 10}, {"code": "DJ2", "score": 10}, {"code": "HJ1", "score": 6},
        {"code": "GL1", "score": 4}]})["submitEvaluationScores"]
    assert (over["code"], over["field"]) == ("VALIDATION_FAILED", "scores.2.score")  # HJ1 is graded 0–5
    full = [{"code": "DJ1", "score": 10}, {"code": "DJ2", "score": 10}, {"code": "HJ1", "score": 5},
            {"code": "GL1", "score": 4}]
    part = [{"code": "DJ1", "score": 8}, {"code": "DJ2", "score": 8}, {"code": "HJ1", "score": 4},
            {"code": "GL1", "score": 4}]
    for firm, scores in ((a, full), (b, part)):
        for party in ("authority", "party_org", "owners"):
            done = county(SCORE, input={"evaluationId": ev["id"], "companyId": firm["id"], "party": party,
                                        "scores": scores})["submitEvaluationScores"]
            assert done["__typename"] == "ScoreSubmission", done
    published = county(PUBLISH, id=ev["id"], on=f"{year + 1}-01-20")["publishEvaluation"]
    assert published["__typename"] == "PropertyEvaluation", published
    # S = Σ weight·score/max: 乙 = 25·8/10 + 25·8/10 + 30·4/5 + 20·4/4 = 20 + 20 + 24 + 20 = 84 for every party.
    # 甲 = 100; weighted W = (70·100 + 20·90 + 10·100·½) / 100 = 93; its 3 cases cost
    # D = min(3 · 1.5, 4, 93) = 4 (capped), so T = 93 − 4 = 89. 乙 has no inspection, survey or case: 84.
    a_weighted = (70 * 100 + 20 * 90 + 10 * 100 * 0.5) / 100
    a_deduction = min(3 * 1.5, 4, a_weighted)
    result = county(RESULT, y=year)["evaluation"]
    assert (result["inspectionPercent"], result["surveyPercent"], result["complaintDeduction"],
            result["complaintDeductionCap"], result["indicatorSet"]) == (
        20, 10, 1.5, 4.0, {"name": "县考评指标", "effectiveYear": 2026})
    assert [(r["companyName"], r["composite"], r["total"], r["inspectionAverage"], r["satisfactionRate"],
             r["complaints"], r["complaintDeduction"], r["list"]) for r in result["ranking"]] == [
        ("甲物业", 100.0, a_weighted - a_deduction, 90.0, 0.5, 3, 4.0, "red"),  # 89
        ("乙物业", 84.0, 84.0, None, None, 0, 0.0, None)]

    ranking = county("""query($y: Int!, $after: String) { evaluationRanking(year: $y, first: 1, after: $after) {
      edges { cursor node { companyName total } } pageInfo { hasNextPage endCursor } } }""", y=year,
                     after=None)["evaluationRanking"]
    assert ([e["node"]["companyName"] for e in ranking["edges"]], ranking["pageInfo"]["hasNextPage"]) == (["甲物业"], True)
    rest = county("""query($y: Int!, $after: String) { evaluationRanking(year: $y, first: 1, after: $after) {
      edges { node { companyName total } } } }""", y=year, after=ranking["pageInfo"]["endCursor"])["evaluationRanking"]
    assert [e["node"] for e in rest["edges"]] == [{"companyName": "乙物业", "total": 84.0}]
    red = county('query($y: Int!) { evaluationRanking(year: $y, first: 10, list: "red") { edges { node { companyName } } } }',
                 y=year)
    assert [e["node"]["companyName"] for e in red["evaluationRanking"]["edges"]] == ["甲物业"]

    # the same ranking as a sheet through the common export framework (/exports/<name>.xlsx)
    rows = sheet(gateway_url, bearer, year=year)
    header = rows[0]
    assert header[:3] == ["名次", "企业名称", "统一社会信用代码"] and header[-4:] == ["物业类投诉", "投诉扣分", "年度总分", "红黑榜"]
    assert [(r[0], r[1], r[2], r[-4], r[-3], r[-2], r[-1] or "") for r in rows[1:]] == [
        (1, "甲物业", a["creditCode"], 3, 4, 89, "红榜"), (2, "乙物业", b["creditCode"], 0, 0, 84, "")]
    assert [r[1] for r in sheet(gateway_url, bearer, year=year, list="red")[1:]] == ["甲物业"]


def test_complaint_deduction_is_checked(gateway_url, superuser_db):
    tenant = f"36{random.randint(0, 9999):04d}"
    county = Client(gateway_url, token(tenant, "county_admin"))
    year = random.randint(2030, 2099)
    for rule, field in (({"complaintDeduction": -0.5}, "complaintDeduction"),
                        ({"complaintDeductionCap": -1}, "complaintDeductionCap"),
                        ({"complaintDeduction": 0.125}, "complaintDeduction")):
        refused = county(OPEN_WITH_RULE, input={"year": year, **rule})["openEvaluation"]
        assert (refused["code"], refused["field"], [e["field"] for e in refused["fieldErrors"]]) == (
            "VALIDATION_FAILED", field, [field]), refused
    chinese = Client(gateway_url, token(tenant, "county_admin"), language="zh")
    refused = chinese(OPEN_WITH_RULE, input={"year": year, "complaintDeductionCap": -1})["openEvaluation"]
    assert refused["fieldErrors"][0]["message"] == "complaintDeductionCap：数值过小"
    assert superuser_db("property", "SELECT count(*) FROM evaluations WHERE year = :y AND tenant_id = :t",
                        y=year, t=tenant) == 0
    default = county(OPEN_WITH_RULE, input={"year": year})["openEvaluation"]
    assert (default["complaintDeduction"], default["complaintDeductionCap"]) == (0.5, 10.0)
