"""Per-tenant evaluation indicator sets (考评指标体系).

A tenant defines a set with the year it takes effect; an evaluation uses the set with the latest
``effective_year`` not after its year, fixed when the evaluation opens. Sets are never edited (a
change is a new set for a later year), so a published ranking can always be recomputed. Each
indicator has a weight — its share of a party's 100 points, at most 2 decimals, summing to exactly
100 over the set — and a maximum score the scorers grade it on. A party's score is
S = Σ weightᵢ · scoreᵢ / maxᵢ (0–100), in exact fractions. A tenant without a set of its own gets
the built-in one (:mod:`services.property.indicators`) the first time it opens an evaluation.
"""
from __future__ import annotations

import uuid
from fractions import Fraction

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from services.property import indicators as builtin
from services.property.companies import invalid
from services.property.oversight_models import IndicatorSet, SetIndicator
from shared.contracts.property import IndicatorIn, IndicatorOut, IndicatorSetIn, IndicatorSetOut
from shared.errors import Conflict

FULL = 10_000  # 100.00 points in hundredths
BUILTIN_FROM = 2000  # the built-in set is recorded as in effect from the first year the API accepts


def centi(weight: float, field: str) -> int:
    hundredths = round(weight * 100)
    if abs(weight * 100 - hundredths) > 1e-6:
        raise invalid(field, "at most 2 decimals", "最多两位小数")
    return hundredths


def set_out(row: IndicatorSet, items: list[SetIndicator]) -> IndicatorSetOut:
    return {"id": str(row.id), "name": row.name, "effective_year": row.effective_year,
            "indicators": [indicator_out(i) for i in items]}


def indicator_out(row: SetIndicator) -> IndicatorOut:
    return {"code": row.code, "group": row.group, "name": row.name, "weight": row.weight_centi / 100,
            "max_score": row.max_score}


def define(session: Session, data: IndicatorSetIn, by: str | None = None) -> IndicatorSet:
    """Validate and store a set: codes unique, weights of at most 2 decimals summing to 100."""
    seen: set[str] = set()
    weights = []
    for n, item in enumerate(data.indicators):
        if item.code in seen:
            raise invalid(f"indicators.{n}.code", f"{item.code} appears twice", f"{item.code} 重复")
        seen.add(item.code)
        weights.append(centi(item.weight, f"indicators.{n}.weight"))
    if sum(weights) != FULL:
        raise invalid("indicators", f"the weights sum to {sum(weights) / 100:g}, not 100",
                      f"权重合计为 {sum(weights) / 100:g}，应为 100")
    row = IndicatorSet(name=data.name, effective_year=data.effective_year, defined_by=by)
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:
        raise Conflict(f"a set takes effect in {data.effective_year} already; sets are never edited, "
                       "define one for a later year", f"{data.effective_year} 年已有生效的指标体系（指标体系不可修改）",
                       field="effectiveYear") from None
    for n, (item, weight) in enumerate(zip(data.indicators, weights)):
        session.add(SetIndicator(set_id=row.id, position=n, code=item.code, group=item.group,
                                 name=item.name, weight_centi=weight, max_score=item.max_score))
    session.flush()
    return row


def items_of(session: Session, set_id: uuid.UUID) -> list[SetIndicator]:
    return list(session.scalars(sa.select(SetIndicator).where(SetIndicator.set_id == set_id)
                                .order_by(SetIndicator.position)))


def in_effect(session: Session, year: int) -> IndicatorSet | None:
    """The set an evaluation of ``year`` uses: the latest taking effect in or before it."""
    return session.scalar(sa.select(IndicatorSet).where(IndicatorSet.effective_year <= year)
                          .order_by(IndicatorSet.effective_year.desc()).limit(1))


def for_year(session: Session, year: int) -> IndicatorSet:
    """The set in effect for ``year``; the built-in one is recorded for the tenant if it has none."""
    row = in_effect(session, year)
    if row is not None:
        return row
    try:
        with session.begin_nested():
            return define(session, IndicatorSetIn(name=builtin.NAME, effective_year=BUILTIN_FROM,
                                                  indicators=[IndicatorIn(**i) for i in builtin.INDICATORS]))
    except Conflict:  # another request recorded it first
        return in_effect(session, year)


def listed(session: Session, *, limit: int, after: int | None = None) -> list[IndicatorSet]:
    query = sa.select(IndicatorSet).order_by(IndicatorSet.effective_year).limit(limit)
    if after is not None:
        query = query.where(IndicatorSet.effective_year > after)
    return list(session.scalars(query))


def builtin_out() -> list[IndicatorOut]:
    return [{k: i[k] for k in ("code", "group", "name", "weight", "max_score")} for i in builtin.INDICATORS]


class Scale:
    """The set as scoring needs it: weight (exact) and maximum per code, in order."""

    def __init__(self, items: list[SetIndicator] | list[IndicatorOut]):
        self.codes: list[str] = []
        self.weight: dict[str, Fraction] = {}
        self.top: dict[str, int] = {}
        for i in items:
            code, weight = (i.code, Fraction(i.weight_centi, 100)) if isinstance(i, SetIndicator) else (
                i["code"], Fraction(centi(i["weight"], "weight"), 100))
            self.codes.append(code)
            self.weight[code] = weight
            self.top[code] = i.max_score if isinstance(i, SetIndicator) else i["max_score"]

    def party_score(self, scores: dict[str, int]) -> Fraction:
        """S = Σ weight · score / max over the set: 0–100."""
        return sum((self.weight[c] * Fraction(scores[c], self.top[c]) for c in self.codes), Fraction(0))


def scale_of(session: Session, set_id: uuid.UUID | None) -> Scale:
    return Scale(items_of(session, set_id)) if set_id is not None else Scale(builtin_out())
