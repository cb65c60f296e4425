"""Quarterly resident satisfaction surveys (季度满意度测评): one answer per household and compound,
aggregated per compound and per managing company. Rate = (satisfied + basically satisfied) / answers."""
from __future__ import annotations

import uuid

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from services.property.management import mode_of
from services.property.models import Company
from services.property.community_models import SatisfactionSurvey, SurveyAnswer
from shared.contracts.property import AnswerIn, SatisfactionOut, SurveyIn
from shared.errors import Conflict, NotFound

RATINGS = ("satisfied", "basically_satisfied", "unsatisfied")


def open_survey(session: Session, data: SurveyIn) -> SatisfactionSurvey:
    mode = mode_of(session, data.compound_id)
    row = SatisfactionSurvey(compound_id=data.compound_id, compound_name=data.compound_name, year=data.year,
                             quarter=data.quarter,
                             company_id=mode.company_id if mode is not None and mode.mode == "company" else None)
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:
        raise Conflict(f"the compound's survey for {data.year} Q{data.quarter} exists already",
                       f"该小区 {data.year} 年第 {data.quarter} 季度测评已存在", field="quarter") from None
    return row


def answer(session: Session, data: AnswerIn, visible=None) -> SurveyAnswer:
    survey = session.get(SatisfactionSurvey, (session.info["tenant"], data.survey_id))
    if survey is None:
        raise NotFound("survey", "满意度测评", data.survey_id, field="surveyId")
    if visible is not None:
        visible.require_compound(session, survey.compound_id, "survey", "满意度测评", data.survey_id, "surveyId")
    row = SurveyAnswer(survey_id=data.survey_id, household=data.household, rating=data.rating,
                       comment=data.comment)
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:
        raise Conflict("this household has answered already", "该户已参与测评", field="household") from None
    return row


def _aggregate(rows, key, names, year: int, quarter: int) -> list[SatisfactionOut]:
    counts: dict = {}
    for k, rating, n in rows:
        counts.setdefault(k, dict.fromkeys(RATINGS, 0))[rating] = n
    out = []
    for k, c in counts.items():
        total = sum(c.values())
        out.append({"id": str(k), "name": names[k], "year": year, "quarter": quarter, "answers": total, **c,
                    "rate": round((c["satisfied"] + c["basically_satisfied"]) / total, 4) if total else None})
    return sorted(out, key=lambda r: (-(r["rate"] or 0), r["name"]))


def by_compound(session: Session, year: int, quarter: int, visible=None) -> list[SatisfactionOut]:
    in_scope = visible.compound(SatisfactionSurvey.compound_id) if visible is not None else sa.true()
    surveys = {s.id: s for s in session.scalars(sa.select(SatisfactionSurvey).where(
        SatisfactionSurvey.year == year, SatisfactionSurvey.quarter == quarter, in_scope))}
    rows = session.execute(sa.select(SurveyAnswer.survey_id, SurveyAnswer.rating, sa.func.count())
                           .where(SurveyAnswer.survey_id.in_(list(surveys)))
                           .group_by(SurveyAnswer.survey_id, SurveyAnswer.rating)).all()
    return _aggregate(rows, "survey", {i: s.compound_name for i, s in surveys.items()}, year, quarter)


def by_company(session: Session, year: int, quarter: int, visible=None) -> list[SatisfactionOut]:
    """Per company over the surveys in the caller's scope."""
    in_scope = visible.compound(SatisfactionSurvey.compound_id) if visible is not None else sa.true()
    rows = session.execute(sa.select(SatisfactionSurvey.company_id, SurveyAnswer.rating, sa.func.count())
                           .join(SurveyAnswer, SurveyAnswer.survey_id == SatisfactionSurvey.id)
                           .where(SatisfactionSurvey.year == year, SatisfactionSurvey.quarter == quarter, in_scope,
                                  SatisfactionSurvey.company_id.is_not(None))
                           .group_by(SatisfactionSurvey.company_id, SurveyAnswer.rating)).all()
    ids: list[uuid.UUID] = list({r[0] for r in rows})
    names = {c.id: c.name for c in session.scalars(sa.select(Company).where(Company.id.in_(ids)))}
    return _aggregate(rows, "company", names, year, quarter)
