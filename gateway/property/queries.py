"""Property queries. Companies, compounds, committees, inspections, surveys and meetings are limited
to the caller's data scope (a community sees its compounds and the companies managing them); the
evaluation ranking, indicator sets and the bid check are tenant-wide: the red/black lists are
published, and a bid check must be open to anyone checking a bid."""
from __future__ import annotations

from datetime import date

import strawberry

from gateway.loaders import property_companies_by_id
from gateway.property.committee_types import (
    CandidateReview, ChairReview, Committee, NegativeItem, ThreePartyMeeting,
)
from gateway.pagination import Connection, check_page, sort_cursor
from gateway.property.evaluation_types import (
    BidEligibility, Evaluation, Indicator, IndicatorSet, RankingRow, SpreadsheetFile,
)
from gateway.property.oversight_types import ChecklistItem, DrawCheck, Inspection, InspectionDraw, InspectionMonth
from gateway.property.survey_types import Satisfaction
from gateway.property.types import CompoundManagement, FundingSummary, PropertyCompany
from shared.contracts.validation import parse_id
from shared.errors import ValidationFailed


def _filters(**given) -> dict:
    return {k: str(v) if k.endswith("_id") else v for k, v in given.items() if v is not None}


def _by_name(key: str):
    return lambda row: sort_cursor(row[key], row["id"])


def _year_cursor(after: str) -> int:  # a number: a year, or a rank
    if not after.isdigit():
        raise ValidationFailed([{"field": "after", "message": "after: not a cursor of this list",
                                 "message_zh": "after：不是本列表的游标"}])
    return int(after)


async def _call(info: strawberry.Info, method: str, *args):
    return await info.context.call("property", method, *args)


