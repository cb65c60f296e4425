"""A company's year in figures, shown beside its evaluation scores (not part of the 4:4:2
composite): average monthly-inspection score (as % of the maximum), resident satisfaction rate
over the year's surveys, and property cases reported against it in the year."""
from __future__ import annotations

import uuid
from datetime import datetime, timezone

import sqlalchemy as sa
from sqlalchemy.orm import Session

from services.property.community_models import SatisfactionSurvey, SurveyAnswer
from services.property.oversight_models import Inspection, InspectionDraw, PropertyCase


def company_figures(session: Session, company_ids: list[uuid.UUID], year: int) -> dict[uuid.UUID, dict]:
    out = {i: {"inspection_average": None, "satisfaction_rate": None, "complaints": 0} for i in company_ids}
    inspections = session.execute(
        sa.select(Inspection.company_id, sa.func.sum(Inspection.score), sa.func.sum(Inspection.max_score))
        .join(InspectionDraw, InspectionDraw.id == Inspection.draw_id)
        .where(Inspection.company_id.in_(company_ids), InspectionDraw.year == year)
        .group_by(Inspection.company_id))
    for company_id, score, top in inspections:
        out[company_id]["inspection_average"] = round(100 * score / top, 2) if top else None
    good = sa.func.sum(sa.case((SurveyAnswer.rating.in_(("satisfied", "basically_satisfied")), 1), else_=0))
    surveys = session.execute(
        sa.select(SatisfactionSurvey.company_id, good, sa.func.count())
        .join(SurveyAnswer, SurveyAnswer.survey_id == SatisfactionSurvey.id)
        .where(SatisfactionSurvey.company_id.in_(company_ids), SatisfactionSurvey.year == year)
        .group_by(SatisfactionSurvey.company_id))
    for company_id, satisfied, answers in surveys:
        out[company_id]["satisfaction_rate"] = round(satisfied / answers, 4) if answers else None
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
