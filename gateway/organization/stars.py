"""Star rating (五星创建) and the statistics of the party organization system (党建统计)."""
from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated

import strawberry

from gateway.errors import OperationError
from gateway.organization.results import org_call
from gateway.payloads import payload
from shared.contracts.organization import CountOut, StarRecordOut, StatisticsOut
from shared.contracts.validation import parse_id
from shared.errors import CivicError

if TYPE_CHECKING:
    from gateway.organization.suggestion import StarSuggestion


@strawberry.type(description="A task of a yearly star-rating plan (创建任务).")
class StarTask:
    title: str = strawberry.field(description="What is to be done (创建任务).")
    owner: str = strawberry.field(description="Who is responsible (责任人).")
    deadline: date = strawberry.field(description="When it is due (完成时限), YYYY-MM-DD.")


@strawberry.type(description="An org's star-rating year (五星创建): plan tasks and, once rated, 1–5 stars.")
class StarRecord:
    org_id: strawberry.ID = strawberry.field(description="The party org's id (党组织).")
    year: int = strawberry.field(description="The rating year (创建年度).")
    tasks: list[StarTask] = strawberry.field(description="The year's plan tasks, in the order set (年度创建任务).")
    stars: int | None = strawberry.field(description="1–5 (星级); null until rated")
    reasons: str | None = strawberry.field(description="评定理由")
    demonstration_title: str | None = strawberry.field(description="示范称号, e.g. 五星级党组织、示范党支部")

    @strawberry.field(description="The suggested rating from the org's figures, beside the one decided "
                                  "(星级评定建议).")
    async def suggestion(self, info: strawberry.Info) -> Annotated["StarSuggestion", strawberry.lazy(
            "gateway.organization.suggestion")] | None:
        from gateway.organization.suggestion import suggestion_of

        return await suggestion_of(info, str(self.org_id), self.year)

    @classmethod
    def from_rpc(cls, d: StarRecordOut) -> "StarRecord":
        return cls(org_id=strawberry.ID(d["org_id"]), year=d["year"], stars=d["stars"], reasons=d["reasons"],
                   demonstration_title=d["demonstration_title"],
                   tasks=[StarTask(title=t["title"], owner=t["owner"], deadline=date.fromisoformat(t["deadline"]))
                          for t in d["tasks"]])


@strawberry.type(description="One group of a count (分组计数).")
class GroupCount:
    key: str = strawberry.field(description="The group: an org type or level, a member status (full / "
                                            "probationary), a registration kind (member / unit), or a star "
                                            "level 1–5 or unrated, as the enclosing field says.")
    count: int = strawberry.field(description="How many fall in the group (数量).")


def _groups(items: list[CountOut]) -> list[GroupCount]:
    return [GroupCount(key=i["key"], count=i["count"]) for i in items]


@strawberry.type(description="Party organization statistics in your scope (党建统计).")
class OrgStatistics:
    orgs_by_type: list[GroupCount] = strawberry.field(description="active orgs by type (按类型)")
    orgs_by_level: list[GroupCount] = strawberry.field(description="active orgs by level (按层级)")
    members_by_status: list[GroupCount] = strawberry.field(description="members: full / probationary")
    registrations: list[GroupCount] = strawberry.field(description="dual registrations: member / unit (双报到)")
    stars: list[GroupCount] = strawberry.field(description="orgs with a plan that year by stars, or unrated")

    @classmethod
    def from_rpc(cls, d: StatisticsOut) -> "OrgStatistics":
        return cls(orgs_by_type=_groups(d["orgs_by_type"]), orgs_by_level=_groups(d["orgs_by_level"]),
                   members_by_status=_groups(d["members_by_status"]), registrations=_groups(d["registrations"]),
                   stars=_groups(d["stars"]))


@strawberry.input(description="A task of the plan.")
class StarTaskInput:
    title: str = strawberry.field(description="What is to be done (创建任务), 1–100 characters.")
    owner: str = strawberry.field(description="Who is responsible (责任人), 1–32 characters.")
    deadline: date = strawberry.field(description="When it is due (完成时限), YYYY-MM-DD.")


@strawberry.input(description="An org's yearly star-rating plan (五星创建年度计划); replaces the year's plan.")
class SetStarPlanInput:
    org_id: strawberry.ID = strawberry.field(description="The active party org's id (党组织).")
    year: int = strawberry.field(description="The rating year (创建年度), 2000–2100; a year already rated "
                                             "cannot be re-planned.")
    tasks: list[StarTaskInput] = strawberry.field(description="The plan's tasks (创建任务), 1–50; they replace "
                                                              "the year's earlier tasks.")


@strawberry.input(description="Rate an org for a year (评星), 1–5 stars with reasons.")
class EvaluateStarsInput:
    org_id: strawberry.ID = strawberry.field(description="The active party org's id (党组织); it needs a plan "
                                                         "for the year first.")
    year: int = strawberry.field(description="The rating year (创建年度), 2000–2100.")
    stars: int = strawberry.field(description="The rating (星级), 1–5 stars.")
    reasons: str = strawberry.field(description="Why this rating (评定理由), 1–1000 characters.")
    demonstration_title: str | None = strawberry.field(
        default=None, description="A demonstration title awarded (示范称号), e.g. 五星级党组织 or 示范党支部, 1–64 "
                                  "characters; null for none.")


StarResult = Annotated[StarRecord | OperationError, strawberry.union("StarRecordResult")]


@strawberry.type
class StarQuery:
    @strawberry.field(description="An org's star-rating year, or null (五星创建记录).")
    async def star_record(self, info: strawberry.Info, org_id: strawberry.ID, year: int) -> StarRecord | None:
        parse_id(org_id, "orgId")
        try:
            row = await info.context.call("organization", "star_record", str(org_id), year)
        except CivicError as exc:
            if exc.code == "NOT_FOUND":  # not in your tenant or scope: as if it did not exist
                return None
            raise
        return StarRecord.from_rpc(row) if row else None

    @strawberry.field(description="Orgs by type and level, members by status, dual registrations and the star "
                                  "distribution of a year, in your scope (党建统计).")
    async def org_statistics(self, info: strawberry.Info, year: int) -> OrgStatistics:
        return OrgStatistics.from_rpc(await info.context.call("organization", "statistics", year))


@strawberry.type
class StarMutation:
    @strawberry.mutation(description="Set an org's yearly plan (制定五星创建计划).")
    async def set_star_plan(self, info: strawberry.Info, input: SetStarPlanInput) -> StarResult:
        data = payload(input)
        data["tasks"] = [payload(t) for t in input.tasks]
        return await org_call(info, "set_star_plan", data, build=StarRecord.from_rpc)

    @strawberry.mutation(description="Rate an org 1–5 stars for a year (评定星级).")
    async def evaluate_stars(self, info: strawberry.Info, input: EvaluateStarsInput) -> StarResult:
        return await org_call(info, "evaluate_stars", payload(input), build=StarRecord.from_rpc)