@strawberry.type
class PropertyQuery:
    @strawberry.field(description="Property companies in your scope, by name (物业企业): a community sees the "
                                  "companies managing its compounds. Filters: the compounds' community, the red or "
                                  "black list (红黑榜) of `year` (default the latest published), barred from bidding.")
    async def property_companies(self, info: strawberry.Info, first: int, after: str | None = None,
                                 community_id: strawberry.ID | None = None, list: str | None = None,
                                 year: int | None = None, barred: bool | None = None) -> Connection[PropertyCompany]:
        check_page(first, after, cursor_is_id=False)
        filters = _filters(community_id=community_id, list=list, year=year, barred=barred)
        rows = await info.context.call("property", "list_companies", first + 1, after, filters)
        return Connection.of(rows, first, PropertyCompany.from_rpc, cursor=_by_name("name"))

    @strawberry.field(description="One property company, or null.")
    async def property_company(self, info: strawberry.Info, id: strawberry.ID) -> PropertyCompany | None:
        parse_id(id, "id")
        return await info.context.loader("property_companies_by_id", property_companies_by_id).load(str(id))

    @strawberry.field(description="Management modes of the compounds in your scope, by compound name (小区管理模式); "
                                  "filter by mode (company, self, none = 三无小区) and community.")
    async def compound_management(self, info: strawberry.Info, first: int, after: str | None = None,
                                  mode: str | None = None, community_id: strawberry.ID | None = None
                                  ) -> Connection[CompoundManagement]:
        check_page(first, after, cursor_is_id=False)
        rows = await info.context.call("property", "list_compound_modes", first + 1, after,
                                       _filters(mode=mode, community_id=community_id))
        return Connection.of(rows, first, CompoundManagement.from_rpc, cursor=_by_name("compound_name"))

    @strawberry.field(description="A half-year's fallback funding summary (兜底经费半年公示); half is 1 or 2.")
    async def funding_summary(self, info: strawberry.Info, compound_id: strawberry.ID, year: int,
                              half: int) -> FundingSummary:
        return FundingSummary.from_rpc(await _call(info, "funding_summary", str(compound_id), year, half))

    @strawberry.field(description="Owners' and property management committees in your scope (业委会/物管会), by "
                                  "compound name; filter by kind, red (红色业委会) and community.")
    async def committees(self, info: strawberry.Info, first: int, after: str | None = None, kind: str | None = None,
                         red: bool | None = None, community_id: strawberry.ID | None = None) -> Connection[Committee]:
        check_page(first, after, cursor_is_id=False)
        rows = await info.context.call("property", "list_committees", first + 1, after,
                                       _filters(kind=kind, red=red, community_id=community_id))
        return Connection.of(rows, first, Committee.from_rpc, cursor=_by_name("compound_name"))

    @strawberry.field(description="The candidates' negative list (十不宜).")
    async def negative_list(self, info: strawberry.Info) -> list[NegativeItem]:
        return [NegativeItem.from_rpc(r) for r in await _call(info, "negative_list")]

    @strawberry.field(description="Candidate reviews of a committee, oldest first.")
    async def candidate_reviews(self, info: strawberry.Info, committee_id: strawberry.ID) -> list[CandidateReview]:
        return [CandidateReview.from_rpc(r) for r in await _call(info, "candidate_reviews", str(committee_id))]

    @strawberry.field(description="The inspection checklist (检查清单), 100 points in all.")
    async def inspection_checklist(self, info: strawberry.Info) -> list[ChecklistItem]:
        return [ChecklistItem(**r) for r in await _call(info, "checklist")]

    @strawberry.field(description="A month's inspection draw and inspections.")
    async def inspection_month(self, info: strawberry.Info, year: int, month: int) -> InspectionMonth:
        d = await _call(info, "inspection_month", year, month)
        return InspectionMonth(draw=InspectionDraw.from_rpc(d["draw"]) if d["draw"] else None,
                               inspections=[Inspection.from_rpc(r) for r in d["inspections"]])

    @strawberry.field(description="Recompute a stored draw from its seed and population (复核抽签).")
    async def recheck_inspection_draw(self, info: strawberry.Info, draw_id: strawberry.ID) -> DrawCheck:
        d = await _call(info, "rerun_draw", str(draw_id))
        return DrawCheck(draw=InspectionDraw.from_rpc(d["draw"]), sample=[strawberry.ID(s) for s in d["sample"]],
                         matches=d["matches"])

    @strawberry.field(description="The indicators an evaluation of `year` is scored on (考评指标); without a year "
                                  "the built-in set (60 indicators in three groups).")
    async def evaluation_indicators(self, info: strawberry.Info, year: int | None = None) -> list[Indicator]:
        return [Indicator(**r) for r in await _call(info, "indicators", year)]

    @strawberry.field(description="The tenant's indicator set in effect for a year, or null (考评指标体系).")
    async def indicator_set(self, info: strawberry.Info, year: int) -> IndicatorSet | None:
        d = await _call(info, "indicator_set", year)
        return IndicatorSet.from_rpc(d) if d else None

    @strawberry.field(description="The tenant's indicator sets by effective year (考评指标体系).")
    async def indicator_sets(self, info: strawberry.Info, first: int, after: str | None = None
                             ) -> Connection[IndicatorSet]:
        check_page(first, after, cursor_is_id=False)
        rows = await info.context.call("property", "list_indicator_sets", first + 1,
                                       _year_cursor(after) if after is not None else None)
        return Connection.of(rows, first, IndicatorSet.from_rpc, cursor=lambda r: str(r["effective_year"]))

    @strawberry.field(description="A year's evaluation with its ranking, or null.")
    async def evaluation(self, info: strawberry.Info, year: int) -> Evaluation | None:
        d = await _call(info, "evaluation_result", year)
        return Evaluation.from_rpc(d) if d else None

    @strawberry.field(description="A published year's ranking by rank (考评排名), filtered by list (red 红榜 / black "
                                  "黑榜) and by the community whose compounds the companies manage.")
    async def evaluation_ranking(self, info: strawberry.Info, year: int, first: int, after: str | None = None,
                                 list: str | None = None, community_id: strawberry.ID | None = None
                                 ) -> Connection[RankingRow]:
        check_page(first, after, cursor_is_id=False)
        if list is not None and list not in ("red", "black"):
            raise ValidationFailed([{"field": "list", "message": "list: red or black",
                                     "message_zh": "list：须为 red 或 black"}])
        rows = await info.context.call("property", "evaluation_ranking", year, first + 1,
                                       _year_cursor(after) if after is not None else None,
                                       _filters(list=list, community_id=community_id))
        return Connection.of(rows, first, RankingRow.from_rpc, cursor=lambda r: str(r["rank"]))

    @strawberry.field(description="May this company bid for new projects on the day (default today)?")
    async def bid_eligibility(self, info: strawberry.Info, credit_code: str,
                              on: date | None = None) -> BidEligibility:
        d = await _call(info, "bid_eligibility", credit_code, on.isoformat() if on else None)
        return BidEligibility(credit_code=d["credit_code"], company_id=strawberry.ID(d["company_id"]),
                              company_name=d["company_name"], eligible=d["eligible"],
                              barred_until=date.fromisoformat(d["barred_until"]) if d["barred_until"] else None)

    @strawberry.field(description="A quarter's satisfaction per compound, best first (满意度).")
    async def satisfaction_by_compound(self, info: strawberry.Info, year: int, quarter: int) -> list[Satisfaction]:
        return [Satisfaction(**r) for r in await _call(info, "survey_results", year, quarter)]

    @strawberry.field(description="A quarter's satisfaction per managing company, best first.")
    async def satisfaction_by_company(self, info: strawberry.Info, year: int, quarter: int) -> list[Satisfaction]:
        return [Satisfaction(**r) for r in await _call(info, "company_satisfaction", year, quarter)]

    @strawberry.field(description="Three-party meetings held between two days, inclusive (三联办).",
                      deprecation_reason="Use threePartyMeetingsConnection (Relay connection).")
    async def three_party_meetings(self, info: strawberry.Info, since: date, until: date) -> list[ThreePartyMeeting]:
        rows = await _call(info, "list_meetings", since.isoformat(), until.isoformat())
        return [ThreePartyMeeting.from_rpc(r) for r in rows]

    @strawberry.field(description="Three-party meetings in your scope, newest first, then by id (三联办, 分页): "
                                  "held from `since` to `until` inclusive (either may be left out), "
                                  "optionally of one community. `first` ≤ 100; `after` is the `endCursor` "
                                  "of the previous page.")
    async def three_party_meetings_connection(self, info: strawberry.Info, first: int, after: str | None = None,
                                              since: date | None = None, until: date | None = None,
                                              community_id: strawberry.ID | None = None
                                              ) -> Connection[ThreePartyMeeting]:
        check_page(first, after, cursor_is_id=False)
        if community_id is not None:
            parse_id(community_id, "communityId")
        rows = await info.context.call(
            "property", "list_meetings", since.isoformat() if since else None, until.isoformat() if until else None,
            limit=first + 1, after=after, community_id=str(community_id) if community_id else None)
        return Connection.of(rows, first, ThreePartyMeeting.from_rpc, cursor=lambda r: sort_cursor(r["held_on"], r["id"]))

    @strawberry.field(description="A committee's yearly chair reports and their grades (一述双评).")
    async def chair_reviews(self, info: strawberry.Info, committee_id: strawberry.ID) -> list[ChairReview]:
        return [ChairReview.from_rpc(r) for r in await _call(info, "list_chair_reviews", str(committee_id))]

    @strawberry.field(description="The published ranking and red/black lists as Excel (考评结果公示表).")
    async def evaluation_workbook(self, info: strawberry.Info, year: int, county: str = "") -> SpreadsheetFile:
        return SpreadsheetFile(**await _call(info, "evaluation_workbook", year, county))
