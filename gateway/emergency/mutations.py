"""Emergency mutations: each returns the result or an OperationError (nothing written)."""
from __future__ import annotations

from typing import Annotated

import strawberry

from gateway.emergency.types import CadreAssignment, Emergency, EmergencyTask
from gateway.errors import OperationError, mutate
from gateway.payloads import payload


@strawberry.input(description="Sink a cadre into a place (定格入网): county_leader needs communityId, "
                              "department compoundId, cadre buildingId. `subject` is the cadre's login.")
class AssignCadreInput:
    subject: str
    name: str
    kind: str
    community_id: strawberry.ID | None = None
    compound_id: strawberry.ID | None = None
    building_id: strawberry.ID | None = None


@strawberry.input(description="Switch a scope into emergency mode (一键启动): county, street or community.")
class ActivateEmergencyInput:
    reason: str
    scope_level: str = "county"
    scope_id: strawberry.ID | None = None


AssignResult = Annotated[CadreAssignment | OperationError, strawberry.union("AssignCadreResult")]
EmergencyResult = Annotated[Emergency | OperationError, strawberry.union("EmergencyResult")]
TaskResult = Annotated[EmergencyTask | OperationError, strawberry.union("AcknowledgeEmergencyResult")]


async def _call(info: strawberry.Info, build, method: str, *args):
    return await mutate(info, "grid", method, *args, build=build)


@strawberry.type
class EmergencyMutation:
    @strawberry.mutation(description="Assign a cadre to a community, compound or building (干部下沉). County admins.")
    async def assign_cadre(self, info: strawberry.Info, input: AssignCadreInput) -> AssignResult:
        return await _call(info, CadreAssignment.from_rpc, "assign_cadre", payload(input))

    @strawberry.mutation(description="Activate emergency mode (一键启动): every cadre in scope gets a task.")
    async def activate_emergency(self, info: strawberry.Info, input: ActivateEmergencyInput) -> EmergencyResult:
        return await _call(info, Emergency.from_rpc, "activate_emergency", payload(input))

    @strawberry.mutation(description="Acknowledge your own emergency task (应急到岗确认).")
    async def acknowledge_emergency(self, info: strawberry.Info, task_id: strawberry.ID) -> TaskResult:
        return await _call(info, EmergencyTask.from_rpc, "acknowledge_emergency", str(task_id))

    @strawberry.mutation(description="End an emergency (解除应急状态).")
    async def deactivate_emergency(self, info: strawberry.Info, id: strawberry.ID) -> EmergencyResult:
        return await _call(info, Emergency.from_rpc, "deactivate_emergency", str(id))
