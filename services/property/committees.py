"""Owners' committees (业委会) and property management committees (物管会): members and terms,
the red-committee check, cross-appointment with the compound party branch (交叉任职), and candidate
review against the tenant's negative list (十不宜)."""
from __future__ import annotations

import uuid
from fractions import Fraction

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from services.property.companies import invalid
from services.property.models import CandidateReview, Committee, CommitteeMember, NegativeItem
from shared import keyset
from shared.contracts.property import (
    CommitteeIn, CommitteeOut, MemberIn, NegativeItemIn, NegativeItemOut, ReviewIn, ReviewOut,
)
from shared.contracts.validation import parse_id
from shared.errors import Conflict, NotFound

RED_SHARE = Fraction(3, 5)  # a red committee: party-member chair and at least 60% party members


def get_committee(session: Session, committee_id: uuid.UUID, field: str = "committeeId") -> Committee:
    row = session.get(Committee, (session.info["tenant"], committee_id))
    if row is None:
        raise NotFound("committee", "业委会/物管会", committee_id, field=field)
    return row


def red_check(members: list[CommitteeMember]) -> tuple[Fraction, bool, bool]:
    """(party share, chair is a party member, is red). Exact fractions: 59% never rounds up."""
    share = Fraction(sum(m.party_member for m in members), len(members)) if members else Fraction(0)
    chair = any(m.role == "chair" and m.party_member for m in members)
    return share, chair, chair and share >= RED_SHARE


def committee_out(row: Committee, members: list[CommitteeMember]) -> CommitteeOut:
    share, chair, red = red_check(members)
    return {"id": str(row.id), "compound_id": str(row.compound_id), "compound_name": row.compound_name,
            "kind": row.kind, "term_starts": row.term_starts.isoformat(),
            "term_ends": row.term_ends.isoformat(), "branch_name": row.branch_name,
            "members": [{"id": str(m.id), "name": m.name, "role": m.role, "party_member": m.party_member,
                         "branch_post": m.branch_post} for m in members],
            "party_share": round(float(share), 4), "chair_is_party_member": chair, "is_red": red,
            "cross_appointed": any(m.branch_post for m in members)}


def members_of(session: Session, ids: list[uuid.UUID]) -> dict[uuid.UUID, list[CommitteeMember]]:
    grouped: dict[uuid.UUID, list[CommitteeMember]] = {i: [] for i in ids}
    for m in session.scalars(sa.select(CommitteeMember).where(CommitteeMember.committee_id.in_(ids))
                             .order_by(CommitteeMember.role, CommitteeMember.name)):
        grouped[m.committee_id].append(m)
    return grouped


def committees_out(session: Session, rows: list[Committee]) -> list[CommitteeOut]:
    members = members_of(session, [r.id for r in rows])
    return [committee_out(r, members[r.id]) for r in rows]


def create(session: Session, data: CommitteeIn) -> Committee:
    if data.term_ends <= data.term_starts:
        raise invalid("termEnds", "the term must end after it starts", "任期结束日期须晚于开始日期")
    row = Committee(compound_id=data.compound_id, compound_name=data.compound_name, kind=data.kind,
                    term_starts=data.term_starts, term_ends=data.term_ends, branch_name=data.branch_name)
    session.add(row)
    session.flush()
    return row


def add_member(session: Session, data: MemberIn) -> CommitteeMember:
    committee = get_committee(session, data.committee_id)
    if data.branch_post and not committee.branch_name:
        raise invalid("branchPost", "name the compound party branch on the committee first",
                      "须先登记小区党支部，才能记录交叉任职")
    if data.role == "chair" and session.scalar(sa.select(CommitteeMember.id).where(
            CommitteeMember.committee_id == committee.id, CommitteeMember.role == "chair")):
        raise Conflict("the committee already has a chair", "该委员会已有主任", field="role")
    row = CommitteeMember(committee_id=committee.id, name=data.name, role=data.role,
                          party_member=data.party_member, branch_post=data.branch_post)
    session.add(row)
    session.flush()
    return row


def item_out(row: NegativeItem) -> NegativeItemOut:
    return {"id": str(row.id), "code": row.code, "text": row.text}


def define_item(session: Session, data: NegativeItemIn) -> NegativeItem:
    row = NegativeItem(code=data.code, text=data.text)
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:
        raise Conflict(f"item {data.code} is already on the list", f"负面清单已有条目 {data.code}",
                       field="code") from None
    return row


