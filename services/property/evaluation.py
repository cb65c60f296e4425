"""Yearly evaluation (年度考评): three parties score every company on the tenant's indicator set
(:mod:`services.property.indicator_sets`, fixed when the year opens); their weighted mean (4:4:2 by
default) is the composite; the yearly total weights in the year's inspection average and
satisfaction rate with the shares the evaluation gives them and deducts points for the year's
property cases from dispatch; the ranking by total publishes red and black lists, writes the
credit files, and bars the black-listed from bidding.

Formulas (exact fractions; shown rounded to 2 decimals):
  party score   S_p = Σ weightᵢ · scoreᵢ / maxᵢ over the set (weights sum to 100, so 0–100)
  composite     C = (w_a·S_authority + w_o·S_party_org + w_r·S_owners) / (w_a + w_o + w_r)
  weighted      W = ((100 − i − s)·C + i·I + s·100·R) / 100, with I the inspection average (0–100),
                R the satisfaction rate (0–1), i and s the evaluation's shares in %; a company
                without inspections (or without survey answers) that year gets that share back
                into C, so a missing figure neither helps nor hurts it
  yearly total  T = W − D, D = min(d·n, cap, W): n property cases reported against the company in
                the year cost d points each, at most cap in all (the evaluation's rule, default
                0.5 and 10; 0 disables it) (:func:`yearly_total`)
Ranking: total descending, ties by credit code. Black list: the bottom ``black_count``, plus any
total below ``black_below`` when set (the tenant's rule); red list: the top ``red_count`` that are
not black-listed. Barred from bidding: black-listed companies until publication + ``bar_months``.
"""
from __future__ import annotations

import uuid
from datetime import date
from fractions import Fraction

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, object_session

from services.property import indicator_sets
from services.property.bidding import add_months
from services.property.companies import append_credit, by_ids, get_company, invalid
from services.property.figures import exact_figures, shown
from services.property.indicator_sets import Scale, centi, scale_of
from services.property.models import Company
from services.property.oversight_models import Evaluation, EvaluationScore, IndicatorSet
from shared.contracts.property import EvaluationIn, EvaluationOut, RankOut, ScoresIn
from shared.errors import Conflict, NotFound

PARTIES = ("authority", "party_org", "owners")


def evaluation_out(row: Evaluation) -> EvaluationOut:
    session = object_session(row)
    used = session.get(IndicatorSet, (row.tenant_id, row.indicator_set_id)) if row.indicator_set_id else None
    return {"indicator_set": {"id": str(used.id), "name": used.name, "effective_year": used.effective_year}
            if used else None,
            "inspection_percent": row.inspection_percent, "survey_percent": row.survey_percent,
            "complaint_deduction": row.complaint_deduction_centi / 100,
            "complaint_deduction_cap": row.complaint_deduction_cap_centi / 100, "id": str(row.id), "year": row.year,
            "weights": {"authority": row.weight_authority, "party_org": row.weight_party_org,
                        "owners": row.weight_owners},
            "red_count": row.red_count, "black_count": row.black_count, "black_below": row.black_below,
            "bar_months": row.bar_months,
            "status": row.status, "published_on": row.published_on.isoformat() if row.published_on else None,
            "ranking": row.ranking or []}


def open_year(session: Session, data: EvaluationIn) -> Evaluation:
    if data.weight_authority + data.weight_party_org + data.weight_owners == 0:
        raise invalid("weightAuthority", "the weights must not all be zero", "权重不能全为零")
    if data.inspection_percent + data.survey_percent > 100:
        raise invalid("surveyPercent", "inspection and survey shares add up to more than 100%",
                      "抽查与测评所占比例合计超过 100%")
    per_case = centi(data.complaint_deduction, "complaintDeduction")
    cap = centi(data.complaint_deduction_cap, "complaintDeductionCap")
    used = indicator_sets.for_year(session, data.year)
    row = Evaluation(year=data.year, indicator_set_id=used.id, inspection_percent=data.inspection_percent,
                     survey_percent=data.survey_percent, weight_authority=data.weight_authority,
                     weight_party_org=data.weight_party_org, weight_owners=data.weight_owners,
                     red_count=data.red_count, black_count=data.black_count, black_below=data.black_below,
                     bar_months=data.bar_months, complaint_deduction_centi=per_case,
                     complaint_deduction_cap_centi=cap)
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:
        raise Conflict(f"the {data.year} evaluation exists already", f"{data.year}年度考评已存在",
                       field="year") from None
    return row


