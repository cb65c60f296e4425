"""Case intake: a validated report becomes a case and a ``case.reported`` event, atomically."""
from __future__ import annotations

import uuid

import sqlalchemy as sa
from sqlalchemy.orm import Session

from services.dispatch import closed_loop
from services.dispatch.models import Case
from shared.contracts.dispatch import CASE_REPORTED, CaseIn, CaseOut
from shared.principal import Principal
from shared.scope import scope_clause


def case_out(case: Case) -> CaseOut:
    return {"id": str(case.id), "grid_id": str(case.grid_id), "category": case.category,
            "description": case.description, "source": case.source, "status": case.status,
            "reported_at": case.reported_at.isoformat(), "level": case.level,
            "due_at": case.due_at.isoformat() if case.due_at else None, "rating": case.rating,
            "handler_member_ids": list(case.handler_member_ids or []),
            "merged_into": str(case.merged_into) if case.merged_into else None,
            "supervised": case.supervised_step is not None
            and case.supervised_step == case.deadline_step}


def report(session: Session, record_event, data: CaseIn, grid: dict,
           reporter: str | None) -> Case:
    """Store the case with its grid's place and record the event in the same transaction."""
    case = Case(grid_id=data.grid_id, street_id=uuid.UUID(grid["street_id"]),
                community_id=uuid.UUID(grid["community_id"]), category=data.category,
                description=data.description, source=data.source, reporter=reporter)
    session.add(case)
    session.flush()
    closed_loop.append(session, case, "report", None, reporter, None, {"source": data.source},
                       case.reported_at)
    record_event(session, CASE_REPORTED, {"case_id": str(case.id), "grid_id": str(case.grid_id),
                                          "category": case.category,
                                          "reported_at": case.reported_at.isoformat()})
    return case


def _visible(principal: Principal | None):
    return scope_clause(principal, street=Case.street_id, community=Case.community_id,
                        grid=Case.grid_id)


def visible_case(session: Session, principal: Principal | None, case_id: uuid.UUID) -> Case | None:
    return session.scalar(sa.select(Case).where(Case.id == case_id, _visible(principal)))


def visible_cases(session: Session, principal: Principal | None, grid_ids: list[uuid.UUID]):
    return session.scalars(sa.select(Case).where(Case.grid_id.in_(grid_ids), _visible(principal))
                           .order_by(Case.reported_at.desc())).all()
