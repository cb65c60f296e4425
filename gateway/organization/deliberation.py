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
    votes_for: int
    votes_against: int
    abstentions: int


@strawberry.type(description="One step of a deliberation, with who did it and when.")
class DeliberationStepRecord:
    step: str
    actor: str | None
    note: str
    votes: VoteTally | None
    at: datetime

    @classmethod
    def from_rpc(cls, d: DeliberationStepOut) -> "DeliberationStepRecord":
        return cls(step=d["step"], actor=d["actor"], note=d["note"], at=datetime.fromisoformat(d["at"]),
                   votes=VoteTally(**d["votes"]) if d["votes"] else None)


@strawberry.type(description="A deliberation (协商议事): collected (收集议题) → fixed (确定议题) → researched (调查研究) → "
                             "voted (协商表决) → published (结果公示) → followed_up (跟踪落实).")
class Deliberation:
    id: strawberry.ID
    org_id: strawberry.ID
    title: str
    description: str
    step: str = strawberry.field(description="the last step done")
    adopted: bool | None = strawberry.field(description="after the vote: more than half of the votes cast were for")
    steps: list[DeliberationStepRecord]

    @classmethod
    def from_rpc(cls, d: DeliberationOut) -> "Deliberation":
        return cls(id=strawberry.ID(d["id"]), org_id=strawberry.ID(d["org_id"]), title=d["title"],
                   description=d["description"], step=d["step"], adopted=d["adopted"],
                   steps=[DeliberationStepRecord.from_rpc(s) for s in d["steps"]])


@strawberry.input(description="A topic collected for deliberation (收集议题).")
class CollectTopicInput:
    org_id: strawberry.ID
    title: str
    description: str


@strawberry.input(description="The vote tally of the deliberation meeting.")
class VoteTallyInput:
    votes_for: int
    votes_against: int
    abstentions: int = 0


@strawberry.input(description="The next step of a deliberation; `votes` only with step `voted`.")
class AdvanceDeliberationInput:
    deliberation_id: strawberry.ID
    step: str
    note: str
    votes: VoteTallyInput | None = None


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
