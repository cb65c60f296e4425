"""Members' service records (服务记录) from other services' events, and the per-unit report a unit
gets back about its in-service members (双报到: what each did in the community where they live).

Sources: dispatch's ``case.resolved`` (``case``, the handlers), ``wish.fulfilled`` (``wish``) and
``order.completed`` (``order``, the helpers), and volunteer's ``hours.confirmed`` (``activity``,
with the confirmed hours). A record is unique per member and source, and each consumer applies
an event once (inbox), so redelivery never counts a service twice."""
from __future__ import annotations

import uuid
from datetime import datetime, timezone

import sqlalchemy as sa
from sqlalchemy.orm import Session

from services.organization.models import Member, Org, Registration, ServiceRecord
from services.organization.tree import get_org
from shared.contracts.dispatch import CaseResolved, OrderCompleted, WishFulfilled
from shared.contracts.organization import ServiceRecordOut, UnitReportOut
from shared.contracts.volunteer import HoursConfirmed
from shared.principal import Principal
from shared.scope import scope_clause


def record_out(r: ServiceRecord) -> ServiceRecordOut:
    return {"id": str(r.id), "member_id": str(r.member_id), "source": r.source, "source_id": r.source_id, "detail": r.detail,
            "at": r.at.isoformat(), "hours": r.hours}


def _member_ids(values) -> list[uuid.UUID]:
    """Roster ids as UUIDs; anything else cannot be on this roster and is skipped."""
    out = []
    for value in values:
        try:
            out.append(uuid.UUID(str(value)))
        except ValueError:
            continue
    return out


def add_records(session: Session, *, source: str, source_id: str, member_ids, detail: str,
                at: datetime, hours: float | None = None) -> int:
    """One service record per member on this county's roster, once per (member, source); returns
    how many of ``member_ids`` are on the roster."""
    ids = _member_ids(member_ids)
    if not ids:
        return 0
    known = session.scalars(sa.select(Member.id).where(Member.id.in_(ids))).all()
    for member_id in known:
        exists = session.scalar(sa.select(ServiceRecord.id).where(
            ServiceRecord.member_id == member_id, ServiceRecord.source == source,
            ServiceRecord.source_id == source_id))
        if exists is None:
            session.add(ServiceRecord(member_id=member_id, source=source, source_id=source_id,
                                      detail=detail[:64], at=at, hours=hours))
    session.flush()
    return len(known)


def case_resolved(session: Session, event: CaseResolved) -> int:
    """A service record per handler who is on this county's roster; returns how many were added."""
    return add_records(session, source="case", source_id=str(event.case_id),
                       member_ids=event.handler_member_ids, detail=event.category,
                       at=datetime.fromisoformat(event.at))


def wish_fulfilled(session: Session, event: WishFulfilled) -> int:
    return add_records(session, source="wish", source_id=str(event.wish_id),
                       member_ids=event.helper_member_ids, detail="微心愿",
                       at=datetime.fromisoformat(event.at))


def order_completed(session: Session, event: OrderCompleted) -> int:
    return add_records(session, source="order", source_id=str(event.order_id),
                       member_ids=event.helper_member_ids, detail="三单服务",
                       at=datetime.fromisoformat(event.at))


def hours_confirmed(session: Session, event: HoursConfirmed) -> int:
    """Volunteer hours confirmed for a party member (``member_id`` is the roster id)."""
    if event.member_id is None:
        return 0
    return add_records(session, source="activity", source_id=str(event.signup_id),
                       member_ids=[event.member_id], detail=event.activity_title,
                       at=datetime.fromisoformat(event.starts_at), hours=event.hours)


def records_of(session: Session, member_id: uuid.UUID) -> list[ServiceRecord]:
    return list(session.scalars(sa.select(ServiceRecord).where(ServiceRecord.member_id == member_id)
                                .order_by(ServiceRecord.at)))


def records_page(session: Session, member_id: uuid.UUID, *, limit: int,
                 after: tuple[datetime, uuid.UUID] | None) -> list[ServiceRecord]:
    """A member's records newest first, then by id descending (cursor ``<at>|<id>``), ``limit``
    of them after ``after``."""
    query = (sa.select(ServiceRecord).where(ServiceRecord.member_id == member_id)
             .order_by(ServiceRecord.at.desc(), ServiceRecord.id.desc()).limit(limit))
    if after is not None:
        moment, ident = after
        query = query.where(sa.or_(ServiceRecord.at < moment,
                                   sa.and_(ServiceRecord.at == moment, ServiceRecord.id < ident)))
    return list(session.scalars(query))


def unit_report(session: Session, principal: Principal | None, org_id: uuid.UUID, year: int) -> UnitReportOut:
    """Members of the unit's org and its sub-orgs: where they registered and how often they served."""
    org = get_org(session, org_id, "orgId", active=False)
    start = datetime(year, 1, 1, tzinfo=timezone.utc)
    end = datetime(year + 1, 1, 1, tzinfo=timezone.utc)
    services = (sa.select(ServiceRecord.member_id, sa.func.count().label("n"))
                .where(ServiceRecord.at >= start, ServiceRecord.at < end)
                .group_by(ServiceRecord.member_id).subquery())
    registered = (sa.select(Registration.member_id, sa.func.min(sa.cast(Registration.community_id, sa.String))
                            .label("community")).where(Registration.kind == "member")
                  .group_by(Registration.member_id).subquery())
    rows = session.execute(
        sa.select(Member.id, Member.name, registered.c.community, sa.func.coalesce(services.c.n, 0))
        .join(Org, sa.and_(Org.tenant_id == Member.tenant_id, Org.id == Member.org_id))
        .outerjoin(services, services.c.member_id == Member.id)
        .outerjoin(registered, registered.c.member_id == Member.id)
        .where(Org.path.startswith(org.path),
               scope_clause(principal, street=Member.street_id, community=Member.community_id, grid=Member.grid_id))
        .order_by(Member.name, Member.id)).all()
    lines = [{"member_id": str(m), "name": name, "registered_community_id": str(uuid.UUID(c)) if c else None,
              "services": n} for m, name, c, n in rows]
    return {"org_id": str(org.id), "year": year, "members": lines,
            "registered": sum(1 for line in lines if line["registered_community_id"]),
            "services": sum(line["services"] for line in lines)}
