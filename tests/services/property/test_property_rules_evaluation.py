"""The yearly evaluation: 4:4:2 composite computed by hand, red/black lists, credit file, bidding."""
from datetime import date

import pytest

from services.property import bidding, companies, evaluation
from services.property.indicators import CODES, INDICATORS
from shared.contracts.property import CompanyIn, EvaluationIn, IndicatorScoreIn, ScoresIn
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