def get_evaluation(session: Session, evaluation_id: uuid.UUID, field: str = "evaluationId") -> Evaluation:
    row = session.get(Evaluation, (session.info["tenant"], evaluation_id))
    if row is None:
        raise NotFound("evaluation", "年度考评", evaluation_id, field=field)
    return row


def submit(session: Session, data: ScoresIn) -> EvaluationScore:
    """Store (or replace) one party's scores for one company; every indicator exactly once."""
    evaluation = get_evaluation(session, data.evaluation_id)
    if evaluation.status != "open":
        raise Conflict("the evaluation is published; scores are final", "考评已发布，评分不可更改",
                       field="evaluationId")
    get_company(session, data.company_id)
    scale = scale_of(session, evaluation.indicator_set_id)
    scores: dict[str, int] = {}
    for n, item in enumerate(data.scores):
        if item.code not in scale.top:
            raise invalid(f"scores.{n}.code", f"{item.code} is not an indicator", f"{item.code} 不是考评指标")
        if item.code in scores:
            raise invalid(f"scores.{n}.code", f"{item.code} is scored twice", f"{item.code} 重复评分")
        if item.score > scale.top[item.code]:
            raise invalid(f"scores.{n}.score", f"at most {scale.top[item.code]}", f"最高 {scale.top[item.code]} 分")
        scores[item.code] = item.score
    missing = [c for c in scale.codes if c not in scores]
    if missing:
        raise invalid("scores", f"{len(missing)} indicators not scored, first {missing[0]}",
                      f"有 {len(missing)} 项指标未评分，首项 {missing[0]}")
    row = session.scalar(sa.select(EvaluationScore).where(
        EvaluationScore.evaluation_id == evaluation.id, EvaluationScore.company_id == data.company_id,
        EvaluationScore.party == data.party)) or EvaluationScore(
        evaluation_id=evaluation.id, company_id=data.company_id, party=data.party)
    row.scores = scores
    row.total = float(scale.party_score(scores))
    session.add(row)
    session.flush()
    return row


def yearly_total(evaluation: Evaluation, composite: Fraction, figures: dict) -> Fraction:
    """T = W − D, where W = ((100 − i − s)·C + i·I + s·100·R) / 100 (a missing figure's share stays
    with C) and D = min(d·n, cap, W) is the complaint deduction (:func:`complaint_deduction`).

    Each property case reported against the company in the year (``figures["complaints"]`` = n)
    costs d = ``complaint_deduction`` points (default 0.5), at most ``complaint_deduction_cap`` in
    all (default 10), and never more than W, so T stays within 0–100; d = 0 or cap = 0 disables it.
    The deduction is per case, not per household: the property service does not hold the households
    a company manages, and a flat rule is one every company can check against its own case count."""
    weighted = figure_weighted(evaluation, composite, figures)
    return weighted - complaint_deduction(evaluation, figures.get("complaints", 0), weighted)


def complaint_deduction(evaluation: Evaluation, complaints: int, weighted: Fraction) -> Fraction:
    """D = min(d·n, cap, W): the points the year's n property cases take off the total W."""
    per_case = Fraction(evaluation.complaint_deduction_centi or 0, 100)
    cap = Fraction(evaluation.complaint_deduction_cap_centi or 0, 100)
    return min(per_case * complaints, cap, weighted)


def figure_weighted(evaluation: Evaluation, composite: Fraction, figures: dict) -> Fraction:
    """W = ((100 − i − s)·C + i·I + s·100·R) / 100; a missing figure's share stays with C."""
    inspection = evaluation.inspection_percent if figures.get("inspection_average") is not None else 0
    survey = evaluation.survey_percent if figures.get("satisfaction_rate") is not None else 0
    total = (100 - inspection - survey) * composite
    if inspection:
        total += inspection * figures["inspection_average"]
    if survey:
        total += survey * 100 * figures["satisfaction_rate"]
    return total / 100


