"""Joint meetings (联席会议) and their decisions (决定事项)."""
from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry

from gateway.errors import OperationError
from gateway.organization.results import org_call
from gateway.pagination import Connection, check_page
from gateway.payloads import payload
from shared.contracts.organization import DecisionOut, MeetingOut
from shared.contracts.validation import parse_id
from shared.errors import CivicError


@strawberry.type(description="A decision of a joint meeting (决定事项); dispatch tracks it as a task.")
class MeetingDecision:
    id: strawberry.ID = strawberry.field(description="The decision's id (决定事项编号): pass it to "
                                                     "markDecisionDone.")
    text: str = strawberry.field(description="What was decided (决定内容).")
    owner_unit: str = strawberry.field(description="The unit responsible for carrying it out (责任单位).")
    due_date: date | None = strawberry.field(description="When it is due (办结时限), YYYY-MM-DD; null: no "
                                                         "deadline set.")
    done: bool = strawberry.field(description="Whether it was marked done (已办结).")

    @classmethod
    def from_rpc(cls, d: DecisionOut) -> "MeetingDecision":
        return cls(id=strawberry.ID(d["id"]), text=d["text"], owner_unit=d["owner_unit"],
                   due_date=date.fromisoformat(d["due_date"]) if d["due_date"] else None, done=d["done"])


@strawberry.type(description="A joint meeting (联席会议) at county, street or community level.")
class JointMeeting:
    id: strawberry.ID = strawberry.field(description="The meeting's id (会议编号).")
    org_id: strawberry.ID = strawberry.field(description="the convening party org (召集党组织)")
    level: str = strawberry.field(description="county (县级), street (街道), community (社区)")
    held_on: date = strawberry.field(description="The day it was held (召开日期), YYYY-MM-DD.")
    title: str = strawberry.field(description="The meeting's title (会议名称).")
    attending_units: list[str] = strawberry.field(description="The units that attended, by name (参会单位).")
    agenda: str = strawberry.field(description="The agenda (议程).")
    minutes: str = strawberry.field(description="The minutes (会议纪要); empty when none were recorded.")
    decisions: list[MeetingDecision] = strawberry.field(description="Its decisions in the order recorded "
                                                                    "(决定事项).")
    done_count: int = strawberry.field(description="decisions done (已办结决定事项数)")

    @classmethod
    def from_rpc(cls, d: MeetingOut) -> "JointMeeting":
        return cls(id=strawberry.ID(d["id"]), org_id=strawberry.ID(d["org_id"]), level=d["level"],
                   held_on=date.fromisoformat(d["held_on"]), title=d["title"],
                   attending_units=d["attending_units"], agenda=d["agenda"], minutes=d["minutes"],
                   decisions=[MeetingDecision.from_rpc(x) for x in d["decisions"]], done_count=d["done_count"])


@strawberry.input(description="A decision to record (决定事项).")
class DecisionInput:
    text: str = strawberry.field(description="What was decided (决定内容), 1–500 characters.")
    owner_unit: str = strawberry.field(description="The unit responsible (责任单位), 1–64 characters.")
    due_date: date | None = strawberry.field(default=None, description="When it is due (办结时限), "
                                                                       "YYYY-MM-DD; optional.")


@strawberry.input(description="A joint meeting held (召开联席会议).")
class HoldMeetingInput:
    org_id: strawberry.ID = strawberry.field(description="The convening party org's id (召集党组织): the county "
                                                         "committee for level county, a street working "
                                                         "committee for street, a community committee or "
                                                         "general branch for community.")
    level: str = strawberry.field(description="county (县级), street (街道) or community (社区).")
    held_on: date = strawberry.field(description="The day it was held (召开日期), YYYY-MM-DD.")
    title: str = strawberry.field(description="The meeting's title (会议名称), 1–100 characters.")
    attending_units: list[str] = strawberry.field(description="The units that attended, by name (参会单位), "
                                                              "1–50.")
    agenda: str = strawberry.field(description="The agenda (议程), 1–2000 characters.")
    minutes: str = strawberry.field(default="", description="The minutes (会议纪要), up to 10000 characters; "
                                                            "default empty.")
    decisions: list[DecisionInput] = strawberry.field(default_factory=list, description="Its decisions "
                                                                                        "(决定事项), up to 30; "
                                                                                        "each becomes a "
                                                                                        "tracked task.")


MeetingResult = Annotated[JointMeeting | OperationError, strawberry.union("JointMeetingResult")]


@strawberry.type
class MeetingQuery:
    @strawberry.field(description="One joint meeting in your scope, or null (联席会议).")
    async def joint_meeting(self, info: strawberry.Info, id: strawberry.ID) -> JointMeeting | None:
        parse_id(id, "id")
        try:
            return JointMeeting.from_rpc(await info.context.call("organization", "get_meeting", str(id)))
        except CivicError as exc:
            if exc.code == "NOT_FOUND":
                return None
            raise

    @strawberry.field(description="Joint meetings in your scope, newest first (联席会议列表), optionally of one "
                                  "convening org, one level (county / street / community) and held between "
                                  "since and until. `first` ≤ 100.")
    async def joint_meetings(self, info: strawberry.Info, first: int, after: str | None = None,
                             org_id: strawberry.ID | None = None, level: str | None = None,
                             since: date | None = None, until: date | None = None) -> Connection[JointMeeting]:
        check_page(first, after, cursor_is_id=False)
        if org_id is not None:
            parse_id(org_id, "orgId")
        rows = await info.context.call("organization", "meeting_page", {
            "org_id": str(org_id) if org_id else None, "level": level, "limit": first + 1, "after": after,
            "since": since.isoformat() if since else None, "until": until.isoformat() if until else None})
        return Connection.of(rows, first, JointMeeting.from_rpc, lambda r: f"{r['held_on']}|{r['id']}")


@strawberry.type
class MeetingMutation:
    @strawberry.mutation(description="Record a joint meeting with its decisions (召开联席会议). "
                                     "Each decision emits meeting.decision_made.")
    async def hold_joint_meeting(self, info: strawberry.Info, input: HoldMeetingInput) -> MeetingResult:
        data = payload(input)
        data["decisions"] = [payload(d) for d in input.decisions]
        return await org_call(info, "hold_meeting", data, build=JointMeeting.from_rpc)

    @strawberry.mutation(description="Mark a decision done (决定事项办结); returns its meeting.")
    async def mark_decision_done(self, info: strawberry.Info, decision_id: strawberry.ID) -> MeetingResult:
        return await org_call(info, "mark_decision_done", str(decision_id), build=JointMeeting.from_rpc)
