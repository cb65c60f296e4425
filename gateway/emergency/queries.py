"""Emergency queries."""
from __future__ import annotations

import strawberry

from typing import Annotated

from gateway.emergency.types import CadreAssignment, CadreCoverage, Emergency, EmergencyStatus, EmergencyTask
from gateway.pagination import Connection, check_page, sort_cursor
from shared.contracts.validation import parse_id

Active = Annotated[bool | None, strawberry.argument(description="true: still active; false: ended; null: all.")]
CadreKind = Annotated[str | None, strawberry.argument(description="county_leader, department or cadre.")]


@strawberry.type
class EmergencyQuery:
    @strawberry.field(description="An emergency with the acknowledged share per community in your scope "
                                  "(应急到岗情况).")
    async def emergency_status(self, info: strawberry.Info, id: strawberry.ID) -> EmergencyStatus:
        parse_id(id, "id")
        return EmergencyStatus.from_rpc(await info.context.call("grid", "emergency_status", str(id)))

    @strawberry.field(description="Emergency activations you may see, newest first (应急启动记录): county-wide ones "
                                  "and those of your street or communities. `first` ≤ 100.")
    async def emergencies(self, info: strawberry.Info, first: int, after: str | None = None,
                          active: Active = None) -> Connection[Emergency]:
        check_page(first, after, cursor_is_id=False)
        rows = await info.context.call("grid", "list_emergencies", limit=first + 1, after=after, active=active)
        return Connection.of(rows, first, Emergency.from_rpc, cursor=lambda r: sort_cursor(r["activated_at"], r["id"]))

    @strawberry.field(description="Cadres sunk into places in your scope, ordered by id (下沉干部名册), optionally "
                                  "of one kind, community or street. `first` ≤ 100.")
    async def cadre_assignments(self, info: strawberry.Info, first: int, after: str | None = None,
                                kind: CadreKind = None, community_id: strawberry.ID | None = None,
                                street_id: strawberry.ID | None = None) -> Connection[CadreAssignment]:
        check_page(first, after)
        for value, field in ((community_id, "communityId"), (street_id, "streetId")):
            if value is not None:
                parse_id(value, field)
        rows = await info.context.call("grid", "list_cadre_assignments", limit=first + 1, after=after, kind=kind,
                                       community_id=community_id, street_id=street_id)
        return Connection.of(rows, first, CadreAssignment.from_rpc)

    @strawberry.field(description="Your own open emergency tasks, to acknowledge (我的应急任务); a short list, "
                                  "not paged.",
                      deprecation_reason="Use myEmergencyTasksConnection (Relay connection).")
    async def my_emergency_tasks(self, info: strawberry.Info) -> list[EmergencyTask]:
        return [EmergencyTask.from_rpc(t) for t in await info.context.call("grid", "my_emergency_tasks")]

    @strawberry.field(description="Your own open emergency tasks, to acknowledge (我的应急任务, 分页): the "
                                  "latest activated emergency first, then by task id. `first` ≤ 100; "
                                  "`after` is the `endCursor` of the previous page.")
    async def my_emergency_tasks_connection(self, info: strawberry.Info, first: int,
                                            after: str | None = None) -> Connection[EmergencyTask]:
        check_page(first, after, cursor_is_id=False)
        rows = await info.context.call("grid", "my_emergency_tasks", limit=first + 1, after=after)
        return Connection.of(rows, first, EmergencyTask.from_rpc,
                             cursor=lambda r: sort_cursor(r["activated_at"], r["id"]))

    @strawberry.field(description="Communities, compounds and buildings in your scope still without a sunk "
                                  "cadre (干部下沉覆盖).")
    async def cadre_coverage(self, info: strawberry.Info) -> CadreCoverage:
        return CadreCoverage.from_rpc(await info.context.call("grid", "cadre_coverage"))
