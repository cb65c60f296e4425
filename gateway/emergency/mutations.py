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
    subject: str = strawberry.field(description="The cadre's login (token subject), 1–128 characters: who "
                                                "receives and acknowledges emergency tasks (干部账号).")
    name: str = strawberry.field(description="The cadre's name, 1–32 characters (干部姓名).")
    kind: str = strawberry.field(description="county_leader (县级领导 → community), department (职能部门 → "
                                             "compound) or cadre (机关干部 → building).")
    community_id: strawberry.ID | None = strawberry.field(
        default=None, description="The community's id (社区); required for a county_leader, else ignored.")
    compound_id: strawberry.ID | None = strawberry.field(
        default=None, description="The compound's id (小区); required for a department, else ignored.")
    building_id: strawberry.ID | None = strawberry.field(
        default=None, description="The building's id (楼栋); required for a cadre, else ignored.")


@strawberry.input(description="Switch a scope into emergency mode (一键启动): county, street or community.")
class ActivateEmergencyInput:
    reason: str = strawberry.field(description="Why, 1–200 characters, shown to the cadres called (启动原因).")
    scope_level: str = strawberry.field(default="county", description="county (全县), street (街道) or "
                                                                      "community (社区). Street staff "
                                                                      "activate only inside their street.")
    scope_id: strawberry.ID | None = strawberry.field(
        default=None, description="The street's or community's id; must be null for the county.")


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
