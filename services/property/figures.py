"""A company's year in figures, shown beside its evaluation scores and, with the shares the
evaluation gives them, weighted into its yearly total: the monthly-inspection average (points as %
of the maximum over the year's draws), the resident satisfaction rate over the year's quarterly
surveys (every answer counts once), and property cases reported against it in the year.
:func:`exact_figures` keeps fractions for the total; :func:`company_figures` rounds for display."""
from __future__ import annotations

import uuid
from datetime import datetime, timezone
from fractions import Fraction

import sqlalchemy as sa
from sqlalchemy.orm import Session

from services.property.community_models import SatisfactionSurvey, SurveyAnswer
from services.property.oversight_models import Inspection, InspectionDraw, PropertyCase


def company_figures(session: Session, company_ids: list[uuid.UUID], year: int) -> dict[uuid.UUID, dict]:
    return {i: shown(f) for i, f in exact_figures(session, company_ids, year).items()}


def shown(figures: dict) -> dict:
    inspection, satisfaction = figures["inspection_average"], figures["satisfaction_rate"]
    return {"inspection_average": round(float(inspection), 2) if inspection is not None else None,
            "satisfaction_rate": round(float(satisfaction), 4) if satisfaction is not None else None,
            "complaints": figures["complaints"]}


def exact_figures(session: Session, company_ids: list[uuid.UUID], year: int) -> dict[uuid.UUID, dict]:
    """Per company: inspection average (0–100) and satisfaction rate (0–1) as fractions or None."""
    out = {i: {"inspection_average": None, "satisfaction_rate": None, "complaints": 0} for i in company_ids}
    inspections = session.execute(
        sa.select(Inspection.company_id, sa.func.sum(Inspection.score), sa.func.sum(Inspection.max_score))
        .join(InspectionDraw, InspectionDraw.id == Inspection.draw_id)
        .where(Inspection.company_id.in_(company_ids), InspectionDraw.year == year)
        .group_by(Inspection.company_id))
    for company_id, score, top in inspections:
        out[company_id]["inspection_average"] = Fraction(100 * int(score), int(top)) if top else None
    good = sa.func.sum(sa.case((SurveyAnswer.rating.in_(("satisfied", "basically_satisfied")), 1), else_=0))
    surveys = session.execute(
        sa.select(SatisfactionSurvey.company_id, good, sa.func.count())
        .join(SurveyAnswer, SurveyAnswer.survey_id == SatisfactionSurvey.id)
        .where(SatisfactionSurvey.company_id.in_(company_ids), SatisfactionSurvey.year == year)
        .group_by(SatisfactionSurvey.company_id))
    for company_id, satisfied, answers in surveys:
        out[company_id]["satisfaction_rate"] = Fraction(int(satisfied), int(answers)) if answers else None
    start = datetime(year, 1, 1, tzinfo=timezone.utc)
    end = datetime(year + 1, 1, 1, tzinfo=timezone.utc)
    cases = session.execute(
        sa.select(PropertyCase.company_id, sa.func.count())
        .where(PropertyCase.company_id.in_(company_ids), PropertyCase.reported_at >= start,
               PropertyCase.reported_at < end)
        .group_by(PropertyCase.company_id))
    for company_id, count in cases:
        out[company_id]["complaints"] = count
    return out
