"""Oversight types: monthly inspection draws, inspections and their rectification cases."""
from __future__ import annotations

from datetime import date

import strawberry


@strawberry.type(name="InspectionChecklistItem", description="An item of the inspection checklist (检查清单).")
class ChecklistItem:
    item: str = strawberry.field(description="The item's code (检查项目): party, cleaning, greening, fire, "
                                             "security, facilities, parking, disclosure or complaints.")
    name: str = strawberry.field(description="The item's Chinese name (项目名称), e.g. 消防通道与设施.")
    max_score: int = strawberry.field(description="Most points it can score (满分); the items add up to 100.")


@strawberry.type(description="The month's random sample (月度随机抽查抽签), kept so anyone can re-check it.")
class InspectionDraw:
    id: strawberry.ID = strawberry.field(description="The draw's id (抽签编号).")
    year: int = strawberry.field(description="The year of the draw (年度).")
    month: int = strawberry.field(description="The month of the draw (月份), 1–12; one draw a month.")
    seed: str = strawberry.field(description="The random seed used (随机种子): given, or generated (16 hex "
                                             "characters) and stored.")
    sample_size: int = strawberry.field(description="Compounds drawn (抽取数量); at most the population.")
    population: list[strawberry.ID] = strawberry.field(description="Compounds drawn from, sorted")
    sample: list[strawberry.ID] = strawberry.field(description="Ids of the compounds drawn for inspection "
                                                               "(抽中小区), in draw order.")
    method: str = strawberry.field(description="How to recompute the sample from seed and population")

    @classmethod
    def from_rpc(cls, d: dict) -> "InspectionDraw":
        return cls(id=strawberry.ID(d["id"]), year=d["year"], month=d["month"], seed=d["seed"],
                   sample_size=d["sample_size"], population=[strawberry.ID(p) for p in d["population"]],
                   sample=[strawberry.ID(s) for s in d["sample"]], method=d["method"])


@strawberry.type(description="The draw recomputed from its stored seed and population.")
class DrawCheck:
    draw: InspectionDraw = strawberry.field(description="The draw as stored (抽签记录).")
    sample: list[strawberry.ID] = strawberry.field(description="The sample recomputed now from its seed and "
                                                               "population (复核样本).")
    matches: bool = strawberry.field(description="Whether the recomputed sample equals the stored one (复核一致).")


@strawberry.type(name="PropertyInspectionCheck", description="One checklist item's score and finding (发现问题).")
class InspectionCheck:
    item: str = strawberry.field(description="The checklist item's code (检查项目), e.g. fire.")
    score: int = strawberry.field(description="Points given (得分), 0 to the item's maxScore.")
    finding: str | None = strawberry.field(description="The problem found (发现问题); null when none. Each "
                                                       "finding becomes a rectification case.")


@strawberry.type(description="A finding filed as a rectification case in dispatch (整改), followed to closure.")
class Rectification:
    item: str = strawberry.field(description="The checklist item's code the finding is on (检查项目).")
    finding: str = strawberry.field(description="The problem found (发现问题).")
    case_id: strawberry.ID | None = strawberry.field(description="The dispatch case; null until filed")
    rectified: bool = strawberry.field(description="The case was closed (and not reopened)")


@strawberry.type(name="PropertyInspection", description="An inspection of a sampled compound (抽查记录).")
class Inspection:
    id: strawberry.ID = strawberry.field(description="The inspection's id (抽查编号).")
    draw_id: strawberry.ID = strawberry.field(description="The month's draw id (抽签) the compound was drawn in.")
    compound_id: strawberry.ID = strawberry.field(description="The compound's id (小区) in the grid service.")
    company_id: strawberry.ID | None = strawberry.field(description="The managing company's id (物业服务企业) "
                                                                    "when inspected; null for a self-managed or "
                                                                    "unmanaged compound. Its credit file gets "
                                                                    "the result.")
    inspected_on: date = strawberry.field(description="The day of the inspection (检查日期), YYYY-MM-DD.")
    inspector: str = strawberry.field(description="Who inspected (检查人).")
    checks: list[InspectionCheck] = strawberry.field(description="The score of every checklist item (各项得分).")
    score: int = strawberry.field(description="Points scored in all (总得分), of maxScore.")
    max_score: int = strawberry.field(description="Most points possible (满分): 100.")
    findings: int = strawberry.field(description="Checks with a finding (发现问题数).")
    rectifications: list[Rectification] = strawberry.field(description="The findings as rectification cases "
                                                                       "(整改情况), by item.")

    @classmethod
    def from_rpc(cls, d: dict) -> "Inspection":
        return cls(id=strawberry.ID(d["id"]), draw_id=strawberry.ID(d["draw_id"]),
                   compound_id=strawberry.ID(d["compound_id"]),
                   company_id=strawberry.ID(d["company_id"]) if d["company_id"] else None,
                   inspected_on=date.fromisoformat(d["inspected_on"]), inspector=d["inspector"],
                   checks=[InspectionCheck(**c) for c in d["checks"]], score=d["score"],
                   max_score=d["max_score"], findings=d["findings"],
                   rectifications=[Rectification(item=r["item"], finding=r["finding"], rectified=r["rectified"],
                                                 case_id=strawberry.ID(r["case_id"]) if r["case_id"] else None)
                                   for r in d["rectifications"]])


@strawberry.type(description="A month's draw and inspections.")
class InspectionMonth:
    draw: InspectionDraw | None = strawberry.field(description="The month's draw (抽签), public to all; null "
                                                               "before the draw.")
    inspections: list[Inspection] = strawberry.field(description="The month's inspections in your scope "
                                                                 "(抽查记录).")