def negative_list(session: Session) -> list[NegativeItem]:
    return list(session.scalars(sa.select(NegativeItem).order_by(NegativeItem.code)))


def review_out(row: CandidateReview) -> ReviewOut:
    return {"id": str(row.id), "committee_id": str(row.committee_id), "candidate_name": row.candidate_name,
            "eligible": row.eligible, "hits": row.hits, "note": row.note, "reviewed_by": row.reviewed_by,
            "reviewed_at": row.reviewed_at.isoformat()}


def review(session: Session, data: ReviewIn, by: str | None) -> CandidateReview:
    """Record the review: each hit names a list item and why; any hit makes the candidate ineligible."""
    get_committee(session, data.committee_id)
    items = {i.code: i for i in negative_list(session)}
    if not items:
        raise Conflict("the tenant has no negative list yet", "尚未制定候选人负面清单", field="hits")
    hits = []
    for n, hit in enumerate(data.hits):
        if hit.item_code not in items:
            raise invalid(f"hits.{n}.itemCode", f"{hit.item_code} is not on the negative list",
                          f"{hit.item_code} 不在负面清单中")
        hits.append({"item_code": hit.item_code, "item_text": items[hit.item_code].text, "reason": hit.reason})
    row = CandidateReview(committee_id=data.committee_id, candidate_name=data.candidate_name,
                          eligible=not hits, hits=hits, note=data.note, reviewed_by=by)
    session.add(row)
    session.flush()
    return row


def reviews_of(session: Session, committee_id: uuid.UUID) -> list[CandidateReview]:
    return list(session.scalars(sa.select(CandidateReview).where(CandidateReview.committee_id == committee_id)
                                .order_by(CandidateReview.reviewed_at)))


def all_committees(session: Session) -> list[Committee]:
    return list(session.scalars(sa.select(Committee).order_by(Committee.compound_name)))


def list_filters(filters: dict | None) -> dict:
    """``kind`` (owners/management), ``red`` (true: red committees only; false: the others), ``community_id``."""
    f = dict(filters or {})
    unknown = set(f) - {"kind", "red", "community_id"}
    if unknown:
        raise invalid(sorted(unknown)[0], "not a filter of this list", "不是本列表的筛选条件")
    out: dict = {}
    if f.get("kind") is not None:
        if f["kind"] not in ("owners", "management"):
            raise invalid("kind", "owners or management", "须为 owners 或 management")
        out["kind"] = f["kind"]
    if f.get("red") is not None:
        out["red"] = bool(f["red"])
    if f.get("community_id") is not None:
        out["community_id"] = parse_id(f["community_id"], "communityId")
    return out


def red_clause():
    """SQL for the red check (party-member chair; party members · 5 ≥ members · 3, exact)."""
    members = sa.select(sa.func.count()).where(CommitteeMember.committee_id == Committee.id).scalar_subquery()
    party = sa.select(sa.func.count()).where(CommitteeMember.committee_id == Committee.id,
                                             CommitteeMember.party_member.is_(True)).scalar_subquery()
    chair = sa.exists().where(CommitteeMember.committee_id == Committee.id, CommitteeMember.role == "chair",
                              CommitteeMember.party_member.is_(True))
    return sa.and_(chair, members > 0, party * RED_SHARE.denominator >= members * RED_SHARE.numerator)


def listed(session: Session, visible, *, limit: int | None = None, after: str | None = None,
           kind: str | None = None, red: bool | None = None, community_id: uuid.UUID | None = None) -> list[Committee]:
    """Committees of the compounds in scope, by compound name then id; ``after`` is ``<name>|<id>``."""
    from services.property.places import Visibility

    query = (sa.select(Committee).where(visible.compound(Committee.compound_id))
             .order_by(Committee.compound_name, Committee.id))
    if kind is not None:
        query = query.where(Committee.kind == kind)
    if red is not None:
        query = query.where(red_clause() if red else sa.not_(red_clause()))
    if community_id is not None:
        query = query.where(Visibility("community", community_id).compound(Committee.compound_id))
    if after:
        name, ident = keyset.name_cursor(after)
        query = query.where(sa.or_(Committee.compound_name > name,
                                   sa.and_(Committee.compound_name == name, Committee.id > ident)))
    if limit is not None:
        query = query.limit(limit)
    return list(session.scalars(query))
