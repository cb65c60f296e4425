"""The party member roster (党员名册): personal data encrypted, found by blind index, masked by
default; an unmasked read writes ``member_access_audit`` rows; transfers keep their history."""
from __future__ import annotations

import uuid

import sqlalchemy as sa
from sqlalchemy.orm import Session

from services.organization.models import Member, MemberAccessAudit, MemberTransfer
from services.organization.tree import PLACES, get_org
from shared import personal_data as pd
from shared.contracts.organization import (
    MEMBER_TRANSFERRED, MemberIn, MemberOut, MemberPersonalOut, TransferIn, TransferOut,
)
from shared.errors import Conflict, NotFound
from shared.principal import Principal
from shared.scope import scope_clause


def member_out(m: Member) -> MemberOut:
    return {"id": str(m.id), "org_id": str(m.org_id), "name": m.name,
            "id_number_masked": m.id_number_masked, "phone_masked": m.phone_masked,
            "join_date": m.join_date.isoformat(), "status": m.status, "employer_unit": m.employer_unit,
            "in_service": m.in_service,
            "residence_community_id": str(m.residence_community_id) if m.residence_community_id else None}


def transfer_out(t: MemberTransfer) -> TransferOut:
    return {"id": str(t.id), "member_id": str(t.member_id), "from_org_id": str(t.from_org_id),
            "to_org_id": str(t.to_org_id), "reason": t.reason, "actor": t.actor, "at": t.at.isoformat()}


def visible(principal: Principal | None):
    return scope_clause(principal, street=Member.street_id, community=Member.community_id,
                        grid=Member.grid_id)


def get_member(session: Session, principal: Principal | None, member_id: uuid.UUID, field: str) -> Member:
    member = session.scalar(sa.select(Member).where(Member.id == member_id, visible(principal)))
    if member is None:
        raise NotFound("party member", "党员", member_id, field=field)
    return member


def existing_member_ids(session: Session, ids: list[uuid.UUID]) -> list[uuid.UUID]:
    """The ids among ``ids`` that are members of the session's county."""
    return list(session.scalars(sa.select(Member.id).where(Member.id.in_(ids)))) if ids else []


def add_member(session: Session, data: MemberIn) -> Member:
    org = get_org(session, data.org_id, "orgId")
    tenant = session.info["tenant"]
    index = pd.blind_index(tenant, data.id_number)
    if session.scalar(sa.select(Member.id).where(Member.id_number_index == index)) is not None:
        raise Conflict("a member with this ID number is already on the roster",
                       "该身份证号的党员已在名册中", field="idNumber")
    member = Member(org_id=org.id, name=data.name, id_number_enc=pd.encrypt(tenant, pd.normalize(data.id_number)),
                    id_number_index=index, id_number_masked=pd.mask_id_number(data.id_number),
                    phone_enc=pd.encrypt(tenant, data.phone) if data.phone else None,
                    phone_masked=pd.mask_phone(data.phone) if data.phone else None,
                    join_date=data.join_date, status=data.status, employer_unit=data.employer_unit,
                    in_service=data.in_service, residence_community_id=data.residence_community_id,
                    **{place: getattr(org, place) for place in PLACES})
    session.add(member)
    session.flush()
    return member


def list_members(session: Session, principal: Principal | None, *, org_id: uuid.UUID | None,
                 limit: int, after: uuid.UUID | None) -> list[Member]:
    query = sa.select(Member).where(visible(principal)).order_by(Member.id).limit(limit)
    if org_id is not None:
        query = query.where(Member.org_id == org_id)
    if after is not None:
        query = query.where(Member.id > after)
    return list(session.scalars(query))


def members_by_name(session: Session, principal: Principal | None, *, org_id: uuid.UUID | None, limit: int,
                    after: tuple[str, uuid.UUID] | None) -> list[Member]:
    """Members in scope by name then id (cursor ``<name>|<id>``), ``limit`` of them after ``after``."""
    query = sa.select(Member).where(visible(principal)).order_by(Member.name, Member.id).limit(limit)
    if org_id is not None:
        query = query.where(Member.org_id == org_id)
    if after is not None:
        name, ident = after
        query = query.where(sa.or_(Member.name > name, sa.and_(Member.name == name, Member.id > ident)))
    return list(session.scalars(query))


def find_by_id_number(session: Session, principal: Principal | None, id_number: str) -> Member | None:
    """Exact search without decrypting anything: the blind index of the value."""
    index = pd.blind_index(session.info["tenant"], id_number)
    return session.scalar(sa.select(Member).where(Member.id_number_index == index, visible(principal)))


def reveal(session: Session, principal: Principal, member_id: uuid.UUID, reason: str) -> MemberPersonalOut:
    """The unmasked ID number and phone, with one audit row per field in the same transaction."""
    member = get_member(session, principal, member_id, "memberId")
    tenant = session.info["tenant"]
    fields = ["id_number"] + (["phone"] if member.phone_enc else [])
    for field in fields:
        session.add(MemberAccessAudit(member_id=member.id, subject=principal.subject, field=field,
                                      reason=reason))
    session.flush()
    return {"member_id": str(member.id), "id_number": pd.decrypt(tenant, member.id_number_enc),
            "phone": pd.decrypt(tenant, member.phone_enc) if member.phone_enc else None}


def transfer(session: Session, record, principal: Principal | None, data: TransferIn,
             actor: str | None) -> MemberTransfer:
    member = get_member(session, principal, data.member_id, "memberId")
    target = get_org(session, data.to_org_id, "toOrgId")
    if target.id == member.org_id:
        raise Conflict("the member already belongs to this organization", "该党员已在此党组织",
                       field="toOrgId")
    row = MemberTransfer(member_id=member.id, from_org_id=member.org_id, to_org_id=target.id,
                         reason=data.reason, actor=actor)
    member.org_id = target.id
    for place in PLACES:
        setattr(member, place, getattr(target, place))
    session.add(row)
    session.flush()
    record(session, MEMBER_TRANSFERRED, {"version": 1, "member_id": str(member.id),
                                         "from_org_id": str(row.from_org_id),
                                         "to_org_id": str(row.to_org_id), "at": row.at.isoformat()})
    return row


def transfers(session: Session, member_id: uuid.UUID) -> list[MemberTransfer]:
    return list(session.scalars(sa.select(MemberTransfer).where(MemberTransfer.member_id == member_id)
                                .order_by(MemberTransfer.at)))
