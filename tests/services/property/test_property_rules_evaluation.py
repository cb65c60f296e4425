"""The yearly evaluation: 4:4:2 composite computed by hand, the complaint deduction, red/black
lists, credit file, bidding."""
import uuid
from datetime import UTC, date, datetime
from fractions import Fraction

import pytest

from services.property import bidding, cases, companies, evaluation, management
from services.property.indicators import CODES, INDICATORS
from services.property.oversight_models import Evaluation
from shared.contracts.property import (
    CompanyIn,
    CompoundModeIn,
    EvaluationIn,
    IndicatorScoreIn,
    ScoresIn,
)
from shared.contracts.validation import validate
from shared.errors import Conflict, ValidationFailed

CODES_ = ["91350100M000100Y43", "91110000802100433B", "91341181MA2TQ4LX49"]


def firms(session):
    out = []
    for name, code in zip(["甲物业", "乙物业", "丙物业"], CODES_):
        out.append(companies.register(session, CompanyIn(name=name, credit_code=code, contact_name="王",
                                                         contact_phone="13905501234")))
    return out


def uniform(value: int) -> list[IndicatorScoreIn]:
    return [IndicatorScoreIn(code=c, score=value) for c in CODES]


def score_all(session, ev, table):
    for firm, per_party in table.items():
        for party, value in per_party.items():
            evaluation.submit(session, ScoresIn(evaluation_id=ev.id, company_id=firm.id, party=party,
                                                scores=uniform(value)))


def test_indicator_set():
    assert len(INDICATORS) == 60
    assert {i["group"] for i in INDICATORS} == {"party_building", "environment", "management"}


def test_ranking_by_hand_with_lists_credit_and_bar(session):
    a, b, c = firms(session)
    ev = evaluation.open_year(session, EvaluationIn(year=2025, red_count=1, black_count=1, bar_months=12))
    # party score = Σ weight · score / 5 over the built-in set; uniform 5 → 100, 4 → 80, 3 → 60
    score_all(session, ev, {a: {"authority": 5, "party_org": 4, "owners": 3},   # (400+320+120)/10 = 84
                            b: {"authority": 4, "party_org": 5, "owners": 5},   # (320+400+200)/10 = 92
                            c: {"authority": 3, "party_org": 3, "owners": 5}})  # (240+240+200)/10 = 68
    row = evaluation.publish(session, ev.id, date(2026, 1, 15), "u")
    assert [(r["company_name"], r["composite"], r["list"]) for r in row.ranking] == [
        ("乙物业", 92.0, "red"), ("甲物业", 84.0, None), ("丙物业", 68.0, "black")]
    assert row.ranking[1]["authority"] == 100.0 and row.ranking[1]["owners"] == 60.0
    assert c.barred_until == date(2027, 1, 15) and a.barred_until is None
    assert [e.kind for e in companies.credit_entries(session, [b.id])] == ["registered", "evaluation", "red_list"]
    assert [e.kind for e in companies.credit_entries(session, [c.id])][-1] == "black_list"
    assert bidding.bid_eligibility(session, c.credit_code, date(2026, 6, 1))["eligible"] is False
    assert bidding.bid_eligibility(session, c.credit_code, date(2027, 1, 15))["eligible"] is True
    assert bidding.bid_eligibility(session, a.credit_code, date(2026, 6, 1))["eligible"] is True
    with pytest.raises(Conflict):
        evaluation.publish(session, ev.id, date(2026, 1, 16), "u")
    with pytest.raises(Conflict):
        score_all(session, ev, {a: {"owners": 5}})


def test_weights_are_configurable(session):
    a, b, c = firms(session)
    ev = evaluation.open_year(session, EvaluationIn(year=2025, weight_authority=1, weight_party_org=1,
                                                    weight_owners=8, red_count=1, black_count=1))
    score_all(session, ev, {a: {"authority": 5, "party_org": 4, "owners": 3},   # (100+80+480)/10 = 66
                            b: {"authority": 4, "party_org": 5, "owners": 5},   # (80+100+800)/10 = 98
                            c: {"authority": 3, "party_org": 3, "owners": 5}})  # (60+60+800)/10 = 92
    ranking = evaluation.publish(session, ev.id, date(2026, 1, 15), "u").ranking
    assert [(r["company_name"], r["composite"]) for r in ranking] == [("乙物业", 98.0), ("丙物业", 92.0), ("甲物业", 66.0)]


