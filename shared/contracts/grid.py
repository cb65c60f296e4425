"""Contract of the grid & personnel service (网格与人员服务), version 1.

RPC methods (all tenant-scoped unless noted): ``health()`` (no tenant), ``create_street(street)``,
``create_community(community)``, ``create_compound(compound)``, ``create_building(building)``,
``create_grid(grid)``,
``get_grid(grid_id)``, ``grids_by_ids(ids)``, ``list_grids(limit, after)``.
Consumes: ``dispatch``/``case.reported``.
"""
from __future__ import annotations

from typing import Literal, TypedDict
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

SERVICE = "grid"
VERSION = 1
Name = Field(min_length=1, max_length=64)


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class StreetIn(_In):
    """A street or town (街道/镇). ``code`` is its 9-digit administrative code."""

    name: str = Name
    code: str | None = Field(None, pattern=r"^[0-9]{9}$")


class CommunityIn(_In):
    """A community or village (社区/村) in a street; ``code`` is the 12-digit code."""

    street_id: UUID
    name: str = Name
    code: str | None = Field(None, pattern=r"^[0-9]{12}$")


class CompoundIn(_In):
    """A residential compound (小区) in a community."""

    community_id: UUID
    name: str = Name


class BuildingIn(_In):
    """A building (楼栋) in a compound, with its number of households."""

    compound_id: UUID
    name: str = Name
    households: int = Field(0, ge=0, le=2000)


class GridIn(_In):
    """A grid (网格): community grids cover 300–500 households; specialized grids (专属网格)
    cover a school, firm, market or religious site."""

    community_id: UUID
    name: str = Name
    kind: Literal["community", "specialized"] = "community"
    compound_id: UUID | None = None


class GridOut(TypedDict):
    id: str
    street_id: str
    community_id: str
    compound_id: str | None
    name: str
    kind: str
    open_case_count: int


class PlaceOut(TypedDict):
    id: str
    name: str
    code: str | None


class BuildingOut(TypedDict):
    id: str
    compound_id: str
    name: str
    households: int
