"""Webhooks on SQLite with a local HTTP receiver: one delivery per subscription and event, signed
POSTs, retries with backoff logged attempt by attempt, given up after the last one."""
import hashlib
import hmac
import threading
import uuid
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import sqlalchemy as sa

from services.dispatch import webhooks
from services.dispatch.models import WebhookAttempt, WebhookDelivery
from shared.contracts.dispatch import WebhookIn
from shared.db import open_tenant_session, utcnow
from tests.services.dispatch.support import ADMIN, TENANT


@pytest.fixture
def receiver():
    answers, seen = [], []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802
            seen.append(({k.lower(): v for k, v in self.headers.items()}, self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(answers.pop(0) if answers else 200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/hook", answers, seen
    server.shutdown()
    server.server_close()


def subscribe(factory, url, events=("case.*",)):
    with open_tenant_session(factory, TENANT) as session, session.begin():
        return webhooks.subscription_out(
            webhooks.subscribe(session, ADMIN, WebhookIn(url=url, events=list(events))), with_secret=True)


def fan_out(factory, event_id, event_type="case.reported"):
    with open_tenant_session(factory, TENANT) as session, session.begin():
        return webhooks.fan_out(session, event_id, event_type, {"case_id": "c-1"})


def deliveries(factory):
    with open_tenant_session(factory, TENANT) as session:
        return session.scalars(sa.select(WebhookDelivery)).all(), session.scalars(
            sa.select(WebhookAttempt).order_by(WebhookAttempt.attempt)).all()


def test_fan_out_matches_patterns_once_per_event(factory):
    subscribe(factory, "https://a.example.cn/x", ["case.*"])
    subscribe(factory, "https://b.example.cn/x", ["wish.fulfilled"])
    event = uuid.uuid4()
    assert fan_out(factory, event) == 1
    assert fan_out(factory, event) == 0  # redelivered: nothing new
    assert fan_out(factory, uuid.uuid4(), "order.completed") == 0


def test_signed_post_retried_with_backoff_and_logged(factory, receiver):
    url, answers, seen = receiver
    sub = subscribe(factory, url)
    fan_out(factory, uuid.uuid4())
    answers.extend([500, 503])
    now = utcnow()
    assert webhooks.deliver_due(factory, now) == 0
    assert webhooks.deliver_due(factory, now) == 0  # not due again before its backoff
    assert webhooks.deliver_due(factory, now + timedelta(seconds=webhooks.BACKOFF[0] + 1)) == 0
    assert webhooks.deliver_due(factory, now + timedelta(seconds=sum(webhooks.BACKOFF[:2]) + 5)) == 1
    [delivery], attempts = deliveries(factory)
    assert (delivery.status, delivery.attempts) == ("delivered", 3)
    assert [(a.attempt, a.status_code) for a in attempts] == [(1, 500), (2, 503), (3, 200)]
    headers, body = seen[-1]
    expected = hmac.new(sub["secret"].encode(), headers["x-civicgrid-timestamp"].encode() + b"." + body,
                        hashlib.sha256).hexdigest()
    assert headers["x-civicgrid-signature"] == f"sha256={expected}"
    assert len({h["x-civicgrid-delivery"] for h, _ in seen}) == 1


def test_gives_up_after_the_last_retry(factory):
    subscribe(factory, "http://127.0.0.1:9/closed")  # nothing listens on the discard port
    fan_out(factory, uuid.uuid4())
    moment = utcnow()
    for _ in range(len(webhooks.BACKOFF) + 1):
        webhooks.deliver_due(factory, moment)
        moment += timedelta(hours=2)
    [delivery], attempts = deliveries(factory)
    assert delivery.status == "failed" and len(attempts) == len(webhooks.BACKOFF) + 1
    assert all(a.status_code is None and a.error for a in attempts)
