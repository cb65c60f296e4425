"""``emergencyAcknowledgements``: cadres answering an emergency activation (一键启动) as they do,
from the grid service's ``emergency.acknowledged`` events."""
from __future__ import annotations

from collections.abc import AsyncGenerator
from datetime import datetime

import strawberry

from gateway.emergency.types import EmergencyStatus
from gateway.subscriptions.stream import subscribed
from shared.contracts.grid import EMERGENCY_ACKNOWLEDGED
from shared.contracts.validation import parse_id


@strawberry.type(description="One cadre acknowledged an emergency task (应急到岗确认).")
class EmergencyAcknowledgement:
    emergency_id: strawberry.ID = strawberry.field(description="The activation (一键启动).")
    task_id: strawberry.ID = strawberry.field(description="The acknowledged task (应急任务).")
    subject: str = strawberry.field(description="The login of the cadre who acknowledged.")
    community_id: strawberry.ID = strawberry.field(description="The community of the task (社区).")
    acknowledged_at: datetime | None = strawberry.field(description="When it was acknowledged.")

    @strawberry.field(description="The activation's acknowledged share per community now, seen "
                                  "with your scope (到岗率); one call per acknowledgement.")
    async def status(self, info: strawberry.Info) -> EmergencyStatus:
        return EmergencyStatus.from_rpc(
            await info.context.call("grid", "emergency_status", str(self.emergency_id)))


def _time(value) -> datetime | None:
    try:
        return datetime.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


@strawberry.type
class EmergencySubscription:
    @strawberry.subscription(description="Acknowledgements of one emergency activation in your "
                                         "scope as cadres send them (应急到岗动态).")
    async def emergency_acknowledgements(self, info: strawberry.Info, activation_id: strawberry.ID
                                         ) -> AsyncGenerator[EmergencyAcknowledgement, None]:
        wanted = str(parse_id(activation_id, "activationId"))
        async with subscribed(info, lambda name: name == EMERGENCY_ACKNOWLEDGED) as stream:
            # after subscribing, so nothing acknowledged meanwhile is missed; refuses an activation
            # that is not the tenant's (NOT_FOUND) or a role that may not follow it (FORBIDDEN)
            status = await info.context.call("grid", "emergency_status", wanted)
            county = info.context.principal.scope.level == "county"
            visible = {c["community_id"].lower() for c in status["communities"]}
            async for event in stream:
                p = event.payload
                community = str(p.get("community_id") or "").lower()
                if str(p.get("emergency_id") or "").lower() != wanted:
                    continue
                if not county and community not in visible:
                    continue
                yield EmergencyAcknowledgement(
                    emergency_id=strawberry.ID(wanted), task_id=strawberry.ID(str(p.get("task_id"))),
                    subject=str(p.get("subject") or ""), community_id=strawberry.ID(community),
                    acknowledged_at=_time(p.get("acknowledged_at")))
