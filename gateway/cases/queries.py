"""Case queries."""
from __future__ import annotations

import strawberry

from gateway.cases.calendar import CalendarQuery
from gateway.cases.inbox import InboxQuery
from gateway.cases.lists import CaseListQuery
from gateway.cases.measures import MeasureQuery
from gateway.cases.routing import RoutingQuery
from gateway.cases.webhooks import WebhookQuery
from gateway.cases.work import WorkQuery
from gateway.cases.types import Case
from shared.contracts.validation import parse_id
from shared.errors import CivicError


@strawberry.type
class CaseQuery(MeasureQuery, CalendarQuery, CaseListQuery, RoutingQuery, WorkQuery, WebhookQuery, InboxQuery):
    @strawberry.field(description="One case in your scope, or null (事件).")
    async def case(self, info: strawberry.Info, id: strawberry.ID) -> Case | None:
        parse_id(id, "id")
        try:
            return Case.from_rpc(await info.context.call("dispatch", "get_case", str(id)))
        except CivicError as exc:
            if exc.code == "NOT_FOUND":
                return None
            raise
