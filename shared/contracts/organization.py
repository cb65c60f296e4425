"""Contract of the organization service (党组织服务), version 1.

RPC methods: ``health()`` (no tenant), ``register_county(county)`` (platform admin; the tenant is
the one in the call context), ``get_county()``.
"""
from __future__ import annotations

from typing import TypedDict

from pydantic import BaseModel, ConfigDict, Field

SERVICE = "organization"
VERSION = 1


class CountyIn(BaseModel):
    """A county-level tenant (县级租户); its code is the tenant of the call."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str = Field(min_length=1, max_length=64)


class CountyOut(TypedDict):
    code: str
    name: str
    created_at: str
