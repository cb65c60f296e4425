"""Case intake: a validated report becomes a case and a ``case.reported`` event, atomically —
with its exact place, evidence, the routing rule of its category, and likely duplicates. A report
with a client request id (幂等键) is stored once: the same report again answers the first case."""
from __future__ import annotations

import hashlib
import json
import uuid
from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from services.dispatch import closed_loop, evidence, notifications, routing
from services.dispatch.models import Case
from shared.contracts.dispatch import (
    CASE_REPORTED, DUPLICATE_WINDOW_DAYS, OPEN_STATUSES, CaseIn, CaseOut, DuplicateOut,
)
from shared.errors import Conflict, ValidationFailed
from shared.principal import Principal
from shared.scope import scope_clause


def reporter_shown(case: Case, viewer: Principal | None) -> bool:
    """An anonymous reporter is known to the system, hidden from handlers (not from themselves)."""
    return not case.anonymous or (viewer is not None and viewer.subject == case.reporter)


def case_out(case: Case, viewer: Principal | None = None) -> CaseOut:
    def text(value):
        return str(value) if value else None

    return {"id": str(case.id), "grid_id": str(case.grid_id), "category": case.category,
            "description": case.description, "source": case.source, "status": case.status,
            "reported_at": case.reported_at.isoformat(), "level": case.level,
            "due_at": case.due_at.isoformat() if case.due_at else None, "rating": case.rating,
            "handler_member_ids": list(case.handler_member_ids or []),
            "merged_into": text(case.merged_into),
            "supervised": case.supervised_step is not None
            and case.supervised_step == case.deadline_step,
            "compound_id": text(case.compound_id), "building_id": text(case.building_id),
            "longitude": case.longitude, "latitude": case.latitude, "address": case.address,
            "anonymous": bool(case.anonymous),
            "reporter": case.reporter if reporter_shown(case, viewer) else None,
            "routed_department_id": text(case.routed_department_id),
            "routed_department_name": case.routed_department_name}


def compound_of(data: CaseIn, place: dict) -> uuid.UUID | None:
    """The case's compound: the one named, which must be the grid's when the grid has one."""
    grid_compound = uuid.UUID(place["compound_id"]) if place.get("compound_id") else None
    if data.compound_id is not None and grid_compound is not None and data.compound_id != grid_compound:
        raise ValidationFailed([{"field": "compound_id",
                                 "message": "compoundId: not the compound this grid covers",
                                 "message_zh": "compoundId：不是该网格所在的小区"}])
    if data.building_id is not None and (data.compound_id or grid_compound) is None:
        raise ValidationFailed([{"field": "building_id",
                                 "message": "buildingId: name the compound of the building",
                                 "message_zh": "buildingId：请同时填写楼栋所在小区"}])
    return data.compound_id or grid_compound


def check_building(building_id: uuid.UUID | None, buildings: list[dict]) -> None:
    if building_id is not None and str(building_id) not in {b["id"] for b in buildings}:
        raise ValidationFailed([{"field": "building_id",
                                 "message": "buildingId: not a building of the compound",
                                 "message_zh": "buildingId：不是该小区的楼栋"}])


def request_hash(data: CaseIn, reporter: str | None) -> str:
    """What was reported and by whom, to tell a retry from another report under the same key."""
    said = data.model_dump(mode="json", exclude={"client_request_id"})
    return hashlib.sha256(json.dumps([said, reporter], sort_keys=True, ensure_ascii=False)
                          .encode()).hexdigest()


def reported_before(session: Session, data: CaseIn, reporter: str | None) -> Case | None:
    """幂等键: the case stored for this report's client request id, if any; the key used for
    another report (other content or another reporter) is a CONFLICT."""
    if data.client_request_id is None:
        return None
    case = session.scalar(sa.select(Case).where(Case.client_request_id == data.client_request_id))
    if case is not None and case.client_request_hash != request_hash(data, reporter):
        raise Conflict("clientRequestId: already used for a different report; send a new "
                       "clientRequestId for a new report",
                       "clientRequestId：该幂等键已用于另一条上报，新的上报请使用新的幂等键",
                       field="client_request_id")
    return case


def report(session: Session, record_event, data: CaseIn, place: dict, reporter: str | None,
           compound_id: uuid.UUID | None = None) -> Case:
    """Store the case with its place and evidence, route it by its category's rule, and record
    the event in the same transaction; or, for a client request id already stored, answer its
    case and record nothing."""
    earlier = reported_before(session, data, reporter)
    if earlier is not None:
        return earlier
    level, department = routing.start_of(session, data.category)
    case = Case(grid_id=data.grid_id, street_id=uuid.UUID(place["street_id"]),
                community_id=uuid.UUID(place["community_id"]), category=data.category,
                description=data.description, source=data.source, reporter=reporter,
                compound_id=compound_id, building_id=data.building_id,
                longitude=data.point.longitude if data.point else None,
                latitude=data.point.latitude if data.point else None, address=data.address,
                anonymous=data.anonymous, level=level,
                routed_department_id=uuid.UUID(department["id"]) if department else None,
                routed_department_name=department["name"] if department else None,
                client_request_id=data.client_request_id,
                client_request_hash=request_hash(data, reporter) if data.client_request_id else None)
    try:
        with session.begin_nested():
            session.add(case)
            session.flush()
    except IntegrityError:
        # a concurrent delivery of the same report committed first (its savepoint is undone)
        earlier = reported_before(session, data, reporter)
        if earlier is None:
            raise
        return earlier
    details = {"source": data.source}
    if level:
        details["routed_level"] = level
    if department:
        details["routed_department"] = department["name"]
    if data.evidence:
        details["evidence"] = [e.sha256 for e in data.evidence]
    entry = closed_loop.append(session, case, "report", None, reporter, None, details, case.reported_at)
    evidence.attach(session, case, 1, data.evidence, reporter)
    notifications.notify(session, case, entry)  # 消息中心: the handlers of its starting level
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


# ---- likely duplicates (疑似重复) ---------------------------------------------------------------
def likely_duplicates(session: Session, principal: Principal | None, case: Case,
                      limit: int = 10) -> list[Case]:
    """Open cases of the same category at the same compound (the same grid when the case has no
    compound) reported within the window around this one, in the caller's scope."""
    window = timedelta(days=DUPLICATE_WINDOW_DAYS)
    same_place = (Case.compound_id == case.compound_id if case.compound_id is not None
                  else Case.grid_id == case.grid_id)
    return list(session.scalars(
        sa.select(Case).where(Case.category == case.category, same_place, Case.id != case.id,
                              Case.status.in_(OPEN_STATUSES),
                              Case.reported_at >= case.reported_at - window,
                              Case.reported_at <= case.reported_at + window, _visible(principal))
        .order_by(Case.reported_at.desc()).limit(limit)))


def duplicate_out(case: Case) -> DuplicateOut:
    return {"id": str(case.id), "category": case.category, "status": case.status,
            "description": case.description, "reported_at": case.reported_at.isoformat(),
            "grid_id": str(case.grid_id),
            "compound_id": str(case.compound_id) if case.compound_id else None}
