"""Emergency queries."""
from __future__ import annotations

import strawberry

from gateway.emergency.types import CadreCoverage, EmergencyStatus, EmergencyTask
from shared.contracts.validation import parse_id


@strawberry.type
class EmergencyQuery:
    @strawberry.field(description="An emergency with the acknowledged share per community in your scope "
                                  "(应急到岗情况).")
    async def emergency_status(self, info: strawberry.Info, id: strawberry.ID) -> EmergencyStatus:
        parse_id(id, "id")
        return EmergencyStatus.from_rpc(await info.context.call("grid", "emergency_status", str(id)))

    @strawberry.field(description="Your own open emergency tasks, to acknowledge (我的应急任务).")
    async def my_emergency_tasks(self, info: strawberry.Info) -> list[EmergencyTask]:
        return [EmergencyTask.from_rpc(t) for t in await info.context.call("grid", "my_emergency_tasks")]

    @strawberry.field(description="Communities, compounds and buildings in your scope still without a sunk "
                                  "cadre (干部下沉覆盖).")
    async def cadre_coverage(self, info: strawberry.Info) -> CadreCoverage:
        return CadreCoverage.from_rpc(await info.context.call("grid", "cadre_coverage"))
