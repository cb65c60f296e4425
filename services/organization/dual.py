"""Dual registration (双报到): an in-service member reports to the community where they live, and a
unit's party org pairs with a community; both show identity, duties and pledges ("三亮")."""
from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from services.organization.models import Org, Registration
from services.organization.org_types import UNIT_TYPES
from services.organization.roster import get_member
from services.organization.tree import TypeNotAllowed, get_org
from shared.contracts.organization import MEMBER_REGISTERED, PairingIn, RegistrationIn, RegistrationOut
from shared.errors import Conflict, ValidationFailed
from shared.principal import Principal
from shared.scope import scope_clause


def registration_out(r: Registration) -> RegistrationOut:
    return {"id": str(r.id), "kind": r.kind, "member_id": str(r.member_id) if r.member_id else None,
            "org_id": str(r.org_id), "community_id": str(r.community_id), "duties": r.duties,
            "pledge": r.pledge, "registered_at": r.registered_at.isoformat()}


def _street_of(session: Session, community_id: uuid.UUID) -> uuid.UUID | None:
    """The street of a community, as the org tree knows it (its community org's place)."""
    return session.scalar(sa.select(Org.street_id).where(Org.community_id == community_id,
                                                         Org.street_id.is_not(None)).limit(1))


def _exists(session: Session, **match) -> bool:
    return session.scalar(sa.select(Registration.id).filter_by(**match).limit(1)) is not None


def register_member(session: Session, record, principal: Principal | None, data: RegistrationIn) -> Registration:
    member = get_member(session, principal, data.member_id, "memberId")
    if not member.in_service:
        raise Conflict("only in-service members register with their residence community",
                       "只有在职党员需要到居住地社区报到", field="memberId")
    community = data.community_id or member.residence_community_id
    if community is None:
        raise ValidationFailed([{"field": "communityId", "message": "communityId: the member has no "
                                 "residence community; name one", "message_zh": "communityId：该党员无居住地社区，请指定"}])
    if _exists(session, kind="member", member_id=member.id, community_id=community):
        raise Conflict("the member is already registered with this community", "该党员已到此社区报到",
                       field="communityId")
    row = Registration(kind="member", member_id=member.id, org_id=member.org_id, community_id=community,
                       street_id=_street_of(session, community), duties=data.duties, pledge=data.pledge)
    session.add(row)
    session.flush()
    record(session, MEMBER_REGISTERED, {
        "version": 1, "member_id": str(member.id), "member_name": member.name, "org_id": str(member.org_id),
        "community_id": str(community), "employer_unit": member.employer_unit,
        "registered_at": row.registered_at.isoformat(),
        "street_id": str(row.street_id) if row.street_id else None})
    return row


def pair_unit(session: Session, data: PairingIn) -> Registration:
    org = get_org(session, data.org_id, "orgId")
    if org.type not in UNIT_TYPES:
        raise TypeNotAllowed(f"only units' party orgs pair with a community, not a {org.type}",
                             "只有驻区单位党组织可与社区结对", field="orgId")
    if _exists(session, kind="unit", org_id=org.id, community_id=data.community_id):
        raise Conflict("this unit is already paired with the community", "该单位已与此社区结对",
                       field="communityId")
    row = Registration(kind="unit", org_id=org.id, community_id=data.community_id,
                       street_id=_street_of(session, data.community_id), pledge=data.pledge)
    session.add(row)
    session.flush()
    return row


def registrations(session: Session, principal: Principal | None, *, community_id: uuid.UUID | None = None,
                  member_id: uuid.UUID | None = None, org_id: uuid.UUID | None = None, limit: int | None = None,
                  after: tuple[datetime, uuid.UUID] | None = None) -> list[Registration]:
    """Registrations in scope, oldest first; with ``limit``, a page newest first, then by id
    descending (cursor ``<registered_at>|<id>``), after ``after``."""
    query = sa.select(Registration).where(scope_clause(
        principal, street=Registration.street_id, community=Registration.community_id))
    for column, value in ((Registration.community_id, community_id), (Registration.member_id, member_id),
                          (Registration.org_id, org_id)):
        if value is not None:
            query = query.where(column == value)
    if limit is None:
        return list(session.scalars(query.order_by(Registration.registered_at)))
    if after is not None:
        moment, ident = after
        query = query.where(sa.or_(Registration.registered_at < moment, sa.and_(
            Registration.registered_at == moment, Registration.id < ident)))
    return list(session.scalars(query.order_by(Registration.registered_at.desc(), Registration.id.desc())
                                .limit(limit)))
