"""Property types: companies, credit file, management mode, committees."""
from __future__ import annotations

from datetime import date, datetime

import strawberry

from gateway.loaders import credit_files_by_company, property_companies_by_id


def _id(value):
    return strawberry.ID(value) if value else None


@strawberry.type(description="A management contract (物业服务合同): the company manages the compound in the period.")
class ManagementContract:
    id: strawberry.ID
    company_id: strawberry.ID
    compound_id: strawberry.ID
    compound_name: str
    starts_on: date
    ends_on: date

    @classmethod
    def from_rpc(cls, d: dict) -> "ManagementContract":
        return cls(id=strawberry.ID(d["id"]), company_id=strawberry.ID(d["company_id"]),
                   compound_id=strawberry.ID(d["compound_id"]), compound_name=d["compound_name"],
                   starts_on=date.fromisoformat(d["starts_on"]), ends_on=date.fromisoformat(d["ends_on"]))


@strawberry.type(description="An entry of a company's credit file (信用档案); entries are never edited.")
class CreditEntry:
    id: strawberry.ID
    seq: int
    kind: str = strawberry.field(description="registered, inspection, evaluation, red_list, black_list or note")
    summary: str
    score: float | None
    recorded_at: datetime

    @classmethod
    def from_rpc(cls, d: dict) -> "CreditEntry":
        return cls(id=strawberry.ID(d["id"]), seq=d["seq"], kind=d["kind"], summary=d["summary"],
                   score=d["score"], recorded_at=datetime.fromisoformat(d["recorded_at"]))


@strawberry.type(description="Property cases (物业类事件) from dispatch counted against a company.")
class PropertyComplaints:
    total: int
    open: int
    closed: int


@strawberry.type(description="A property company (物业企业) under the county's oversight.")
class PropertyCompany:
    id: strawberry.ID
    name: str
    credit_code: str = strawberry.field(description="Unified social credit code (统一社会信用代码)")
    contact_name: str
    contact_phone: str = strawberry.field(description="Masked; the full number is never returned")
    coverage: str = strawberry.field(description="Party coverage: branch (own branch), instructor (assigned "
                                                 "party-building instructor) or none")
    branch_name: str | None
    instructor_name: str | None
    barred_until: date | None = strawberry.field(description="Barred from bidding until (black list)")
    contracts: list[ManagementContract]
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
    id: strawberry.ID
    compound_id: strawberry.ID
    compound_name: str
    mode: str
    company_id: strawberry.ID | None
    fallback_kind: str | None = strawberry.field(description="community_team or non_profit (兜底物业)")
    fallback_provider: str | None

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
    id: strawberry.ID
    compound_id: strawberry.ID
    on: date
    direction: str
    source: str | None
    amount_fen: int
    note: str | None

    @classmethod
    def from_rpc(cls, d: dict) -> "FundingEntry":
        return cls(id=strawberry.ID(d["id"]), compound_id=strawberry.ID(d["compound_id"]),
                   on=date.fromisoformat(d["on"]), direction=d["direction"], source=d["source"],
                   amount_fen=d["amount_fen"], note=d["note"])


@strawberry.type(name="FundingBySource")
class SourceAmount:
    source: str
    amount_fen: int


@strawberry.type(description="A half-year's fallback funding as published (半年度经费公示), in fen.")
class FundingSummary:
    compound_id: strawberry.ID
    year: int
    half: int
    income: list[SourceAmount]
    income_total_fen: int
    spending_fen: int
    balance_fen: int
    entries: int

    @classmethod
    def from_rpc(cls, d: dict) -> "FundingSummary":
        return cls(compound_id=strawberry.ID(d["compound_id"]), year=d["year"], half=d["half"],
                   income=[SourceAmount(source=s, amount_fen=a) for s, a in d["income_fen"].items()],
                   income_total_fen=d["income_total_fen"], spending_fen=d["spending_fen"],
                   balance_fen=d["balance_fen"], entries=d["entries"])
