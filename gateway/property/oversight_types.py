"""Oversight types: monthly inspection draws, inspections and their rectification cases."""
from __future__ import annotations

from datetime import date

import strawberry


@strawberry.type(name="InspectionChecklistItem", description="An item of the inspection checklist (检查清单).")
class ChecklistItem:
    item: str
    name: str
    max_score: int


@strawberry.type(description="The month's random sample (月度随机抽查抽签), kept so anyone can re-check it.")
class InspectionDraw:
    id: strawberry.ID
    year: int
    month: int
    seed: str
    sample_size: int
    population: list[strawberry.ID] = strawberry.field(description="Compounds drawn from, sorted")
    sample: list[strawberry.ID]
    method: str = strawberry.field(description="How to recompute the sample from seed and population")

    @classmethod
    def from_rpc(cls, d: dict) -> "InspectionDraw":
        return cls(id=strawberry.ID(d["id"]), year=d["year"], month=d["month"], seed=d["seed"],
                   sample_size=d["sample_size"], population=[strawberry.ID(p) for p in d["population"]],
                   sample=[strawberry.ID(s) for s in d["sample"]], method=d["method"])


@strawberry.type(description="The draw recomputed from its stored seed and population.")
class DrawCheck:
    draw: InspectionDraw
    sample: list[strawberry.ID]
    matches: bool


@strawberry.type(name="PropertyInspectionCheck", description="One checklist item's score and finding (发现问题).")
class InspectionCheck:
    item: str
    score: int
    finding: str | None


@strawberry.type(description="A finding filed as a rectification case in dispatch (整改), followed to closure.")
class Rectification:
    item: str
    finding: str
    case_id: strawberry.ID | None = strawberry.field(description="The dispatch case; null until filed")
    rectified: bool = strawberry.field(description="The case was closed (and not reopened)")


@strawberry.type(name="PropertyInspection", description="An inspection of a sampled compound (抽查记录).")
class Inspection:
    id: strawberry.ID
    draw_id: strawberry.ID
    compound_id: strawberry.ID
    company_id: strawberry.ID | None
    inspected_on: date
    inspector: str
    checks: list[InspectionCheck]
    score: int
    max_score: int
    findings: int
    rectifications: list[Rectification]

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
    draw: InspectionDraw | None
    inspections: list[Inspection]
