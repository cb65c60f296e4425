"""Property types: companies, credit file, management mode, committees."""
from __future__ import annotations

from datetime import date, datetime

import strawberry

from gateway.loaders import credit_files_by_company, property_companies_by_id


def _id(value):
    return strawberry.ID(value) if value else None


@strawberry.type(description="A management contract (物业服务合同): the company manages the compound in the period.")
class ManagementContract:
    id: strawberry.ID = strawberry.field(description="The contract's id (合同编号).")
    company_id: strawberry.ID = strawberry.field(description="The property company's id (物业服务企业).")
    compound_id: strawberry.ID = strawberry.field(description="The compound's id (小区) in the grid service.")
    compound_name: str = strawberry.field(description="The compound's name (小区名称) as the grid service "
                                                      "had it when the contract was added.")
    starts_on: date = strawberry.field(description="First day of the contract (合同开始), YYYY-MM-DD.")
    ends_on: date = strawberry.field(description="Last day of the contract (合同结束), YYYY-MM-DD.")

    @classmethod
    def from_rpc(cls, d: dict) -> "ManagementContract":
        return cls(id=strawberry.ID(d["id"]), company_id=strawberry.ID(d["company_id"]),
                   compound_id=strawberry.ID(d["compound_id"]), compound_name=d["compound_name"],
                   starts_on=date.fromisoformat(d["starts_on"]), ends_on=date.fromisoformat(d["ends_on"]))


@strawberry.type(description="An entry of a company's credit file (信用档案); entries are never edited.")
class CreditEntry:
    id: strawberry.ID = strawberry.field(description="The entry's id (档案条目编号).")
    seq: int = strawberry.field(description="Its number in the company's file (序号), 1, 2, 3… without gaps, "
                                            "so a missing or edited entry shows.")
    kind: str = strawberry.field(description="registered (登记), inspection (月度抽查), evaluation (年度考评), "
                                             "red_list (红榜), black_list (黑榜) or note (备注)")
    summary: str = strawberry.field(description="What happened, in words (摘要), e.g. the inspection's points "
                                                "and findings or the evaluation's rank and total.")
    score: float | None = strawberry.field(description="Points, where the entry has them: an inspection's points "
                                                       "(of 100) or an evaluation's yearly total (0–100); null "
                                                       "otherwise.")
    recorded_at: datetime = strawberry.field(description="When it was recorded (记录时间): ISO 8601 date-time "
                                                         "with UTC offset.")

    @classmethod
    def from_rpc(cls, d: dict) -> "CreditEntry":
        return cls(id=strawberry.ID(d["id"]), seq=d["seq"], kind=d["kind"], summary=d["summary"],
                   score=d["score"], recorded_at=datetime.fromisoformat(d["recorded_at"]))


@strawberry.type(description="Property cases (物业类事件) from dispatch counted against a company.")
class PropertyComplaints:
    total: int = strawberry.field(description="Property cases (物业类事件) reported in the compounds it "
                                              "manages, in your scope, since counting began.")
    open: int = strawberry.field(description="Of those, not closed yet (未办结).")
    closed: int = strawberry.field(description="Of those, closed (已办结).")


@strawberry.type(description="A property company (物业企业) under the county's oversight.")
class PropertyCompany:
    id: strawberry.ID = strawberry.field(description="The company's id (物业服务企业编号).")
    name: str = strawberry.field(description="The company's registered name (企业名称).")
    credit_code: str = strawberry.field(description="Unified social credit code (统一社会信用代码)")
    contact_name: str = strawberry.field(description="The contact person (联系人).")
    contact_phone: str = strawberry.field(description="Masked; the full number is never returned")
    coverage: str = strawberry.field(description="Party coverage: branch (own branch), instructor (assigned "
                                                 "party-building instructor) or none")
    branch_name: str | None = strawberry.field(description="The company's own party branch (企业党支部), for "
                                                           "coverage branch; null otherwise.")
    instructor_name: str | None = strawberry.field(description="The assigned party-building instructor "
                                                               "(党建指导员), for coverage instructor; null "
                                                               "otherwise.")
    barred_until: date | None = strawberry.field(description="Barred from bidding until (black list)")
    contracts: list[ManagementContract] = strawberry.field(description="Its management contracts "
                                                                      "(物业服务合同) for compounds in your scope, "
                                                                      "earliest start first.")
    complaints: PropertyComplaints = strawberry.field(
        description="Property cases reported in the compounds it manages, each counted once")

    @strawberry.field(description="The credit file, oldest entry first.")
    async def credit_file(self, info: strawberry.Info) -> list[CreditEntry]:
        return await info.context.loader("credit_files_by_company", credit_files_by_company).load(str(self.id))

    @classmethod
    def from_rpc(cls, d: dict) -> "PropertyCompany":
        return cls(id=strawberry.ID(d["id"]), name=d["name"], credit_code=d["credit_code"],
                   contact_name=d["contact_name"], contact_phone=d["contact_phone_masked"],
                   coverage=d["coverage"], branch_name=d["branch_name"], instructor_name=d["instructor_name"],
                   barred_until=date.fromisoformat(d["barred_until"]) if d["barred_until"] else None,
                   contracts=[ManagementContract.from_rpc(c) for c in d["contracts"]],
                   complaints=PropertyComplaints(**d["complaints"]))