def test_partial_points_and_ties(session):
    a, b, _ = firms(session)
    ev = evaluation.open_year(session, EvaluationIn(year=2025, red_count=0, black_count=0))
    # M20 weighs 1.5 of 100 in the built-in set (management 30 over 20 indicators): 100 − 1.5 = 98.5
    one_off = [IndicatorScoreIn(code=c, score=0 if c == "M20" else 5) for c in CODES]
    for firm in (a, b):
        for party in evaluation.PARTIES:
            evaluation.submit(session, ScoresIn(evaluation_id=ev.id, company_id=firm.id, party=party, scores=one_off))
    ranking = evaluation.publish(session, ev.id, date(2026, 1, 1), "u").ranking
    assert [r["composite"] for r in ranking] == [98.5, 98.5]
    assert [r["company_name"] for r in ranking] == ["乙物业", "甲物业"]  # tie: credit code 9111… < 9135…
    assert [r["list"] for r in ranking] == [None, None]


def test_publish_needs_all_three_parties(session):
    a, *_ = firms(session)
    ev = evaluation.open_year(session, EvaluationIn(year=2025))
    with pytest.raises(Conflict):
        evaluation.publish(session, ev.id, date(2026, 1, 1), "u")
    score_all(session, ev, {a: {"authority": 5, "party_org": 5}})
    with pytest.raises(Conflict) as info:
        evaluation.publish(session, ev.id, date(2026, 1, 1), "u")
    assert "甲物业" in info.value.message


@pytest.mark.parametrize("scores, field", [
    (lambda: uniform(5)[:-1], "scores"),
    (lambda: uniform(5) + [IndicatorScoreIn(code="P01", score=1)], "scores.60.code"),
    (lambda: [IndicatorScoreIn(code="P01", score=6)] + uniform(5)[1:], "scores.0.score"),
    (lambda: [IndicatorScoreIn(code="X01", score=1)] + uniform(5)[1:], "scores.0.code"),
])
def test_scores_are_checked(session, scores, field):
    a, *_ = firms(session)
    ev = evaluation.open_year(session, EvaluationIn(year=2025))
    with pytest.raises(ValidationFailed) as info:
        evaluation.submit(session, ScoresIn(evaluation_id=ev.id, company_id=a.id, party="owners", scores=scores()))
    assert info.value.field == field


def test_add_months_clamps_the_day():
    assert bidding.add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert bidding.add_months(date(2026, 11, 30), 14) == date(2028, 1, 30)


def test_black_list_below_a_score(session):
    a, b, c = firms(session)
    ev = evaluation.open_year(session, EvaluationIn(year=2025, red_count=2, black_count=0, black_below=85))
    score_all(session, ev, {a: {"authority": 5, "party_org": 4, "owners": 3},   # 84 < 85: black, though second
                            b: {"authority": 4, "party_org": 5, "owners": 5},   # 92: red
                            c: {"authority": 3, "party_org": 3, "owners": 5}})  # 68: black
    ranking = evaluation.publish(session, ev.id, date(2026, 1, 15), "u").ranking
    assert [(r["company_name"], r["list"]) for r in ranking] == [("乙物业", "red"), ("甲物业", "black"), ("丙物业", "black")]
    assert a.barred_until == c.barred_until == date(2027, 1, 15) and b.barred_until is None


def test_property_cases_cost_points_by_hand(session):
    a, b, c = firms(session)
    for firm, count in ((b, 5), (c, 1)):
        compound = uuid.uuid4()
        management.set_mode(session, CompoundModeIn(compound_id=compound, compound_name="仁和小区", mode="company",
                                                    company_id=firm.id))
        for n in range(count):
            cases.case_reported(session, case_id=uuid.uuid4(), grid_id=uuid.uuid4(), compound_id=compound,
                                category="property", reported_at=datetime(2025, 3, 1 + n, tzinfo=UTC))
        cases.case_reported(session, case_id=uuid.uuid4(), grid_id=uuid.uuid4(), compound_id=compound,  # 2024
                            category="property", reported_at=datetime(2024, 12, 31, 23, tzinfo=UTC))
    ev = evaluation.open_year(session, EvaluationIn(year=2025, red_count=1, black_count=1, complaint_deduction=2,
                                                    complaint_deduction_cap=9))
    score_all(session, ev, {a: {"authority": 5, "party_org": 4, "owners": 3},   # 84, no case: 84
                            b: {"authority": 4, "party_org": 5, "owners": 5},   # 92 − min(5·2, 9) = 83
                            c: {"authority": 3, "party_org": 3, "owners": 5}})  # 68 − min(1·2, 9) = 66
    ranking = evaluation.publish(session, ev.id, date(2026, 1, 15), "u").ranking
    assert [(r["company_name"], r["composite"], r["complaints"], r["complaint_deduction"], r["total"], r["list"])
            for r in ranking] == [("甲物业", 84.0, 0, 0.0, 84.0, "red"), ("乙物业", 92.0, 5, 9.0, 83.0, None),
                                  ("丙物业", 68.0, 1, 2.0, 66.0, "black")]
    out = evaluation.evaluation_out(ev)
    assert (out["complaint_deduction"], out["complaint_deduction_cap"]) == (2.0, 9.0)
    assert [e.score for e in companies.credit_entries(session, [b.id]) if e.kind == "evaluation"] == [83.0]


