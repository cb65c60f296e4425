"""一述双评: once a year a committee's chair reports on the committee's work (述职), and the
community and the compound party branch each grade it once (双评). Grades are final once given."""
from __future__ import annotations

import uuid

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from services.property.committees import get_committee
from services.property.community_models import ChairReview
from shared.contracts.property import ChairGradeIn, ChairReportIn, ChairReviewOut
from shared.errors import Conflict, NotFound


def review_out(row: ChairReview) -> ChairReviewOut:
    return {"id": str(row.id), "committee_id": str(row.committee_id), "year": row.year, "report": row.report,
            "reported_at": row.reported_at.isoformat(), "community_grade": row.community_grade,
            "community_comment": row.community_comment, "branch_grade": row.branch_grade,
            "branch_comment": row.branch_comment}


def submit_report(session: Session, data: ChairReportIn) -> ChairReview:
    get_committee(session, data.committee_id)
    row = ChairReview(committee_id=data.committee_id, year=data.year, report=data.report)
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:
        raise Conflict(f"the chair has reported for {data.year} already", f"主任已完成 {data.year} 年度述职",
                       field="year") from None
    return row


def grade(session: Session, data: ChairGradeIn) -> ChairReview:
    get_committee(session, data.committee_id)
    row = session.scalar(sa.select(ChairReview).where(ChairReview.committee_id == data.committee_id,
                                                      ChairReview.year == data.year))
    if row is None:
        raise NotFound("chair report", "主任述职", f"{data.committee_id}/{data.year}", field="year")
    if getattr(row, f"{data.by}_grade") is not None:
        raise Conflict(f"the {data.by} has graded this report already", "该方已评议，评议结果不可更改", field="by")
    setattr(row, f"{data.by}_grade", data.grade)
    setattr(row, f"{data.by}_comment", data.comment)
    session.flush()
    return row


def of_committee(session: Session, committee_id: uuid.UUID) -> list[ChairReview]:
    return list(session.scalars(sa.select(ChairReview).where(ChairReview.committee_id == committee_id)
                                .order_by(ChairReview.year)))
