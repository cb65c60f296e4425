"""The big party committee (社区"大党委", model "1+1+X+N") and the street's big working committee
(大工委): the community secretary (1), a county leader as first secretary (1), X stationed agencies
and institutions and N firms and social organizations as member units, part-time members
(兼职委员) — department deputies on a street's committee — each leading 1–2 projects a year."""
from __future__ import annotations

import uuid
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Session

from services.organization.models import CommitteeProject, MemberUnit, Officer, Org
from services.organization.officers import officer_out
from services.organization.org_types import TYPE_ZH
from services.organization.tree import TypeNotAllowed, get_org
from shared.contracts.organization import (
    BigCommitteeOut, MemberUnitIn, ProgressIn, ProjectIn, ProjectOut,
)
from shared.errors import Conflict, NotFound

COMMITTEES = ("community_committee", "community_general_branch", "street_working_committee")
STATIONED = ("agency", "school", "hospital", "state_firm")           # X: 驻区单位
OTHER = ("private_firm", "social_org", "property_company")           # N: 非公企业、社会组织
PROJECTS_PER_YEAR = 2


def _committee(session: Session, committee_id: uuid.UUID, field: str) -> Org:
    org = get_org(session, committee_id, field)
    if org.type not in COMMITTEES:
        raise TypeNotAllowed(f"a {org.type} has no big committee", f"{TYPE_ZH[org.type]}不设大党委/大工委", field=field)
    return org


def add_member_unit(session: Session, data: MemberUnitIn) -> MemberUnit:
    _committee(session, data.committee_id, "committeeId")
    unit = get_org(session, data.unit_org_id, "unitOrgId")
    if unit.type not in STATIONED + OTHER:
        raise TypeNotAllowed(f"a {unit.type} is not a unit", f"{TYPE_ZH[unit.type]}不是驻区单位", field="unitOrgId")
    if session.scalar(sa.select(MemberUnit.id).where(MemberUnit.committee_id == data.committee_id,
                                                     MemberUnit.unit_org_id == unit.id)):
        raise Conflict(f"{unit.name} is already a member unit", f"“{unit.name}”已是成员单位", field="unitOrgId")
    row = MemberUnit(committee_id=data.committee_id, unit_org_id=unit.id, joined_on=data.joined_on,
                     category="X" if unit.type in STATIONED else "N")
    session.add(row)
    session.flush()
    return row


def add_project(session: Session, data: ProjectIn) -> CommitteeProject:
    officer = session.get(Officer, (session.info["tenant"], data.officer_id))
    if officer is None or officer.role != "part_time_member":
        raise NotFound("part-time committee member", "兼职委员", data.officer_id, field="officerId")
    _committee(session, officer.org_id, "officerId")
    led = session.scalar(sa.select(sa.func.count()).select_from(CommitteeProject).where(
        CommitteeProject.officer_id == officer.id, CommitteeProject.year == data.year))
    if led >= PROJECTS_PER_YEAR:
        raise Conflict(f"{officer.name} already leads {led} projects in {data.year}",
                       f"{officer.name}{data.year}年已领办 {led} 个项目", field="officerId")
    row = CommitteeProject(committee_id=officer.org_id, officer_id=officer.id, year=data.year, title=data.title)
    session.add(row)
    session.flush()
    return row


def update_progress(session: Session, data: ProgressIn) -> CommitteeProject:
    row = session.get(CommitteeProject, (session.info["tenant"], data.project_id))
    if row is None:
        raise NotFound("project", "项目", data.project_id, field="projectId")
    row.progress, row.note = data.progress, data.note
    session.flush()
    return row


def project_out(session: Session, row: CommitteeProject) -> ProjectOut:
    officer = session.get(Officer, (row.tenant_id, row.officer_id))
    return {"id": str(row.id), "committee_id": str(row.committee_id), "officer_id": str(row.officer_id),
            "officer_name": officer.name, "year": row.year, "title": row.title, "progress": row.progress,
            "note": row.note}


def composition(session: Session, committee_id: uuid.UUID, year: int, today: date) -> BigCommitteeOut:
    _committee(session, committee_id, "committeeId")
    serving = session.scalars(sa.select(Officer).where(
        Officer.org_id == committee_id, Officer.term_start <= today,
        sa.or_(Officer.term_end.is_(None), Officer.term_end >= today)).order_by(Officer.name)).all()
    units = session.execute(sa.select(MemberUnit, Org).join(Org, sa.and_(
        Org.tenant_id == MemberUnit.tenant_id, Org.id == MemberUnit.unit_org_id)).where(
        MemberUnit.committee_id == committee_id, Org.status == "active").order_by(Org.name)).all()
    listed = [{"unit_org_id": str(o.id), "name": o.name, "type": o.type, "category": u.category,
               "joined_on": u.joined_on.isoformat()} for u, o in units]
    x = [u for u in listed if u["category"] == "X"]
    n = [u for u in listed if u["category"] == "N"]
    head = {role: next((o.name for o in serving if o.role == role), None) for role in ("secretary", "first_secretary")}
    projects = session.scalars(sa.select(CommitteeProject).where(
        CommitteeProject.committee_id == committee_id, CommitteeProject.year == year)
        .order_by(CommitteeProject.title)).all()
    return {"committee_id": str(committee_id),
            "formula": f"{int(bool(head['secretary']))}+{int(bool(head['first_secretary']))}+{len(x)}+{len(n)}",
            "secretary": head["secretary"], "first_secretary": head["first_secretary"],
            "part_time_members": [officer_out(o) for o in serving if o.role == "part_time_member"],
            "stationed_units": x, "other_units": n, "projects": [project_out(session, p) for p in projects]}
