"""Deliberation (协商议事) in six steps, each with who did it and when."""
from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from gateway.errors import OperationError
from gateway.organization.results import org_call
from gateway.pagination import Connection, check_page
from gateway.payloads import payload
from shared.contracts.organization import DeliberationOut, DeliberationStepOut
from shared.contracts.validation import parse_id
from shared.errors import CivicError


@strawberry.type(description="A vote tally (表决结果).")
class VoteTally:
    votes_for: int = strawberry.field(description="Votes for the topic (赞成票).")
    votes_against: int = strawberry.field(description="Votes against it (反对票).")
    abstentions: int = strawberry.field(description="Abstentions (弃权票); they count among the votes cast.")


@strawberry.type(description="One step of a deliberation, with who did it and when.")
class DeliberationStepRecord:
    step: str = strawberry.field(description="collected (收集议题), fixed (确定议题), researched (调查研究), "
                                             "voted (协商表决), published (结果公示) or followed_up (跟踪落实).")
    actor: str | None = strawberry.field(description="Who recorded the step: the caller's login (经办人); null "
                                                     "for one recorded by the system.")
    note: str = strawberry.field(description="What was done at this step (情况说明); for collected, the topic's "
                                             "description.")
    votes: VoteTally | None = strawberry.field(description="The tally, on the voted step only (表决结果); null "
                                                           "otherwise.")
    at: datetime = strawberry.field(description="When it was recorded (时间): ISO 8601 date-time with UTC "
                                                "offset.")

    @classmethod
    def from_rpc(cls, d: DeliberationStepOut) -> "DeliberationStepRecord":
        return cls(step=d["step"], actor=d["actor"], note=d["note"], at=datetime.fromisoformat(d["at"]),
                   votes=VoteTally(**d["votes"]) if d["votes"] else None)


@strawberry.type(description="A deliberation (协商议事): collected (收集议题) → fixed (确定议题) → researched (调查研究) → "
                             "voted (协商表决) → published (结果公示) → followed_up (跟踪落实).")
class Deliberation:
    id: strawberry.ID = strawberry.field(description="The deliberation's id (议事编号).")
    org_id: strawberry.ID = strawberry.field(description="The party org's id that holds it (组织议事的党组织), "
                                                         "usually a community or grid org.")
    title: str = strawberry.field(description="The topic (议题), 1–100 characters.")
    description: str = strawberry.field(description="The topic as collected (议题说明), 1–2000 characters.")
    step: str = strawberry.field(description="the last step done")
    adopted: bool | None = strawberry.field(description="after the vote: more than half of the votes cast were for")
    steps: list[DeliberationStepRecord] = strawberry.field(description="The steps done so far, in order, "
                                                                       "starting with collected (议事过程).")

    @classmethod
    def from_rpc(cls, d: DeliberationOut) -> "Deliberation":
        return cls(id=strawberry.ID(d["id"]), org_id=strawberry.ID(d["org_id"]), title=d["title"],
                   description=d["description"], step=d["step"], adopted=d["adopted"],
                   steps=[DeliberationStepRecord.from_rpc(s) for s in d["steps"]])


@strawberry.input(description="A topic collected for deliberation (收集议题).")
class CollectTopicInput:
    org_id: strawberry.ID = strawberry.field(description="The active party org's id that takes up the topic "
                                                         "(党组织), usually a community or grid org.")
    title: str = strawberry.field(description="The topic (议题), 1–100 characters.")
    description: str = strawberry.field(description="What residents raised and why (议题说明), 1–2000 "
                                                    "characters.")


@strawberry.input(description="The vote tally of the deliberation meeting.")
class VoteTallyInput:
    votes_for: int = strawberry.field(description="Votes for (赞成票), 0–10000. The topic is adopted when more "
                                                  "than half of all votes cast are for it.")
    votes_against: int = strawberry.field(description="Votes against (反对票), 0–10000.")
    abstentions: int = strawberry.field(default=0, description="Abstentions (弃权票), 0–10000; default 0. At "
                                                               "least one vote must be cast in all.")


@strawberry.input(description="The next step of a deliberation; `votes` only with step `voted`.")
class AdvanceDeliberationInput:
    deliberation_id: strawberry.ID = strawberry.field(description="The deliberation's id (协商议事), in your "
                                                                  "scope.")
    step: str = strawberry.field(description="The next step, strictly in order after collected: fixed "
                                             "(确定议题), researched (调查研究), voted (协商表决), published "
                                             "(结果公示), followed_up (跟踪落实).")
    note: str = strawberry.field(description="What was done at this step (情况说明), 1–2000 characters.")
    votes: VoteTallyInput | None = strawberry.field(default=None, description="The tally (表决结果): required "
                                                                              "with step voted, not allowed "
                                                                              "with any other step.")


DeliberationResult = Annotated[Deliberation | OperationError, strawberry.union("DeliberationResult")]


@strawberry.type
class DeliberationQuery:
    @strawberry.field(description="One deliberation in your scope, or null (协商议事).")
    async def deliberation(self, info: strawberry.Info, id: strawberry.ID) -> Deliberation | None:
        parse_id(id, "id")
        try:
            return Deliberation.from_rpc(await info.context.call("organization", "get_deliberation", str(id)))
        except CivicError as exc:
            if exc.code == "NOT_FOUND":
                return None
            raise

    @strawberry.field(description="Deliberations in your scope (协商议事列表), optionally of one org, at one "
                                  "step (collected … followed_up) or adopted / not adopted. `first` ≤ 100.")
    async def deliberations(self, info: strawberry.Info, first: int, after: str | None = None,
                            org_id: strawberry.ID | None = None, step: str | None = None,
                            adopted: bool | None = None) -> Connection[Deliberation]:
        check_page(first, after)
        if org_id is not None:
            parse_id(org_id, "orgId")
        rows = await info.context.call("organization", "deliberation_page", {
            "org_id": str(org_id) if org_id else None, "step": step, "adopted": adopted,
            "limit": first + 1, "after": after})
        return Connection.of(rows, first, Deliberation.from_rpc)


@strawberry.type
class DeliberationMutation:
    @strawberry.mutation(description="Collect a topic for deliberation (收集议题): step 1 of 6.")
    async def collect_topic(self, info: strawberry.Info, input: CollectTopicInput) -> DeliberationResult:
        return await org_call(info, "collect_topic", payload(input), build=Deliberation.from_rpc)

    @strawberry.mutation(description="Record the next step (推进协商议事); steps go strictly in order (CONFLICT otherwise).")
    async def advance_deliberation(self, info: strawberry.Info, input: AdvanceDeliberationInput) -> DeliberationResult:
        data = payload(input)
        data["votes"] = payload(input.votes) if input.votes else None
        return await org_call(info, "advance_deliberation", data, build=Deliberation.from_rpc)
