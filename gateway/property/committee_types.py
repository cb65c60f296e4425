"""Committee types: 业委会/物管会, members, the negative list and candidate reviews."""
from __future__ import annotations

from datetime import date, datetime

import strawberry


@strawberry.type(name="PropertyCommitteeMember", description="A committee member (委员).")
class CommitteeMember:
    id: strawberry.ID
    name: str
    role: str = strawberry.field(description="chair, vice_chair or member")
    party_member: bool
    branch_post: str | None = strawberry.field(description="Post in the compound party branch (交叉任职)")


@strawberry.type(name="PropertyCommittee", description="An owners' committee (业委会) or property management committee (物管会).")
class Committee:
    id: strawberry.ID
    compound_id: strawberry.ID
    compound_name: str
    kind: str = strawberry.field(description="owners (业委会) or management (物管会)")
    term_starts: date
    term_ends: date
    branch_name: str | None
    members: list[CommitteeMember]
    party_share: float = strawberry.field(description="Share of party members, 0–1")
    chair_is_party_member: bool
    is_red: bool = strawberry.field(description="Red committee (红色业委会): party-member chair and ≥60% party members")
    cross_appointed: bool = strawberry.field(description="Some member also holds a post in the compound party branch")

    @classmethod
    def from_rpc(cls, d: dict) -> "Committee":
        return cls(id=strawberry.ID(d["id"]), compound_id=strawberry.ID(d["compound_id"]),
                   compound_name=d["compound_name"], kind=d["kind"],
                   term_starts=date.fromisoformat(d["term_starts"]), term_ends=date.fromisoformat(d["term_ends"]),
                   branch_name=d["branch_name"],
                   members=[CommitteeMember(id=strawberry.ID(m["id"]), name=m["name"], role=m["role"],
                                            party_member=m["party_member"], branch_post=m["branch_post"])
                            for m in d["members"]],
                   party_share=d["party_share"], chair_is_party_member=d["chair_is_party_member"],
                   is_red=d["is_red"], cross_appointed=d["cross_appointed"])


@strawberry.type(description="An item of the tenant's negative list for candidates (十不宜).")
class NegativeItem:
    id: strawberry.ID
    code: str
    text: str

    @classmethod
    def from_rpc(cls, d: dict) -> "NegativeItem":
        return cls(id=strawberry.ID(d["id"]), code=d["code"], text=d["text"])


@strawberry.type(description="A negative-list item that applies to a candidate, and why.")
class ReviewHit:
    item_code: str
    item_text: str
    reason: str


@strawberry.type(description="A candidate's review against the negative list (候选人资格审查).")
class CandidateReview:
    id: strawberry.ID
    committee_id: strawberry.ID
    candidate_name: str
    eligible: bool
    hits: list[ReviewHit]
    note: str | None
    reviewed_by: str | None
    reviewed_at: datetime

    @classmethod
    def from_rpc(cls, d: dict) -> "CandidateReview":
        return cls(id=strawberry.ID(d["id"]), committee_id=strawberry.ID(d["committee_id"]),
                   candidate_name=d["candidate_name"], eligible=d["eligible"],
                   hits=[ReviewHit(**h) for h in d["hits"]], note=d["note"], reviewed_by=d["reviewed_by"],
                   reviewed_at=datetime.fromisoformat(d["reviewed_at"]))


@strawberry.type(description="Someone at a three-party meeting, by side: party_org, company or committee.")
class MeetingAttendee:
    side: str
    name: str


@strawberry.type(description="A weekly three-party meeting (三联办) of a community.")
class ThreePartyMeeting:
    id: strawberry.ID
    community_id: strawberry.ID
    community_name: str
    held_on: date
    attendees: list[MeetingAttendee]
    discussed_case_ids: list[strawberry.ID]
    settled_case_ids: list[strawberry.ID]
    decisions: list[str]

    @strawberry.field(description="Cases settled at this meeting.")
    def settled_count(self) -> int:
        return len(self.settled_case_ids)

    @classmethod
    def from_rpc(cls, d: dict) -> "ThreePartyMeeting":
        return cls(id=strawberry.ID(d["id"]), community_id=strawberry.ID(d["community_id"]),
                   community_name=d["community_name"], held_on=date.fromisoformat(d["held_on"]),
                   attendees=[MeetingAttendee(**a) for a in d["attendees"]],
                   discussed_case_ids=[strawberry.ID(c) for c in d["discussed_case_ids"]],
                   settled_case_ids=[strawberry.ID(c) for c in d["settled_case_ids"]], decisions=d["decisions"])


@strawberry.type(description="一述双评: the chair's yearly report, graded by the community and the compound branch.")
class ChairReview:
    id: strawberry.ID
    committee_id: strawberry.ID
    year: int
    report: str
    reported_at: datetime
    community_grade: str | None = strawberry.field(description="excellent (优秀), good (良好), fair (一般) or poor (较差)")
    community_comment: str | None
    branch_grade: str | None
    branch_comment: str | None

    @classmethod
    def from_rpc(cls, d: dict) -> "ChairReview":
        return cls(**{**d, "id": strawberry.ID(d["id"]), "committee_id": strawberry.ID(d["committee_id"]),
                      "reported_at": datetime.fromisoformat(d["reported_at"])})
