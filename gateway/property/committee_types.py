"""Committee types: 业委会/物管会, members, the negative list and candidate reviews."""
from __future__ import annotations

from datetime import date, datetime

import strawberry


@strawberry.type(name="PropertyCommitteeMember", description="A committee member (委员).")
class CommitteeMember:
    id: strawberry.ID = strawberry.field(description="The committee member's id (委员编号).")
    name: str = strawberry.field(description="The member's name (姓名).")
    role: str = strawberry.field(description="chair (主任), vice_chair (副主任) or member (委员)")
    party_member: bool = strawberry.field(description="Whether the member is a party member (党员).")
    branch_post: str | None = strawberry.field(description="Post in the compound party branch (交叉任职)")


@strawberry.type(name="PropertyCommittee", description="An owners' committee (业委会) or property management committee (物管会).")
class Committee:
    id: strawberry.ID = strawberry.field(description="The committee's id (委员会编号).")
    compound_id: strawberry.ID = strawberry.field(description="The compound's id (小区) in the grid service.")
    compound_name: str = strawberry.field(description="The compound's name (小区名称) as the grid service had "
                                                      "it when the committee was created.")
    kind: str = strawberry.field(description="owners (业委会) or management (物管会)")
    term_starts: date = strawberry.field(description="First day of the term (任期开始), YYYY-MM-DD.")
    term_ends: date = strawberry.field(description="Last day of the term (任期结束), YYYY-MM-DD.")
    branch_name: str | None = strawberry.field(description="The compound party branch (小区党支部) it works with, "
                                                           "for cross-appointment (交叉任职); null when none is "
                                                           "on file.")
    members: list[CommitteeMember] = strawberry.field(description="Its members, by role then name (委员).")
    party_share: float = strawberry.field(description="Share of party members, 0–1")
    chair_is_party_member: bool = strawberry.field(description="The chair is a party member (主任为党员); false "
                                                               "also when there is no chair yet.")
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
    id: strawberry.ID = strawberry.field(description="The item's id (条目编号).")
    code: str = strawberry.field(description="The item's code (条目编号), unique in the list, e.g. N01.")
    text: str = strawberry.field(description="Who may not stand (不宜情形), e.g. 拖欠物业费且经催缴仍不缴纳的.")

    @classmethod
    def from_rpc(cls, d: dict) -> "NegativeItem":
        return cls(id=strawberry.ID(d["id"]), code=d["code"], text=d["text"])


@strawberry.type(description="A negative-list item that applies to a candidate, and why.")
class ReviewHit:
    item_code: str = strawberry.field(description="The negative-list item's code (十不宜条目).")
    item_text: str = strawberry.field(description="The item's text as it stood at the review (条目内容).")
    reason: str = strawberry.field(description="Why it applies to the candidate (情况说明).")


@strawberry.type(description="A candidate's review against the negative list (候选人资格审查).")
class CandidateReview:
    id: strawberry.ID = strawberry.field(description="The review's id (审查编号).")
    committee_id: strawberry.ID = strawberry.field(description="The committee's id (业委会/物管会) the candidate "
                                                               "stands for.")
    candidate_name: str = strawberry.field(description="The candidate's name (候选人姓名).")
    eligible: bool = strawberry.field(description="Eligible (资格审查通过): true when no negative-list item "
                                                  "applies, false on any hit.")
    hits: list[ReviewHit] = strawberry.field(description="The negative-list items that apply, each with its "
                                                         "reason (十不宜情形); empty when eligible.")
    note: str | None = strawberry.field(description="The reviewer's note (审查意见); null when none.")
    reviewed_by: str | None = strawberry.field(description="Who reviewed: the caller's login (审查人); null for "
                                                           "a review recorded by the system.")
    reviewed_at: datetime = strawberry.field(description="When (审查时间): ISO 8601 date-time with UTC offset.")

    @classmethod
    def from_rpc(cls, d: dict) -> "CandidateReview":
        return cls(id=strawberry.ID(d["id"]), committee_id=strawberry.ID(d["committee_id"]),
                   candidate_name=d["candidate_name"], eligible=d["eligible"],
                   hits=[ReviewHit(**h) for h in d["hits"]], note=d["note"], reviewed_by=d["reviewed_by"],
                   reviewed_at=datetime.fromisoformat(d["reviewed_at"]))


@strawberry.type(description="Someone at a three-party meeting, by side: party_org, company or committee.")
class MeetingAttendee:
    side: str = strawberry.field(description="party_org (社区党组织), company (物业服务企业) or committee "
                                             "(业委会).")
    name: str = strawberry.field(description="The attendee's name (参会人).")


@strawberry.type(description="A weekly three-party meeting (三联办) of a community.")
class ThreePartyMeeting:
    id: strawberry.ID = strawberry.field(description="The meeting's id (会议编号).")
    community_id: strawberry.ID = strawberry.field(description="The community's id (社区) in the grid service.")
    community_name: str = strawberry.field(description="The community's name (社区名称) as recorded.")
    held_on: date = strawberry.field(description="The day it was held (召开日期), YYYY-MM-DD.")
    attendees: list[MeetingAttendee] = strawberry.field(description="Who attended, each with their side (参会人员); "
                                                                    "every side is there.")
    discussed_case_ids: list[strawberry.ID] = strawberry.field(description="Ids of the dispatch cases discussed "
                                                                           "(研究的事件).")
    settled_case_ids: list[strawberry.ID] = strawberry.field(description="Ids of the dispatch cases settled "
                                                                         "(化解的事件), all among those "
                                                                         "discussed.")
    decisions: list[str] = strawberry.field(description="What was decided, one item each (议定事项).")

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
    id: strawberry.ID = strawberry.field(description="The review's id (述评编号).")
    committee_id: strawberry.ID = strawberry.field(description="The committee's id (业委会/物管会).")
    year: int = strawberry.field(description="The year reported on (述职年度).")
    report: str = strawberry.field(description="The chair's report (述职报告).")
    reported_at: datetime = strawberry.field(description="When it was submitted (述职时间): ISO 8601 date-time "
                                                         "with UTC offset.")
    community_grade: str | None = strawberry.field(description="The community's grade (社区评议): excellent "
                                                               "(优秀), good (良好), fair (一般) or poor (较差); "
                                                               "null until graded. Final once given.")
    community_comment: str | None = strawberry.field(description="The community's comment (社区评议意见); null "
                                                                 "when none.")
    branch_grade: str | None = strawberry.field(description="The compound party branch's grade (小区党支部评议): "
                                                            "excellent (优秀), good (良好), fair (一般) or poor "
                                                            "(较差); null until graded. Final once given.")
    branch_comment: str | None = strawberry.field(description="The compound party branch's comment (党支部评议"
                                                              "意见); null when none.")

    @classmethod
    def from_rpc(cls, d: dict) -> "ChairReview":
        return cls(**{**d, "id": strawberry.ID(d["id"]), "committee_id": strawberry.ID(d["committee_id"]),
                      "reported_at": datetime.fromisoformat(d["reported_at"])})