def rank(evaluation: Evaluation, scale: Scale, scored: dict[uuid.UUID, dict[str, dict[str, int]]],
         companies: dict[uuid.UUID, Company], figures: dict[uuid.UUID, dict] | None = None) -> list[RankOut]:
    """The ranking from each company's indicator scores per party and its year's exact figures."""
    weights = {"authority": evaluation.weight_authority, "party_org": evaluation.weight_party_org,
               "owners": evaluation.weight_owners}
    total_weight = sum(weights.values())
    rows = []
    for company_id, by_party in scored.items():
        scores = {p: scale.party_score(by_party[p]) for p in PARTIES}
        composite = sum(weights[p] * scores[p] for p in PARTIES) / total_weight
        year = (figures or {}).get(company_id, {})
        weighted = figure_weighted(evaluation, composite, year)
        deducted = complaint_deduction(evaluation, year.get("complaints", 0), weighted)
        total = weighted - deducted  # = yearly_total(evaluation, composite, year)
        rows.append((-total, companies[company_id].credit_code, company_id, scores, composite, total, year,
                     deducted))
    rows.sort()
    n = len(rows)
    red = min(evaluation.red_count, n)
    black_from = max(red, n - evaluation.black_count)
    below = Fraction(evaluation.black_below).limit_denominator(10**6) if evaluation.black_below is not None else None

    def listed(i: int, total: Fraction) -> str | None:
        if i >= black_from or (below is not None and total < below):
            return "black"
        return "red" if i < red else None

    return [{"company_id": str(cid), "company_name": companies[cid].name, "rank": i + 1,
             "authority": round(float(s["authority"]), 2), "party_org": round(float(s["party_org"]), 2),
             "owners": round(float(s["owners"]), 2), "composite": round(float(comp), 2),
             "total": round(float(total), 2), "list": listed(i, total),
             **shown({"inspection_average": None, "satisfaction_rate": None, "complaints": 0, **year}),
             "complaint_deduction": round(float(deducted), 2)}
            for i, (_, _, cid, s, comp, total, year, deducted) in enumerate(rows)]


def publish(session: Session, evaluation_id: uuid.UUID, on: date, by: str | None) -> Evaluation:
    evaluation = get_evaluation(session, evaluation_id)
    if evaluation.status != "open":
        raise Conflict("the evaluation is published already", "考评已发布", field="evaluationId")
    points: dict[uuid.UUID, dict[str, dict[str, int]]] = {}
    for s in session.scalars(sa.select(EvaluationScore).where(EvaluationScore.evaluation_id == evaluation.id)):
        points.setdefault(s.company_id, {})[s.party] = s.scores
    if not points:
        raise Conflict("no scores were submitted", "尚未提交任何评分", field="evaluationId")
    companies = {c.id: c for c in by_ids(session, list(points))}
    incomplete = [companies[c].name for c, parties in points.items() if set(parties) != set(PARTIES)]
    if incomplete:
        raise Conflict(f"scores missing from some parties for: {', '.join(sorted(incomplete))}",
                       f"以下企业的三方评分不全：{'、'.join(sorted(incomplete))}", field="evaluationId")
    figures = exact_figures(session, list(points), evaluation.year)
    ranking = rank(evaluation, scale_of(session, evaluation.indicator_set_id), points, companies, figures)
    barred_until = add_months(on, evaluation.bar_months)
    for r in ranking:
        company = companies[uuid.UUID(r["company_id"])]
        append_credit(session, company, "evaluation",
                      f"{evaluation.year} evaluation: rank {r['rank']} of {len(ranking)}, "
                      f"total {r['total']}（年度考评）", score=r["total"], source_id=evaluation.id, by=by)
        if r["list"] == "red":
            append_credit(session, company, "red_list", f"{evaluation.year} red list（红榜）",
                          source_id=evaluation.id, by=by)
        elif r["list"] == "black":
            company.barred_until = max(company.barred_until or barred_until, barred_until)
            append_credit(session, company, "black_list",
                          f"{evaluation.year} black list; barred from bidding until {barred_until}（黑榜，限制投标）",
                          source_id=evaluation.id, by=by)
    evaluation.status, evaluation.published_on, evaluation.ranking = "published", on, ranking
    session.flush()
    return evaluation


def by_year(session: Session, year: int) -> Evaluation | None:
    return session.scalar(sa.select(Evaluation).where(Evaluation.year == year))
