"""Entrypoints of webhooks (事件推送): subscriptions, the consumer of every dispatch event that
creates deliveries, the timer that sends them, and the delivery log (mixed into the service)."""
from __future__ import annotations

import logging
import os

import sqlalchemy as sa
from nameko.timer import timer

from services.dispatch import listing, supervision, webhooks
from services.dispatch.models import WebhookAttempt, WebhookDelivery, WebhookSubscription
from shared.contracts.dispatch import SERVICE, WebhookIn
from shared.contracts.validation import parse_id, validate
from shared.nameko_ext import TenantEventHandler, rpc
from shared.scope import require_role

log = logging.getLogger(__name__)
WEBHOOK_SECONDS = float(os.environ.get("CIVICGRID_DISPATCH_WEBHOOK_SECONDS", "1"))


class EveryEvent(TenantEventHandler):
    """All events of a service in one queue (topic ``#``); the handler gets
    ``{"event_type", "payload"}``."""

    def handle_message(self, body, message):
        routing_key = message.delivery_info.get("routing_key")
        super().handle_message({"event_type": routing_key, "payload": body}, message)


every_event = EveryEvent.decorator


class HookEntrypoints:
    @rpc
    def subscribe_webhook(self, subscription):
        data = validate(WebhookIn, subscription)
        session = self.db.session
        with session.begin():
            row = webhooks.subscribe(session, self.principal, data)
            return webhooks.subscription_out(row, with_secret=True)

    @rpc
    def unsubscribe_webhook(self, subscription_id):
        session = self.db.session
        with session.begin():
            row = webhooks.unsubscribe(session, self.principal, parse_id(subscription_id, "id"))
            return webhooks.subscription_out(row)

    @rpc
    def list_webhooks(self, limit=50, after=None):
        require_role(self.principal, "county_admin", "command_center")
        query = sa.select(WebhookSubscription)
        rows = self.db.session.scalars(listing.page(query, WebhookSubscription.created_at,
                                                    WebhookSubscription.id, limit, after))
        return [webhooks.subscription_out(r) for r in rows]

    @rpc
    def webhook_deliveries(self, limit=50, after=None, subscription_id=None, status=None):
        require_role(self.principal, "county_admin", "command_center")
        query = sa.select(WebhookDelivery)
        if subscription_id:
            query = query.where(WebhookDelivery.subscription_id == parse_id(subscription_id,
                                                                            "subscriptionId"))
        if status:
            query = query.where(WebhookDelivery.status == str(status))
        rows = self.db.session.scalars(listing.page(query, WebhookDelivery.created_at,
                                                    WebhookDelivery.id, limit, after))
        return [webhooks.delivery_out(r) for r in rows]

    @rpc
    def webhook_attempts(self, delivery_ids):
        require_role(self.principal, "county_admin", "command_center")
        ids = [parse_id(i, "deliveryIds") for i in delivery_ids]
        rows = self.db.session.scalars(sa.select(WebhookAttempt).where(
            WebhookAttempt.delivery_id.in_(ids)).order_by(WebhookAttempt.delivery_id,
                                                          WebhookAttempt.attempt))
        return webhooks.attempts_out(list(rows))

    @every_event(SERVICE, "#")
    def fan_out_webhooks(self, event):
        """Every dispatch event → one delivery per matching subscription of its county."""
        session = self.db.session
        with session.begin():
            webhooks.fan_out(session, self.event_id, event["event_type"], event["payload"])

    @timer(interval=WEBHOOK_SECONDS)
    def deliver_webhooks(self):
        """Send due deliveries (every replica; leases keep them apart)."""
        try:
            sent = webhooks.deliver_due(supervision.factory_for(self.db.engine))
        except sa.exc.OperationalError as exc:  # database away: the next tick retries
            log.warning("webhook delivery pass skipped: %s", str(exc).splitlines()[0])
            return
        if sent:
            log.info("delivered %d webhook(s)", sent)
