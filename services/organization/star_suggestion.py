"""The suggested star rating (星级评定建议), shown beside the rating a person decides.

Five figures of an org's year, each turned into a score from 0 to 1:

- ``satisfaction`` — dispatch's satisfaction rate (满意 + 基本满意 / rated) of cases reported that year
  in the org's place (its grid, else community, else street, else the county);
- ``on_time`` — dispatch's on-time rate (resolved by the deadline / resolved) of the same cases;
- ``services`` — service records (服务记录: cases, wishes, 三单 orders, confirmed volunteer hours)
  of the members of the org and its sub-orgs that year, per member, over ``target_services``;
- ``hours`` — volunteer hours confirmed for those members that year, per member, over ``target_hours``;
- ``registration`` — in-service members registered with a community (双报到) / in-service members.

    score = 100 × Σ weightᵢ × scoreᵢ / Σ weightᵢ      (over the figures available)
    stars = 1 + the number of thresholds (2★, 3★, 4★, 5★ minimum scores) the score reaches

Per-member scores are capped at 1. A figure that cannot be had is left out of both sums and
says why: no rated or resolved case, no member, no in-service member, dispatch not answering, or
case figures that do not apply (unit orgs — agencies, schools, firms… — have no territory). The
weights, targets and thresholds are the tenant's (``setStarFormula``), default 30/20/20/15/15,
12 services and 24 hours a member a year, thresholds 40/60/75/90.
"""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from services.organization.models import StarFormula
from shared.contracts.organization import StarFormulaIn, StarFormulaOut, SuggestionPartOut

PARTS = ("satisfaction", "on_time", "services", "hours", "registration")


@dataclass(frozen=True)
class Figures:
    """The raw figures of one org's year; None where a figure is not available (``notes`` say why)."""

    satisfaction_rate: float | None
    on_time_rate: float | None
    members: int
    services: int
    hours: float
    in_service: int
    registered: int
    notes: dict[str, str]


def formula(session: Session) -> StarFormulaOut:
    row = session.scalar(sa.select(StarFormula).order_by(StarFormula.set_at.desc()).limit(1))
    if row is None:
        return {**StarFormulaIn().model_dump(), "set_by": None, "set_at": None}
    return {"weight_satisfaction": row.weight_satisfaction, "weight_on_time": row.weight_on_time,
            "weight_services": row.weight_services, "weight_hours": row.weight_hours,
            "weight_registration": row.weight_registration, "target_services": row.target_services,
            "target_hours": row.target_hours, "thresholds": list(row.thresholds), "set_by": row.set_by,
            "set_at": row.set_at.isoformat()}


def set_formula(session: Session, data: StarFormulaIn, actor: str | None) -> StarFormulaOut:
    session.add(StarFormula(**data.model_dump(), set_by=actor))
    session.flush()
    return formula(session)


def parts(figures: Figures, f: StarFormulaOut) -> list[SuggestionPartOut]:
    per_member = figures.members or None
    raw = {
        "satisfaction": (figures.satisfaction_rate, figures.satisfaction_rate),
        "on_time": (figures.on_time_rate, figures.on_time_rate),
        "services": (figures.services / per_member if per_member else None, f["target_services"]),
        "hours": (figures.hours / per_member if per_member else None, f["target_hours"]),
        "registration": (figures.registered / figures.in_service if figures.in_service else None, None),
    }
    out = []
    for name in PARTS:
        figure, target = raw[name]
        if figure is None:
            score = None
        elif name in ("services", "hours"):
            score = min(1.0, figure / target)
        else:
            score = figure
        out.append({"name": name, "figure": round(figure, 4) if figure is not None else None,
                    "score": round(score, 4) if score is not None else None,
                    "weight": f[f"weight_{name}"], "note": figures.notes.get(name)})
    return out


def suggest(figures: Figures, f: StarFormulaOut) -> tuple[int | None, float | None, list[SuggestionPartOut]]:
    """(stars, score 0..100, the parts): see the module docstring."""
    lines = parts(figures, f)
    used = [p for p in lines if p["score"] is not None and p["weight"] > 0]
    weight = sum(p["weight"] for p in used)
    if not weight:
        return None, None, lines
    score = round(100 * sum(p["weight"] * p["score"] for p in used) / weight, 1)
    return 1 + sum(score >= t for t in f["thresholds"]), score, lines


def member_figures(session: Session, org_path: str, since, until) -> dict:
    """Members of the org and its sub-orgs: how many, in service, registered (双报到), and their
    service records and confirmed volunteer hours in [since, until)."""
    from services.organization.models import Member, Org, Registration, ServiceRecord

    in_subtree = (sa.select(Member.id, Member.in_service)
                  .join(Org, sa.and_(Org.tenant_id == Member.tenant_id, Org.id == Member.org_id))
                  .where(Org.path.startswith(org_path)).subquery())
    members, in_service = session.execute(sa.select(
        sa.func.count(), sa.func.count().filter(in_subtree.c.in_service.is_(True)))).one()
    services, hours = session.execute(
        sa.select(sa.func.count(), sa.func.coalesce(sa.func.sum(ServiceRecord.hours), 0.0))
        .where(ServiceRecord.member_id.in_(sa.select(in_subtree.c.id)),
               ServiceRecord.at >= since, ServiceRecord.at < until)).one()
    registered = session.scalar(
        sa.select(sa.func.count(sa.distinct(Registration.member_id)))
        .where(Registration.kind == "member", Registration.member_id.in_(
            sa.select(in_subtree.c.id).where(in_subtree.c.in_service.is_(True)))))
    return {"members": members, "in_service": in_service, "services": services,
            "hours": float(hours), "registered": registered}
