"""Property queries. Companies, lists and rankings are visible to every principal of the tenant:
red/black lists are published, and a bid check must be open to anyone checking a bid."""
from __future__ import annotations

from datetime import date

import strawberry

from gateway.loaders import property_companies_by_id
from gateway.property.committee_types import (
    CandidateReview, ChairReview, Committee, NegativeItem, ThreePartyMeeting,
)
from gateway.property.evaluation_types import BidEligibility, Evaluation, Indicator, SpreadsheetFile
from gateway.property.oversight_types import ChecklistItem, DrawCheck, Inspection, InspectionDraw, InspectionMonth
from gateway.property.survey_types import Satisfaction
from gateway.property.types import CompoundManagement, FundingSummary, PropertyCompany
from shared.contracts.validation import parse_id


async def _call(info: strawberry.Info, method: str, *args):
    return await info.context.call("property", method, *args)


@strawberry.type
class PropertyQuery:
    @strawberry.field(description="Property companies, by name (物业企业).")
    async def property_companies(self, info: strawberry.Info) -> list[PropertyCompany]:
        return [PropertyCompany.from_rpc(r) for r in await _call(info, "list_companies")]

    @strawberry.field(description="One property company, or null.")
    async def property_company(self, info: strawberry.Info, id: strawberry.ID) -> PropertyCompany | None:
        parse_id(id, "id")
        return await info.context.loader("property_companies_by_id", property_companies_by_id).load(str(id))

    @strawberry.field(description="Compounds' management modes (小区管理模式).")
    async def compound_management(self, info: strawberry.Info) -> list[CompoundManagement]:
        return [CompoundManagement.from_rpc(r) for r in await _call(info, "list_compound_modes")]

    @strawberry.field(description="A half-year's fallback funding summary (兜底经费半年公示); half is 1 or 2.")
    async def funding_summary(self, info: strawberry.Info, compound_id: strawberry.ID, year: int,
                              half: int) -> FundingSummary:
        return FundingSummary.from_rpc(await _call(info, "funding_summary", str(compound_id), year, half))

    @strawberry.field(description="Owners' and property management committees (业委会/物管会).")
    async def committees(self, info: strawberry.Info) -> list[Committee]:
        return [Committee.from_rpc(r) for r in await _call(info, "list_committees")]

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

    @strawberry.field(description="The evaluation indicators (考评指标), 60 in three groups.")
    async def evaluation_indicators(self, info: strawberry.Info) -> list[Indicator]:
        return [Indicator(**r) for r in await _call(info, "indicators")]

    @strawberry.field(description="A year's evaluation with its ranking, or null.")
    async def evaluation(self, info: strawberry.Info, year: int) -> Evaluation | None:
        d = await _call(info, "evaluation_result", year)
        return Evaluation.from_rpc(d) if d else None

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

    @strawberry.field(description="Three-party meetings held between two days, inclusive (三联办).")
    async def three_party_meetings(self, info: strawberry.Info, since: date, until: date) -> list[ThreePartyMeeting]:
        rows = await _call(info, "list_meetings", since.isoformat(), until.isoformat())
        return [ThreePartyMeeting.from_rpc(r) for r in rows]

    @strawberry.field(description="A committee's yearly chair reports and their grades (一述双评).")
    async def chair_reviews(self, info: strawberry.Info, committee_id: strawberry.ID) -> list[ChairReview]:
        return [ChairReview.from_rpc(r) for r in await _call(info, "list_chair_reviews", str(committee_id))]

    @strawberry.field(description="The published ranking and red/black lists as Excel (考评结果公示表).")
    async def evaluation_workbook(self, info: strawberry.Info, year: int, county: str = "") -> SpreadsheetFile:
        return SpreadsheetFile(**await _call(info, "evaluation_workbook", year, county))
