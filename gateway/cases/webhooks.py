"""GraphQL of per-county webhooks (事件推送): subscribe a URL to dispatch events, read the
delivery log. Deliveries are signed: ``X-CivicGrid-Signature: sha256=<hex>`` =
HMAC-SHA256(secret, ``"<X-CivicGrid-Timestamp>.<body>"``)."""
from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

import strawberry

from gateway.cases.lists import time_cursor
from gateway.errors import OperationError, mutate
from gateway.pagination import Connection, check_first
from shared.contracts.dispatch import DeliveryOut, WebhookOut


def _time(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


@strawberry.type(description="A county's webhook subscription (事件推送订阅).")
class Webhook:
    id: strawberry.ID = strawberry.field(description="The subscription's id (订阅编号); pass it to "
                                                     "unsubscribeWebhook.")
    url: str = strawberry.field(description="Where events are POSTed (推送地址), an http:// or https:// URL.")
    events: list[str] = strawberry.field(description="event names or patterns: case.*, wish.fulfilled, *")
    description: str | None = strawberry.field(description="What it is for, as given (备注), e.g. 短信网关; "
                                                           "null when none.")
    active: bool = strawberry.field(description="false once unsubscribed (已停用): nothing more is sent.")
    secret_hint: str = strawberry.field(description="last four characters of the signing secret")
    created_at: datetime = strawberry.field(description="When it was subscribed (订阅时间), ISO 8601 with "
                                                        "offset.")
    secret: str | None = strawberry.field(description="the signing secret: only in "
                                                      "subscribeWebhook's answer, never again")

    @classmethod
    def from_rpc(cls, data: WebhookOut) -> "Webhook":
        return cls(id=strawberry.ID(data["id"]), url=data["url"], events=data["events"],
                   description=data["description"], active=data["active"],
                   secret_hint=data["secret_hint"], created_at=_time(data["created_at"]),
                   secret=data.get("secret"))


@strawberry.type(description="One POST tried for a delivery (推送记录).")
class WebhookAttempt:
    attempt: int = strawberry.field(description="The attempt's number (第几次), from 1; a delivery is "
                                                "tried up to 8 times.")
    at: datetime = strawberry.field(description="When the attempt finished (推送时间), ISO 8601 with offset.")
    status_code: int | None = strawberry.field(description="The receiver's HTTP status code (响应码); 2xx "
                                                           "delivers. Null when no response came.")
    error: str | None = strawberry.field(description="What went wrong (失败原因), e.g. HTTP 500 or a "
                                                     "connection error; null on success.")
    duration_ms: int = strawberry.field(description="How long the POST took, in milliseconds (耗时).")


async def attempts_by_delivery(ctx, keys: list[str]) -> list[list[Any]]:
    grouped: dict[str, list[Any]] = {key: [] for key in keys}
    for row in await ctx.call("dispatch", "webhook_attempts", list(keys)):
        grouped[row["delivery_id"]].append(WebhookAttempt(
            attempt=row["attempt"], at=_time(row["at"]), status_code=row["status_code"],
            error=row["error"], duration_ms=row["duration_ms"]))
    return [grouped[key] for key in keys]


@strawberry.type(description="One event for one subscription: pending → delivered, or failed "
                             "after the last retry.")
class WebhookDelivery:
    id: strawberry.ID = strawberry.field(description="The delivery's id (推送编号), sent as the "
                                                     "X-CivicGrid-Delivery header: receivers de-duplicate "
                                                     "on it.")
    subscription_id: strawberry.ID = strawberry.field(description="The webhook subscription's id (订阅).")
    event_id: strawberry.ID = strawberry.field(description="The event's id (事件消息编号), the body's id.")
    event_type: str = strawberry.field(description="The event's name (事件类型), e.g. case.reported, "
                                                   "case.resolved, wish.fulfilled; also the "
                                                   "X-CivicGrid-Event header.")
    status: str = strawberry.field(description="pending (待推送), delivered (已送达) or failed (已放弃: "
                                               "every retry failed, or the subscription was stopped).")
    attempts: int = strawberry.field(description="POSTs tried so far (推送次数), up to 8.")
    last_status_code: int | None = strawberry.field(description="HTTP status code of the last attempt; "
                                                               "null before any or when no response "
                                                               "came.")
    last_error: str | None = strawberry.field(description="Error of the last attempt (失败原因); null when "
                                                          "none.")
    next_attempt_at: datetime | None = strawberry.field(description="When it is tried next (下次推送时间), "
                                                                    "ISO 8601 with offset; null once "
                                                                    "delivered or failed.")
    delivered_at: datetime | None = strawberry.field(description="When the receiver accepted it (送达时间), "
                                                                 "ISO 8601 with offset; null until then.")
    created_at: datetime = strawberry.field(description="When the event was queued for this subscription "
                                                        "(创建时间), ISO 8601 with offset.")

    @strawberry.field(description="Every POST tried, oldest first.")
    async def log(self, info: strawberry.Info) -> list[WebhookAttempt]:
        return await info.context.loader("webhook_attempts", attempts_by_delivery).load(str(self.id))

    @classmethod
    def from_rpc(cls, data: DeliveryOut) -> "WebhookDelivery":
        return cls(id=strawberry.ID(data["id"]), subscription_id=strawberry.ID(data["subscription_id"]),
                   event_id=strawberry.ID(data["event_id"]), event_type=data["event_type"],
                   status=data["status"], attempts=data["attempts"],
                   last_status_code=data["last_status_code"], last_error=data["last_error"],
                   next_attempt_at=_time(data["next_attempt_at"]),
                   delivered_at=_time(data["delivered_at"]), created_at=_time(data["created_at"]))


@strawberry.input(description="Subscribe a URL to this county's dispatch events (county admin).")
class SubscribeWebhookInput:
    url: str = strawberry.field(description="Where to POST events (推送地址): an http:// or https:// URL, up "
                                            "to 500 characters.")
    events: list[str] = strawberry.field(description="e.g. [\"case.*\", \"wish.fulfilled\"]")
    description: str | None = strawberry.field(default=None, description="What it is for (备注), up to 100 "
                                                                         "characters.")


WebhookResult = Annotated[Webhook | OperationError, strawberry.union("WebhookResult")]


@strawberry.type
class WebhookMutation:
    @strawberry.mutation(description="Subscribe a webhook; the answer carries the signing secret "
                                     "once (事件推送).")
    async def subscribe_webhook(self, info: strawberry.Info, input: SubscribeWebhookInput) -> WebhookResult:
        return await mutate(info, "dispatch", "subscribe_webhook",
                            {"url": input.url, "events": input.events, "description": input.description},
                            build=Webhook.from_rpc)

    @strawberry.mutation(description="Stop a webhook; its pending deliveries are given up.")
    async def unsubscribe_webhook(self, info: strawberry.Info, id: strawberry.ID) -> WebhookResult:
        return await mutate(info, "dispatch", "unsubscribe_webhook", str(id), build=Webhook.from_rpc)


@strawberry.type
class WebhookQuery:
    @strawberry.field(description="This county's webhooks, newest first. `first` ≤ 100.")
    async def webhooks(self, info: strawberry.Info, first: int,
                       after: str | None = None) -> Connection[Webhook]:
        check_first(first)
        rows = await info.context.call("dispatch", "list_webhooks", limit=first + 1, after=after)
        return Connection.of(rows, first, Webhook.from_rpc, cursor=time_cursor("created_at"))

    @strawberry.field(description="The delivery log, newest first, optionally of one subscription "
                                  "or status (pending, delivered, failed). `first` ≤ 100.")
    async def webhook_deliveries(self, info: strawberry.Info, first: int, after: str | None = None,
                                 subscription_id: strawberry.ID | None = None,
                                 status: str | None = None) -> Connection[WebhookDelivery]:
        check_first(first)
        rows = await info.context.call("dispatch", "webhook_deliveries", limit=first + 1, after=after,
                                       subscription_id=subscription_id, status=status)
        return Connection.of(rows, first, WebhookDelivery.from_rpc, cursor=time_cursor("created_at"))