def test_complaint_deduction_defaults_to_half_a_point_capped_at_ten(session):
    ev = evaluation.open_year(session, EvaluationIn(year=2025))
    assert (ev.complaint_deduction_centi, ev.complaint_deduction_cap_centi) == (50, 1000)
    off = evaluation.open_year(session, EvaluationIn(year=2026, complaint_deduction=0))
    assert evaluation.evaluation_out(off)["complaint_deduction"] == 0.0


def test_yearly_total_without_a_service():
    """T = W − min(d·n, cap, W) on a plain row: no nameko, no database."""
    ev = Evaluation(inspection_percent=20, survey_percent=10, complaint_deduction_centi=150,
                    complaint_deduction_cap_centi=400)
    year = {"inspection_average": Fraction(90), "satisfaction_rate": Fraction(1, 2)}
    # W = (70·100 + 20·90 + 10·100·½) / 100 = 93
    assert evaluation.yearly_total(ev, Fraction(100), {**year, "complaints": 0}) == 93
    assert evaluation.yearly_total(ev, Fraction(100), {**year, "complaints": 2}) == 93 - 2 * Fraction(3, 2)  # 90
    assert evaluation.yearly_total(ev, Fraction(100), {**year, "complaints": 3}) == 93 - 4  # 4.5 capped at 4
    # exact fractions: 83.76 − 3 · 0.35 = 82.71, no float drift
    ev = Evaluation(inspection_percent=0, survey_percent=0, complaint_deduction_centi=35,
                    complaint_deduction_cap_centi=1000)
    assert evaluation.yearly_total(ev, Fraction(8376, 100), {"complaints": 3}) == Fraction(8271, 100)
    # never below 0: the deduction is at most what there is
    ev = Evaluation(inspection_percent=0, survey_percent=0, complaint_deduction_centi=100,
                    complaint_deduction_cap_centi=10_000)
    assert evaluation.yearly_total(ev, Fraction(3), {"complaints": 5}) == 0
    # d = 0 or cap = 0: no deduction
    for d, cap in ((0, 1000), (50, 0)):
        ev = Evaluation(inspection_percent=0, survey_percent=0, complaint_deduction_centi=d,
                        complaint_deduction_cap_centi=cap)
        assert evaluation.yearly_total(ev, Fraction(84), {"complaints": 7}) == 84


@pytest.mark.parametrize("data, field", [
    ({"complaint_deduction": -0.5}, "complaint_deduction"),
    ({"complaint_deduction_cap": -1}, "complaint_deduction_cap"),
    ({"complaint_deduction": 101}, "complaint_deduction"),
])
def test_negative_or_oversized_deduction_is_refused(data, field):
    with pytest.raises(ValidationFailed) as info:
        validate(EvaluationIn, {"year": 2025, **data})
    assert info.value.field == field
    camel = "complaintDeductionCap" if field.endswith("cap") else "complaintDeduction"
    assert info.value.message.startswith(f"{camel}: ") and info.value.message_zh.startswith(f"{camel}：")


@pytest.mark.parametrize("data, field", [({"complaint_deduction": 0.125}, "complaintDeduction"),
                                         ({"complaint_deduction_cap": 2.501}, "complaintDeductionCap")])
def test_deduction_has_at_most_two_decimals(session, data, field):
    with pytest.raises(ValidationFailed) as info:
        evaluation.open_year(session, EvaluationIn(year=2025, **data))
    assert (info.value.field, info.value.message_zh) == (field, f"{field}：最多两位小数")
    assert evaluation.by_year(session, 2025) is None
