"""Monthly random inspections (月度随机抽查).

The draw is reproducible by anyone with a pen and sha256: every compound in the population gets
the key sha256("<seed>|<compound id>") (hex), and the sample is the ``sample_size`` compounds with
the smallest keys. The population is every compound with a management mode on file at draw time;
seed, population and sample are stored with the draw.
"""
from __future__ import annotations

import hashlib
import secrets
import uuid

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from services.property.companies import append_credit, get_company, invalid
from services.property.management import mode_of
from services.property.models import CompoundMode
from services.property.oversight_models import Inspection, InspectionDraw, InspectionFinding
from shared.contracts.property import DrawIn, DrawOut, InspectionIn, InspectionOut
from shared.errors import Conflict, NotFound

METHOD = "sha256-rank: sample = the sample_size compounds with the smallest sha256('<seed>|<compound id>')"
# the checklist (检查清单): item, Chinese name, maximum score; 100 points in all
CHECKLIST = [("party", "党建引领与红色物业阵地", 10), ("cleaning", "环境卫生保洁", 15),
             ("greening", "绿化养护", 10), ("fire", "消防通道与设施", 15), ("security", "安防巡逻与门岗", 10),
             ("facilities", "共用设施设备维护", 10), ("parking", "停车秩序与充电安全", 10),
             ("disclosure", "收费与公共收益公示", 10), ("complaints", "投诉处理与回访", 10)]
MAX = {item: top for item, _, top in CHECKLIST}


def draw_sample(seed: str, population: list[str], size: int) -> list[str]:
    keyed = sorted((hashlib.sha256(f"{seed}|{c}".encode()).hexdigest(), c) for c in population)
    return [c for _, c in keyed[:size]]


def draw_out(row: InspectionDraw) -> DrawOut:
    return {"id": str(row.id), "year": row.year, "month": row.month, "seed": row.seed,
            "sample_size": row.sample_size, "population": row.population, "sample": row.sample,
            "method": METHOD}


def draw(session: Session, data: DrawIn, by: str | None) -> InspectionDraw:
    population = sorted(str(c) for c in session.scalars(sa.select(CompoundMode.compound_id)))
    if not population:
        raise Conflict("no compound has a management mode on file yet", "尚无登记管理模式的小区",
                       field="sampleSize")
    seed = data.seed or secrets.token_hex(8)
    size = min(data.sample_size, len(population))
    row = InspectionDraw(year=data.year, month=data.month, seed=seed, sample_size=size,
                         population=population, sample=draw_sample(seed, population, size), drawn_by=by)
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:
        raise Conflict(f"{data.year}-{data.month:02d} has been drawn already", f"{data.year}年{data.month}月已抽签",
                       field="month") from None
    return row


def get_draw(session: Session, draw_id: uuid.UUID, field: str = "drawId") -> InspectionDraw:
    row = session.get(InspectionDraw, (session.info["tenant"], draw_id))
    if row is None:
        raise NotFound("inspection draw", "抽查抽签", draw_id, field=field)
    return row


def rerun(row: InspectionDraw) -> bool:
    """Recompute the sample from the stored seed and population."""
    return draw_sample(row.seed, row.population, row.sample_size) == row.sample


def inspection_out(row: Inspection, findings: list[InspectionFinding] | None = None) -> InspectionOut:
    return {"id": str(row.id), "draw_id": str(row.draw_id), "compound_id": str(row.compound_id),
            "company_id": str(row.company_id) if row.company_id else None,
            "inspected_on": row.inspected_on.isoformat(), "inspector": row.inspector, "checks": row.checks,
            "score": row.score, "max_score": row.max_score,
            "findings": sum(1 for c in row.checks if c.get("finding")),
            "rectifications": [{"item": f.item, "finding": f.text, "case_id": str(f.case_id) if f.case_id else None,
                                "rectified": f.rectified} for f in findings or []]}


def record(session: Session, data: InspectionIn, by: str | None) -> Inspection:
    drawn = get_draw(session, data.draw_id)
    if str(data.compound_id) not in drawn.sample:
        raise Conflict("the compound is not in this month's sample", "该小区不在本月抽查样本中",
                       field="compoundId")
    seen = set()
    for n, check in enumerate(data.checks):
        if check.item not in MAX:
            raise invalid(f"checks.{n}.item", f"{check.item} is not on the checklist", f"{check.item} 不在检查清单中")
        if check.item in seen:
            raise invalid(f"checks.{n}.item", f"{check.item} is scored twice", f"{check.item} 重复评分")
        if check.score > MAX[check.item]:
            raise invalid(f"checks.{n}.score", f"at most {MAX[check.item]}", f"最高 {MAX[check.item]} 分")
        seen.add(check.item)
    missing = [item for item in MAX if item not in seen]
    if missing:
        raise invalid("checks", f"items not scored: {', '.join(missing)}", f"未评分的项目：{'、'.join(missing)}")
    mode = mode_of(session, data.compound_id)
    company_id = mode.company_id if mode is not None and mode.mode == "company" else None
    row = Inspection(draw_id=drawn.id, compound_id=data.compound_id, company_id=company_id,
                     inspected_on=data.inspected_on, inspector=data.inspector,
                     checks=[c.model_dump() for c in data.checks],
                     score=sum(c.score for c in data.checks), max_score=sum(MAX.values()))
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:
        raise Conflict("this compound has been inspected in this draw", "该小区本月已检查", field="compoundId") from None
    for check in data.checks:
        if check.finding:
            session.add(InspectionFinding(inspection_id=row.id, compound_id=row.compound_id, company_id=company_id,
                                          item=check.item, text=check.finding))
    if company_id is not None:
        findings = sum(1 for c in data.checks if c.finding)
        append_credit(session, get_company(session, company_id), "inspection",
                      f"{drawn.year}-{drawn.month:02d} inspection of {mode.compound_name}: "
                      f"{row.score}/{row.max_score}, {findings} finding(s)（月度抽查）",
                      score=row.score, source_id=row.id, by=by)
    return row


def month(session: Session, year: int, month_: int, visible=None) -> tuple[InspectionDraw | None, list[Inspection]]:
    """The month's draw (public: seed, population, sample) and its inspections in the caller's scope."""
    row = session.scalar(sa.select(InspectionDraw).where(InspectionDraw.year == year,
                                                         InspectionDraw.month == month_))
    if row is None:
        return None, []
    in_scope = visible.compound(Inspection.compound_id) if visible is not None else sa.true()
    return row, list(session.scalars(sa.select(Inspection).where(Inspection.draw_id == row.id, in_scope)
                                     .order_by(Inspection.inspected_on)))


def get_inspection(session: Session, inspection_id: uuid.UUID) -> Inspection:
    row = session.get(Inspection, (session.info["tenant"], inspection_id))
    if row is None:
        raise NotFound("inspection", "抽查记录", inspection_id, field="inspectionId")
    return row
