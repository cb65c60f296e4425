"""Oversight tables of the property service: monthly inspection draws and inspections, the
yearly evaluation and its scores (registered on :data:`services.property.models.Base`)."""
from __future__ import annotations

import uuid
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from services.property.models import Base, _ref
from shared.db import TenantScoped, utcnow


class InspectionDraw(TenantScoped, Base):
    """The month's random sample (月度随机抽查): seed, population and sample kept for re-checking."""

    __tablename__ = "inspection_draws"
    year: Mapped[int] = mapped_column()
    month: Mapped[int] = mapped_column()
    seed: Mapped[str] = mapped_column(sa.String(64))
    sample_size: Mapped[int] = mapped_column()
    population: Mapped[list] = mapped_column(sa.JSON)
    sample: Mapped[list] = mapped_column(sa.JSON)
    drawn_by: Mapped[str | None] = mapped_column(sa.String(64))
    drawn_at: Mapped[datetime] = mapped_column(default=utcnow)
    __table_args__ = (sa.UniqueConstraint("tenant_id", "year", "month"),)


class Inspection(TenantScoped, Base):
    __tablename__ = "inspections"
    draw_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    compound_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    company_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid)
    inspected_on: Mapped[date] = mapped_column(sa.Date)
    inspector: Mapped[str] = mapped_column(sa.String(64))
    checks: Mapped[list] = mapped_column(sa.JSON)
    score: Mapped[int] = mapped_column()
    max_score: Mapped[int] = mapped_column()
    __table_args__ = (_ref("draw_id", "inspection_draws"),
                      sa.UniqueConstraint("tenant_id", "draw_id", "compound_id"))


class Evaluation(TenantScoped, Base):
    """One year's evaluation (年度考评) with its weights, figure shares, complaint deduction and list
    sizes."""

    __tablename__ = "evaluations"
    year: Mapped[int] = mapped_column()
    weight_authority: Mapped[int] = mapped_column()
    weight_party_org: Mapped[int] = mapped_column()
    weight_owners: Mapped[int] = mapped_column()
    red_count: Mapped[int] = mapped_column()
    black_count: Mapped[int] = mapped_column()
    black_below: Mapped[float | None] = mapped_column(sa.Float)
    bar_months: Mapped[int] = mapped_column()
    status: Mapped[str] = mapped_column(sa.String(16), default="open")
    published_on: Mapped[date | None] = mapped_column(sa.Date)
    ranking: Mapped[list | None] = mapped_column(sa.JSON)
    # the indicator set in effect for the year (null: opened before sets existed → the built-in one)
    indicator_set_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid)
    # shares (%) of the year's inspection average and satisfaction rate in the yearly total
    inspection_percent: Mapped[int] = mapped_column(default=0, server_default="0")
    survey_percent: Mapped[int] = mapped_column(default=0, server_default="0")
    # points off the total per property case in the year, and their cap, in hundredths of a point
    # (0 on evaluations opened before the rule existed: their rankings had no deduction)
    complaint_deduction_centi: Mapped[int] = mapped_column(default=0, server_default="0")
    complaint_deduction_cap_centi: Mapped[int] = mapped_column(default=0, server_default="0")
    __table_args__ = (sa.UniqueConstraint("tenant_id", "year"), _ref("indicator_set_id", "indicator_sets"))


class IndicatorSet(TenantScoped, Base):
    """A tenant's evaluation indicator set (考评指标体系), in effect from ``effective_year`` until a
    later set takes over. Never edited once defined, so every evaluation can be recomputed."""

    __tablename__ = "indicator_sets"
    name: Mapped[str] = mapped_column(sa.String(64))
    effective_year: Mapped[int] = mapped_column()
    defined_by: Mapped[str | None] = mapped_column(sa.String(64))
    defined_at: Mapped[datetime] = mapped_column(default=utcnow)
    __table_args__ = (sa.UniqueConstraint("tenant_id", "effective_year"),)


class SetIndicator(TenantScoped, Base):
    """One indicator of a set: ``weight_centi`` is its share of a party's 100 points in hundredths
    (weights of a set sum to 100.00); scorers grade it from 0 to ``max_score``."""

    __tablename__ = "set_indicators"
    set_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    position: Mapped[int] = mapped_column()
    code: Mapped[str] = mapped_column(sa.String(16))
    group: Mapped[str] = mapped_column(sa.String(24))
    name: Mapped[str] = mapped_column(sa.String(64))
    weight_centi: Mapped[int] = mapped_column()
    max_score: Mapped[int] = mapped_column()
    __table_args__ = (_ref("set_id", "indicator_sets"), sa.UniqueConstraint("tenant_id", "set_id", "code"))


class EvaluationScore(TenantScoped, Base):
    """One party's indicator scores for one company; replaced until the year is published."""

    __tablename__ = "evaluation_scores"
    evaluation_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    company_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    party: Mapped[str] = mapped_column(sa.String(16))
    scores: Mapped[dict] = mapped_column(sa.JSON)
    total: Mapped[float] = mapped_column(sa.Float)
    __table_args__ = (_ref("evaluation_id", "evaluations"), _ref("company_id", "companies"),
                      sa.UniqueConstraint("tenant_id", "evaluation_id", "company_id", "party"))


class PropertyCase(TenantScoped, Base):
    """A property case reported through dispatch, counted once against the compound's managing
    company (keyed by the dispatch case id)."""

    __tablename__ = "property_cases"
    case_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    grid_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    compound_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid)
    company_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid)
    category: Mapped[str] = mapped_column(sa.String(40))
    open: Mapped[bool] = mapped_column(default=True)
    reported_at: Mapped[datetime] = mapped_column()
    __table_args__ = (sa.UniqueConstraint("tenant_id", "case_id"),
                      sa.Index("ix_property_cases_tenant_company", "tenant_id", "company_id"))






class InspectionFinding(TenantScoped, Base):
    """A finding of an inspection, filed as a rectification case in dispatch (整改) and followed
    to closure through dispatch's case events."""

    __tablename__ = "inspection_findings"
    inspection_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    compound_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    company_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid)
    item: Mapped[str] = mapped_column(sa.String(32))
    text: Mapped[str] = mapped_column(sa.String(500))
    case_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid)
    rectified: Mapped[bool] = mapped_column(default=False)
    __table_args__ = (_ref("inspection_id", "inspections"),
                      sa.Index("ix_inspection_findings_tenant_case", "tenant_id", "case_id"))
