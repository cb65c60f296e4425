"""Community-side tables of the property service: satisfaction surveys, three-party meetings and
一述双评 (registered on :data:`services.property.models.Base`)."""
from __future__ import annotations

import uuid
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from services.property.models import Base, _ref
from shared.db import TenantScoped, utcnow


class SatisfactionSurvey(TenantScoped, Base):
    """A quarterly resident satisfaction survey of one compound (季度满意度测评); the managing
    company is fixed when the survey opens."""

    __tablename__ = "satisfaction_surveys"
    compound_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    compound_name: Mapped[str] = mapped_column(sa.String(64))
    company_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid)
    year: Mapped[int] = mapped_column()
    quarter: Mapped[int] = mapped_column()
    opened_at: Mapped[datetime] = mapped_column(default=utcnow)
    __table_args__ = (sa.UniqueConstraint("tenant_id", "compound_id", "year", "quarter"),)

class SurveyAnswer(TenantScoped, Base):
    """One household's answer; a second answer from the same household is refused."""

    __tablename__ = "survey_answers"
    survey_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    household: Mapped[str] = mapped_column(sa.String(64))
    rating: Mapped[str] = mapped_column(sa.String(24))
    comment: Mapped[str | None] = mapped_column(sa.String(500))
    answered_at: Mapped[datetime] = mapped_column(default=utcnow)
    __table_args__ = (_ref("survey_id", "satisfaction_surveys"),
                      sa.UniqueConstraint("tenant_id", "survey_id", "household"))

class ThreePartyMeeting(TenantScoped, Base):
    """A weekly three-party meeting (三联办) of a community: party org, property company, owners'
    committee; the property cases discussed and those settled."""

    __tablename__ = "three_party_meetings"
    community_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    community_name: Mapped[str] = mapped_column(sa.String(64))
    held_on: Mapped[date] = mapped_column(sa.Date)
    attendees: Mapped[list] = mapped_column(sa.JSON)
    discussed: Mapped[list] = mapped_column(sa.JSON)
    settled: Mapped[list] = mapped_column(sa.JSON)
    decisions: Mapped[list] = mapped_column(sa.JSON)
    __table_args__ = (sa.Index("ix_three_party_meetings_tenant_held", "tenant_id", "held_on"),)

class ChairReview(TenantScoped, Base):
    """一述双评: the committee chair's yearly report, evaluated by the community and by the
    compound party branch."""

    __tablename__ = "chair_reviews"
    committee_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    year: Mapped[int] = mapped_column()
    report: Mapped[str] = mapped_column(sa.Text)
    reported_at: Mapped[datetime] = mapped_column(default=utcnow)
    community_grade: Mapped[str | None] = mapped_column(sa.String(16))
    community_comment: Mapped[str | None] = mapped_column(sa.String(500))
    branch_grade: Mapped[str | None] = mapped_column(sa.String(16))
    branch_comment: Mapped[str | None] = mapped_column(sa.String(500))
    __table_args__ = (_ref("committee_id", "committees"), sa.UniqueConstraint("tenant_id", "committee_id", "year"))


class CompoundPlace(TenantScoped, Base):
    """Where a compound lies (street and community), as the grid service answered when property
    last validated the compound; the data scope of community and street staff is checked against
    it (a compound moves between communities rarely, and every write naming it refreshes it)."""

    __tablename__ = "compound_places"
    compound_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    name: Mapped[str] = mapped_column(sa.String(64))
    street_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    community_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    checked_at: Mapped[datetime] = mapped_column(default=utcnow)
    __table_args__ = (sa.UniqueConstraint("tenant_id", "compound_id"),
                      sa.Index("ix_compound_places_tenant_community", "tenant_id", "community_id"))
