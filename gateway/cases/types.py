"""Case types."""
from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry

from gateway.loaders import grids_by_id
from shared.contracts.dispatch import CaseOut

if TYPE_CHECKING:
    from gateway.territory.types import Grid


@strawberry.type(description="A case (事件/诉求) reported by a resident, a patrol, the hotline or a service.")
class Case:
    id: strawberry.ID
    category: str
    description: str
    source: str
    status: str = strawberry.field(description="reported (已上报) → … → archived (已归档)")
    reported_at: datetime
    grid_id: strawberry.ID

    @strawberry.field(description="The grid the case is in (所在网格).")
    async def grid(self, info: strawberry.Info) -> Annotated["Grid", strawberry.lazy("gateway.territory.types")] | None:
        return await info.context.loader("grids_by_id", grids_by_id).load(str(self.grid_id))

    @classmethod
    def from_rpc(cls, data: CaseOut) -> "Case":
        return cls(id=strawberry.ID(data["id"]), category=data["category"],
                   description=data["description"], source=data["source"], status=data["status"],
                   reported_at=datetime.fromisoformat(data["reported_at"]),
                   grid_id=strawberry.ID(data["grid_id"]))
