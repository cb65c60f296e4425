"""Paged lists of cases (事件列表) with the filters county staff use."""
from __future__ import annotations

from datetime import datetime

import strawberry

from gateway.cases.types import Case, CaseLevel
from gateway.pagination import Connection, check_first


@strawberry.input(description="Filters of a case list; all optional, combined with AND.")
class CaseFilter:
    status: list[str] | None = strawberry.field(default=None, description=(
        "Any of these statuses: reported, accepted, escalated, resolved, verified, rated, archived, "
        "rejected, merged (see Case.status)."))
    level: CaseLevel | None = strawberry.field(default=None, description="Only cases handled at this "
                                                                        "level (办理层级).")
    category: str | None = strawberry.field(default=None, description="Only this category code (事件分类), "
                                                                      "e.g. parking; see caseCategories.")
    since: datetime | None = strawberry.field(default=None, description="reported at or after")
    until: datetime | None = strawberry.field(default=None, description="reported before")
    street_id: strawberry.ID | None = strawberry.field(default=None, description="Only cases in the street "
                                                                                "with this id (街道).")
    community_id: strawberry.ID | None = strawberry.field(default=None, description="Only cases in the "
                                                                                   "community with this "
                                                                                   "id (社区).")
    grid_id: strawberry.ID | None = strawberry.field(default=None, description="Only cases in the grid with "
                                                                              "this id (网格).")
    supervised: bool | None = strawberry.field(default=None, description="under supervision (督办)")


def filter_payload(f) -> dict:
    if f is None:
        return {}
    out = {}
    for key in ("status", "category", "street_id", "community_id", "grid_id", "supervised"):
        value = getattr(f, key, None)
        if value is not None:
            out[key] = value
    if getattr(f, "level", None) is not None:
        out["level"] = f.level.value
    for key in ("since", "until"):
        if getattr(f, key, None) is not None:
            out[key] = getattr(f, key).isoformat()
    return out


def time_cursor(key: str):
    return lambda row: f"{row[key]}|{row['id']}"


@strawberry.type
class CaseListQuery:
    @strawberry.field(description="Cases in your scope, newest first, filtered (事件列表). "
                                  "`first` ≤ 100.")
    async def cases(self, info: strawberry.Info, first: int, after: str | None = None,
                    filter: CaseFilter | None = None) -> Connection[Case]:
        check_first(first)
        rows = await info.context.call("dispatch", "list_cases", limit=first + 1, after=after,
                                       filters=filter_payload(filter))
        return Connection.of(rows, first, Case.from_rpc, cursor=time_cursor("reported_at"))