@strawberry.type(description="How a compound is managed (管理模式): company, self (自管) or none (三无小区).")
class CompoundManagement:
    id: strawberry.ID = strawberry.field(description="The management record's id (管理模式记录编号).")
    compound_id: strawberry.ID = strawberry.field(description="The compound's id (小区) in the grid service.")
    compound_name: str = strawberry.field(description="The compound's name (小区名称) as the grid service has it.")
    mode: str = strawberry.field(description="company (物业服务企业管理), self (业主自管) or none (无物业, "
                                             "三无小区, served by a fallback provider).")
    company_id: strawberry.ID | None = strawberry.field(description="The managing company's id (物业服务企业) "
                                                                    "for mode company; null otherwise.")
    fallback_kind: str | None = strawberry.field(description="community_team or non_profit (兜底物业)")
    fallback_provider: str | None = strawberry.field(description="Who gives the fallback service (兜底服务方), "
                                                                 "for mode none; null otherwise.")

    @strawberry.field(description="The managing company, for company-managed compounds.")
    async def company(self, info: strawberry.Info) -> PropertyCompany | None:
        if not self.company_id:
            return None
        return await info.context.loader("property_companies_by_id", property_companies_by_id).load(str(self.company_id))

    @classmethod
    def from_rpc(cls, d: dict) -> "CompoundManagement":
        return cls(id=strawberry.ID(d["id"]), compound_id=strawberry.ID(d["compound_id"]),
                   compound_name=d["compound_name"], mode=d["mode"], company_id=_id(d["company_id"]),
                   fallback_kind=d["fallback_kind"], fallback_provider=d["fallback_provider"])


@strawberry.type(description="A fallback-service funding entry, in fen (分).")
class FundingEntry:
    id: strawberry.ID = strawberry.field(description="The entry's id (经费记录编号).")
    compound_id: strawberry.ID = strawberry.field(description="The compound's id (小区) in the grid service.")
    on: date = strawberry.field(description="The day of the income or spending (日期), YYYY-MM-DD.")
    direction: str = strawberry.field(description="income (收入) or spending (支出).")
    source: str | None = strawberry.field(description="For income, where it came from (经费来源): residents "
                                                      "(居民自筹), operations (经营收入), project_funds (项目资金) "
                                                      "or subsidy (财政补贴); null for spending.")
    amount_fen: int = strawberry.field(description="The amount in fen (金额, 分): 100 fen = 1 yuan.")
    note: str | None = strawberry.field(description="What it was for (备注); null when none was given.")

    @classmethod
    def from_rpc(cls, d: dict) -> "FundingEntry":
        return cls(id=strawberry.ID(d["id"]), compound_id=strawberry.ID(d["compound_id"]),
                   on=date.fromisoformat(d["on"]), direction=d["direction"], source=d["source"],
                   amount_fen=d["amount_fen"], note=d["note"])


@strawberry.type(name="FundingBySource", description="One source's fallback income in a half-year "
                                                       "(分来源经费收入), in fen.")
class SourceAmount:
    source: str = strawberry.field(description="residents (居民自筹), operations (经营收入), project_funds "
                                               "(项目资金) or subsidy (财政补贴).")
    amount_fen: int = strawberry.field(description="Income from it in the half-year, in fen (分); 0 when none.")


@strawberry.type(description="A half-year's fallback funding as published (半年度经费公示), in fen.")
class FundingSummary:
    compound_id: strawberry.ID = strawberry.field(description="The compound's id (小区) in the grid service.")
    year: int = strawberry.field(description="The year (年度).")
    half: int = strawberry.field(description="1: January–June (上半年); 2: July–December (下半年).")
    income: list[SourceAmount] = strawberry.field(description="Income by source (分来源收入), every source "
                                                              "listed, 0 when none.")
    income_total_fen: int = strawberry.field(description="All income in the half-year, in fen (收入合计, 分).")
    spending_fen: int = strawberry.field(description="All spending in the half-year, in fen (支出合计, 分).")
    balance_fen: int = strawberry.field(description="Income less spending in the half-year, in fen (结余, 分); "
                                                    "negative when more was spent.")
    entries: int = strawberry.field(description="Funding entries recorded in the half-year (记录条数).")

    @classmethod
    def from_rpc(cls, d: dict) -> "FundingSummary":
        return cls(compound_id=strawberry.ID(d["compound_id"]), year=d["year"], half=d["half"],
                   income=[SourceAmount(source=s, amount_fen=a) for s, a in d["income_fen"].items()],
                   income_total_fen=d["income_total_fen"], spending_fen=d["spending_fen"],
                   balance_fen=d["balance_fen"], entries=d["entries"])
