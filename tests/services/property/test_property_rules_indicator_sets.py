"""Per-tenant indicator sets and the yearly total with inspection and survey shares, by hand."""
import uuid
from datetime import date
from fractions import Fraction

import pytest

from services.property import companies, evaluation, indicator_sets, inspections, management, surveys
from shared.contracts.property import (
    AnswerIn, CheckIn, CompanyIn, CompoundModeIn, DrawIn, EvaluationIn, IndicatorIn, IndicatorScoreIn,
    IndicatorSetIn, InspectionIn, ScoresIn, SurveyIn,
)
from shared.errors import Conflict, ValidationFailed

# a small set: party building 50 (two indicators of 25, graded 0–10), environment 30 (0–5), management 20 (0–4)
SMALL = [IndicatorIn(code="DJ1", group="party_building", name="支部建设", weight=25, max_score=10),
         IndicatorIn(code="DJ2", group="party_building", name="党员作用", weight=25, max_score=10),
         IndicatorIn(code="HJ1", group="environment", name="保洁绿化", weight=30, max_score=5),
         IndicatorIn(code="GL1", group="management", name="设施维护", weight=20, max_score=4)]


def small_set(session, year=2026):
    return indicator_sets.define(session, IndicatorSetIn(name="天长市考评指标", effective_year=year, indicators=SMALL))


def firm(session, name="金鼎物业", code="91350100M000100Y43"):
    return companies.register(session, CompanyIn(name=name, credit_code=code, contact_name="王",
                                                 contact_phone="13905501234"))


def test_set_in_effect_by_year_and_builtin_fallback(session):
    assert indicator_sets.in_effect(session, 2026) is None
    small_set(session, 2026)
    assert indicator_sets.in_effect(session, 2025) is None
    assert indicator_sets.in_effect(session, 2030).name == "天长市考评指标"
    ev = evaluation.open_year(session, EvaluationIn(year=2025))  # no set of its own yet: the built-in one
    builtin = indicator_sets.in_effect(session, 2025)
    assert (builtin.effective_year, ev.indicator_set_id) == (2000, builtin.id)
    assert len(indicator_sets.items_of(session, builtin.id)) == 60
    assert evaluation.open_year(session, EvaluationIn(year=2027)).indicator_set_id != builtin.id


@pytest.mark.parametrize("change, field", [
    (lambda s: s[:3], "indicators"),                                                       # sums to 80
    (lambda s: [*s[:3], s[3].model_copy(update={"weight": 19.995})], "indicators.3.weight"),  # 3 decimals
    (lambda s: [*s[:3], s[3].model_copy(update={"code": "DJ1"})], "indicators.3.code"),       # twice
])
def test_sets_are_validated(session, change, field):
    with pytest.raises(ValidationFailed) as info:
        indicator_sets.define(session, IndicatorSetIn(name="x", effective_year=2026, indicators=change(SMALL)))
    assert info.value.field == field
    assert indicator_sets.in_effect(session, 2026) is None


def test_a_set_is_never_replaced(session):
    small_set(session)
    with pytest.raises(Conflict) as info:
        small_set(session)
    assert info.value.field == "effectiveYear"


def test_scores_within_each_indicators_maximum(session):
    small_set(session)
    a = firm(session)
    ev = evaluation.open_year(session, EvaluationIn(year=2026))
    base = {"DJ1": 10, "DJ2": 10, "HJ1": 5, "GL1": 4}
    with pytest.raises(ValidationFailed) as info:  # HJ1 is graded 0–5
        evaluation.submit(session, ScoresIn(evaluation_id=ev.id, company_id=a.id, party="owners", scores=[
            IndicatorScoreIn(code=c, score=6 if c == "HJ1" else v) for c, v in base.items()]))
    assert info.value.field == "scores.2.score"
    with pytest.raises(ValidationFailed) as info:  # a built-in code is not in the tenant's set
        evaluation.submit(session, ScoresIn(evaluation_id=ev.id, company_id=a.id, party="owners", scores=[
            IndicatorScoreIn(code="P01", score=1)]))
    assert info.value.field == "scores.0.code"
    done = evaluation.submit(session, ScoresIn(evaluation_id=ev.id, company_id=a.id, party="owners", scores=[
        IndicatorScoreIn(code=c, score=v) for c, v in {"DJ1": 7, "DJ2": 10, "HJ1": 3, "GL1": 1}.items()]))
    # 25·7/10 + 25·10/10 + 30·3/5 + 20·1/4 = 17.5 + 25 + 18 + 5 = 65.5
    assert done.total == 65.5


def scored(session, ev, company, per_party):
    for party, values in per_party.items():
        evaluation.submit(session, ScoresIn(evaluation_id=ev.id, company_id=company.id, party=party, scores=[
            IndicatorScoreIn(code=c, score=v) for c, v in values.items()]))


def test_yearly_total_weights_in_inspections_and_surveys(session):
    small_set(session, 2025)
    a, b = firm(session), firm(session, "同心物业", "91110000802100433B")
    compound = uuid.uuid4()
    management.set_mode(session, CompoundModeIn(compound_id=compound, compound_name="仁和小区", mode="company",
                                                company_id=a.id))
    drawn = inspections.draw(session, DrawIn(year=2025, month=5, sample_size=1, seed="s"), "u")
    inspections.record(session, InspectionIn(  # 100 − 10 = 90 of 100
        draw_id=drawn.id, compound_id=compound, inspected_on=date(2025, 5, 9), inspector="x",
        checks=[CheckIn(item=i, score=top - 10 if i == "fire" else top) for i, _, top in inspections.CHECKLIST]), "u")
    survey = surveys.open_survey(session, SurveyIn(compound_id=compound, compound_name="仁和小区", year=2025, quarter=3))
    for n, rating in enumerate(["satisfied", "unsatisfied", "basically_satisfied", "unsatisfied"]):  # 2 of 4
        surveys.answer(session, AnswerIn(survey_id=survey.id, household=f"1-1-{n}", rating=rating))
    ev = evaluation.open_year(session, EvaluationIn(year=2025, inspection_percent=20, survey_percent=10,
                                                    red_count=1, black_count=0))
    full = {"DJ1": 10, "DJ2": 10, "HJ1": 5, "GL1": 4}  # 100
    eighty = {"DJ1": 8, "DJ2": 8, "HJ1": 4, "GL1": 4}  # 20 + 20 + 24 + 20 = 84
    scored(session, ev, a, {"authority": full, "party_org": full, "owners": full})       # composite 100
    scored(session, ev, b, {"authority": eighty, "party_org": eighty, "owners": eighty})  # composite 84
    ranking = evaluation.publish(session, ev.id, date(2026, 1, 20), "u").ranking
    # 甲: (70·100 + 20·90 + 10·50) / 100 = 93.  乙 has neither figure: its 30% stays with the composite → 84.
    assert [(r["company_name"], r["composite"], r["total"], r["list"]) for r in ranking] == [
        ("金鼎物业", 100.0, 93.0, "red"), ("同心物业", 84.0, 84.0, None)]
    assert evaluation.yearly_total(ev, Fraction(100), {"inspection_average": Fraction(90),
                                                       "satisfaction_rate": Fraction(1, 2)}) == 93
    assert [e.score for e in companies.credit_entries(session, [a.id]) if e.kind == "evaluation"] == [93.0]


def test_shares_over_100_are_refused(session):
    with pytest.raises(ValidationFailed) as info:
        evaluation.open_year(session, EvaluationIn(year=2025, inspection_percent=60, survey_percent=50))
    assert info.value.field == "surveyPercent"
