"""``caseUpdates``: the closed loop of cases in a scope as it happens (事件动态), from dispatch's
case events (``case.reported``, ``case.accepted``, … ``whistle.part_resolved``)."""
from __future__ import annotations

from collections.abc import AsyncGenerator
from datetime import datetime

import strawberry

from gateway.cases.types import Case
from gateway.subscriptions.places import Place
from gateway.subscriptions.stream import subscribed
from shared.contracts.validation import parse_id
from shared.errors import CivicError
from shared.principal import Scope


def is_case_event(name: str) -> bool:
    return name.startswith(("case.", "whistle."))


@strawberry.type(description="One step of a case's closed loop as it happens (事件动态).")
class CaseUpdate:
    event: str = strawberry.field(description="The dispatch event: case.reported (上报), case.accepted "
                                              "(受理), case.escalated (提级), case.resolved (办结), "
                                              "case.rated (评议), case.archived (归档), case.closed, "
                                              "case.reopened, case.supervised (督办), case.whistled "
                                              "(吹哨), whistle.part_resolved; more may be added.")
    case_id: strawberry.ID = strawberry.field(description="The case (事件).")
    grid_id: strawberry.ID = strawberry.field(description="Its grid (网格).")
    community_id: strawberry.ID = strawberry.field(description="Its community (社区).")
    street_id: strawberry.ID = strawberry.field(description="Its street (街道).")
    at: datetime | None = strawberry.field(description="When it happened.")
    status: str | None = strawberry.field(description="The case's status after the event, when "
                                                      "the event carries it (closed, reopened).")

    @strawberry.field(description="The case as it is now, seen with your scope (null if it left "
                                  "it); one call per update.")
    async def case(self, info: strawberry.Info) -> Case | None:
        try:
            return Case.from_rpc(await info.context.call("dispatch", "get_case", str(self.case_id)))
        except CivicError as exc:
            if exc.code == "NOT_FOUND":
                return None
            raise


def _within(scope: Scope, place: Place) -> bool:
    if scope.level == "county":
        return True
    held = {"street": place.street_id, "community": place.community_id, "grid": place.grid_id}[scope.level]
    return held.lower() == str(scope.id).lower()


def _at(payload: dict) -> datetime | None:
    value = payload.get("at") or payload.get("reported_at")
    try:
        return datetime.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


@strawberry.type
class CaseSubscription:
    @strawberry.subscription(description="Case events in your data scope as they happen (事件动态), "
                                         "optionally narrowed to one grid, community or street.")
    async def case_updates(self, info: strawberry.Info, grid_id: strawberry.ID | None = None,
                           community_id: strawberry.ID | None = None,
                           street_id: strawberry.ID | None = None) -> AsyncGenerator[CaseUpdate, None]:
        wanted = {level: str(parse_id(value, f"{level}Id")) for level, value in
                  (("grid", grid_id), ("community", community_id), ("street", street_id)) if value}
        scope = info.context.principal.scope
        places = info.context.bus.places
        tenant = info.context.principal.tenant
        async with subscribed(info, is_case_event) as stream:
            async for event in stream:
                grid, case_id = event.payload.get("grid_id"), event.payload.get("case_id")
                if not grid or not case_id:
                    continue
                place = await places.of_grid(tenant, str(grid))
                if place is None or not _within(scope, place):
                    continue
                held = {"grid": place.grid_id, "community": place.community_id, "street": place.street_id}
                if any(held[level].lower() != value for level, value in wanted.items()):
                    continue
                yield CaseUpdate(event=event.name, case_id=strawberry.ID(str(case_id)),
                                 grid_id=strawberry.ID(place.grid_id),
                                 community_id=strawberry.ID(place.community_id),
                                 street_id=strawberry.ID(place.street_id), at=_at(event.payload),
                                 status=event.payload.get("status"))
