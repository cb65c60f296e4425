"""Quarterly satisfaction surveys through the gateway: one answer per household, per-company rates."""
from __future__ import annotations

import random
import uuid

from tests.integration.test_property_companies import MODE, compound as new_compound, register

OPEN = """mutation($input: OpenSatisfactionSurveyInput!) { openSatisfactionSurvey(input: $input) {
  __typename ... on SatisfactionSurvey { id companyId } ... on OperationError { code field } } }"""
ANSWER = """mutation($input: AnswerSatisfactionSurveyInput!) { answerSatisfactionSurvey(input: $input) {
  __typename ... on SurveyAnswer { id rating } ... on OperationError { code field } } }"""
BY_COMPANY = """query($y: Int!, $q: Int!) { satisfactionByCompany(year: $y, quarter: $q) {
  id name answers satisfied basicallySatisfied unsatisfied rate } }"""
BY_COMPOUND = "query($y: Int!, $q: Int!) { satisfactionByCompound(year: $y, quarter: $q) { id answers rate } }"


def test_survey_one_answer_per_household(county_a, county_b, superuser_db):
    firm = register(county_a)
    compound = new_compound(county_a)
    county_a(MODE, input={"compoundId": compound, "compoundName": "测评小区", "mode": "company", "companyId": firm["id"]})
    year, quarter = random.randint(2030, 2099), random.randint(1, 4)
    survey = county_a(OPEN, input={"compoundId": compound, "compoundName": "测评小区", "year": year,
                                   "quarter": quarter})["openSatisfactionSurvey"]
    assert survey["companyId"] == firm["id"]
    again = county_a(OPEN, input={"compoundId": compound, "compoundName": "测评小区", "year": year,
                                  "quarter": quarter})["openSatisfactionSurvey"]
    assert (again["code"], again["field"]) == ("CONFLICT", "quarter")
    bad_quarter = county_a(OPEN, input={"compoundId": compound, "compoundName": "x", "year": year, "quarter": 5})
    assert bad_quarter["openSatisfactionSurvey"]["field"] == "quarter"
    for household, rating in [("1-1-101", "satisfied"), ("1-1-102", "basically_satisfied"),
                              ("1-2-201", "unsatisfied"), ("2-1-101", "satisfied")]:
        done = county_a(ANSWER, input={"surveyId": survey["id"], "household": household, "rating": rating})
        assert done["answerSatisfactionSurvey"]["__typename"] == "SurveyAnswer"
    twice = county_a(ANSWER, input={"surveyId": survey["id"], "household": "1-1-101", "rating": "unsatisfied"})
    assert (twice["answerSatisfactionSurvey"]["code"], twice["answerSatisfactionSurvey"]["field"]) == ("CONFLICT", "household")
    bad = county_a(ANSWER, input={"surveyId": survey["id"], "household": "3-1-101", "rating": "great"})
    assert bad["answerSatisfactionSurvey"]["field"] == "rating"
    assert superuser_db("property", "SELECT count(*) FROM survey_answers WHERE survey_id = :s",
                        s=uuid.UUID(survey["id"])) == 4
    assert county_a(BY_COMPANY, y=year, q=quarter)["satisfactionByCompany"] == [{
        "id": firm["id"], "name": firm["name"], "answers": 4, "satisfied": 2, "basicallySatisfied": 1,
        "unsatisfied": 1, "rate": 0.75}]
    assert county_a(BY_COMPOUND, y=year, q=quarter)["satisfactionByCompound"] == [
        {"id": survey["id"], "answers": 4, "rate": 0.75}]
    # another county neither sees the results nor answers the survey
    assert county_b(BY_COMPANY, y=year, q=quarter)["satisfactionByCompany"] == []
    foreign = county_b(ANSWER, input={"surveyId": survey["id"], "household": "9-9-999", "rating": "unsatisfied"})
    assert (foreign["answerSatisfactionSurvey"]["code"], foreign["answerSatisfactionSurvey"]["field"]) == (
        "NOT_FOUND", "surveyId")
