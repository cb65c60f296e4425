"""Quarterly satisfaction surveys: one answer per household, aggregated per compound and company."""
import uuid

import pytest

from services.property import companies, management, surveys
from shared.contracts.property import AnswerIn, CompanyIn, CompoundModeIn, SurveyIn
from shared.errors import Conflict, NotFound


def test_one_answer_per_household_and_company_rates(session):
    firm = companies.register(session, CompanyIn(name="金鼎物业", credit_code="91350100M000100Y43",
                                                 contact_name="王", contact_phone="13905501234"))
    managed, selfrun = uuid.uuid4(), uuid.uuid4()
    management.set_mode(session, CompoundModeIn(compound_id=managed, compound_name="仁和小区", mode="company",
                                                company_id=firm.id))
    management.set_mode(session, CompoundModeIn(compound_id=selfrun, compound_name="老街", mode="self"))
    a = surveys.open_survey(session, SurveyIn(compound_id=managed, compound_name="仁和小区", year=2026, quarter=3))
    b = surveys.open_survey(session, SurveyIn(compound_id=selfrun, compound_name="老街", year=2026, quarter=3))
    with pytest.raises(Conflict):
        surveys.open_survey(session, SurveyIn(compound_id=managed, compound_name="仁和小区", year=2026, quarter=3))
    for n, rating in enumerate(["satisfied", "satisfied", "basically_satisfied", "unsatisfied"]):
        surveys.answer(session, AnswerIn(survey_id=a.id, household=f"1-1-{n}01", rating=rating))
    surveys.answer(session, AnswerIn(survey_id=b.id, household="1-1-101", rating="unsatisfied"))
    with pytest.raises(Conflict) as info:
        surveys.answer(session, AnswerIn(survey_id=a.id, household="1-1-001", rating="satisfied"))
    assert info.value.field == "household"
    with pytest.raises(NotFound):
        surveys.answer(session, AnswerIn(survey_id=uuid.uuid4(), household="x", rating="satisfied"))
    per_compound = surveys.by_compound(session, 2026, 3)
    assert [(r["name"], r["answers"], r["rate"]) for r in per_compound] == [("仁和小区", 4, 0.75), ("老街", 1, 0.0)]
    assert surveys.by_company(session, 2026, 3) == [{
        "id": str(firm.id), "name": "金鼎物业", "year": 2026, "quarter": 3, "answers": 4, "satisfied": 2,
        "basically_satisfied": 1, "unsatisfied": 1, "rate": 0.75}]
    assert surveys.by_company(session, 2026, 2) == []
