"""The year's figures shown beside a company's evaluation scores."""
import uuid
from datetime import date, datetime, timezone

from services.property import cases, companies, evaluation, inspections, management, surveys
from services.property.indicators import CODES
from shared.contracts.property import (
    AnswerIn, CheckIn, CompanyIn, CompoundModeIn, DrawIn, EvaluationIn, IndicatorScoreIn, InspectionIn, ScoresIn,
    SurveyIn,
)


def test_figures_beside_the_ranking(session):
    firm = companies.register(session, CompanyIn(name="金鼎物业", credit_code="91350100M000100Y43",
                                                 contact_name="王", contact_phone="13905501234"))
    compound = uuid.uuid4()
    management.set_mode(session, CompoundModeIn(compound_id=compound, compound_name="仁和小区", mode="company",
                                                company_id=firm.id))
    drawn = inspections.draw(session, DrawIn(year=2025, month=6, sample_size=1, seed="s"), "u")
    inspections.record(session, InspectionIn(
        draw_id=drawn.id, compound_id=compound, inspected_on=date(2025, 6, 9), inspector="x",
        checks=[CheckIn(item=i, score=top - 2 if i == "fire" else top) for i, _, top in inspections.CHECKLIST]), "u")
    survey = surveys.open_survey(session, SurveyIn(compound_id=compound, compound_name="仁和小区", year=2025, quarter=2))
    for n, rating in enumerate(["satisfied", "unsatisfied", "basically_satisfied", "satisfied"]):
        surveys.answer(session, AnswerIn(survey_id=survey.id, household=f"1-1-{n}", rating=rating))
    for when in (datetime(2025, 3, 1, tzinfo=timezone.utc), datetime(2024, 12, 31, tzinfo=timezone.utc)):
        cases.case_reported(session, case_id=uuid.uuid4(), grid_id=uuid.uuid4(), compound_id=compound,
                            category="property", reported_at=when)
    ev = evaluation.open_year(session, EvaluationIn(year=2025, red_count=0, black_count=0))
    for party in evaluation.PARTIES:
        evaluation.submit(session, ScoresIn(evaluation_id=ev.id, company_id=firm.id, party=party,
                                            scores=[IndicatorScoreIn(code=c, score=5) for c in CODES]))
    [row] = evaluation.publish(session, ev.id, date(2026, 1, 20), "u").ranking
    assert (row["composite"], row["inspection_average"], row["satisfaction_rate"], row["complaints"]) == (
        100.0, 98.0, 0.75, 1)
