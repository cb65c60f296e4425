"""Contract of the case dispatch service (事件分拨服务), version 1.

RPC methods: ``health()`` (no tenant), ``report_case(case)``, ``get_case(case_id)``,
``cases_by_grid(grid_ids)``.
Events published (exchange ``dispatch.events``): ``case.reported`` with :class:`CaseReported`.
"""
from __future__ import annotations

from typing import Literal, TypedDict
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

SERVICE = "dispatch"
VERSION = 1
CASE_REPORTED = "case.reported"
Source = Literal["resident", "patrol", "hotline", "service"]


class CaseIn(BaseModel):
    """A case (事件/诉求) reported in a grid."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    grid_id: UUID
    category: str = Field(min_length=1, max_length=40)
    description: str = Field(min_length=1, max_length=2000)
    source: Source = "resident"


class CaseOut(TypedDict):
    id: str
    grid_id: str
    category: str
    description: str
    source: str
    status: str
    reported_at: str


class CaseReported(BaseModel):
    """Payload of ``case.reported``: what consumers may rely on."""

    case_id: UUID
    grid_id: UUID
    category: str
    reported_at: str
