"""Per-county webhooks against a local HTTP receiver: matching events are POSTed signed
(HMAC-SHA256 over "<timestamp>.<body>"), failures are retried with backoff and logged, each event
is delivered once per subscription, other counties' events never arrive, bad subscriptions are
refused."""
from __future__ import annotations

import hashlib
import hmac
import json
import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.integration.conftest import Client, token
from tests.integration.dispatch_ops import ACCEPT, ERROR, report, run, wait_for
from tests.integration.territory_ops import lay_out

SUBSCRIBE = f"""mutation($input: SubscribeWebhookInput!) {{ subscribeWebhook(input: $input) {{
  __typename ... on Webhook {{ id secret secretHint events active }} {ERROR} }} }}"""
UNSUBSCRIBE = f"""mutation($id: ID!) {{ unsubscribeWebhook(id: $id) {{
  __typename ... on Webhook {{ active secret }} {ERROR} }} }}"""
DELIVERIES = """query($sub: ID) { webhookDeliveries(first: 100, subscriptionId: $sub) {
  edges { node { eventId eventType status attempts lastStatusCode log { attempt statusCode } } } } }"""
FAILURES_PER_DELIVERY = 2


class Receiver:
    """A county's SMS gateway stand-in: fails the first two POSTs of each delivery."""

    def __init__(self):
        self.received: list[dict] = []
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's name)
                body = self.rfile.read(int(self.headers["Content-Length"]))
                with receiver.lock:
                    delivery = self.headers["X-CivicGrid-Delivery"]
                    tries = sum(r["delivery"] == delivery for r in receiver.received) + 1
                    status = 500 if tries <= FAILURES_PER_DELIVERY else 200
                    receiver.received.append({"delivery": delivery, "status": status, "body": body,
                                              "headers": {k.lower(): v for k, v in self.headers.items()}})
                self.send_response(status)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/sms-gateway"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def accepted(self) -> list[dict]:
        with self.lock:
            return [r for r in self.received if r["status"] == 200]

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    r = Receiver()
    yield r
    r.close()


def test_signed_retried_and_delivered_once(gateway_url, receiver):
    county = Client(gateway_url, token("341122", "county_admin"))  # a county of its own: only our events
    other = Client(gateway_url, token("341123", "county_admin"))
    sub = county(SUBSCRIBE, input={"url": receiver.url, "events": ["case.reported", "case.accepted"],
                                   "description": "短信平台"})["subscribeWebhook"]
    assert len(sub["secret"]) == 64 and sub["secretHint"] == sub["secret"][-4:]
    case_id = report(county, lay_out(county)["grid"])
    run(county, ACCEPT, caseId=case_id)
    report(other, lay_out(other)["grid"])  # another county's case: never sent to this hook

    accepted = wait_for(lambda: len(receiver.accepted()) >= 2 and receiver.accepted(), 60,
                        "two accepted deliveries")
    bodies = [json.loads(r["body"]) for r in accepted]
    assert sorted(b["type"] for b in bodies) == ["case.accepted", "case.reported"]
    assert {b["data"]["case_id"] for b in bodies} == {case_id} and {b["tenant"] for b in bodies} == {"341122"}
    for r in accepted:
        stamp, signature = r["headers"]["x-civicgrid-timestamp"], r["headers"]["x-civicgrid-signature"]
        expected = hmac.new(sub["secret"].encode(), stamp.encode() + b"." + r["body"], hashlib.sha256)
        assert signature == "sha256=" + expected.hexdigest()
    assert Counter(r["delivery"] for r in receiver.received) == {r["delivery"]: 3 for r in accepted}

    log = wait_for(lambda: [e["node"] for e in county(DELIVERIES, sub=sub["id"])["webhookDeliveries"]["edges"]
                            if e["node"]["status"] == "delivered"] or None, 20, "the delivery log")
    assert len(log) == 2
    for delivery in log:
        assert (delivery["attempts"], delivery["lastStatusCode"]) == (3, 200)
        assert [(a["attempt"], a["statusCode"]) for a in delivery["log"]] == [(1, 500), (2, 500), (3, 200)]
    assert county(UNSUBSCRIBE, id=sub["id"])["unsubscribeWebhook"] == {"__typename": "Webhook",
                                                                       "active": False, "secret": None}


def test_bad_subscriptions_are_refused(gateway_url, superuser_db):
    county = Client(gateway_url, token("341122", "county_admin"))
    before = superuser_db("dispatch", "SELECT count(*) FROM webhook_subscriptions")
    for fields, field in (({"url": "ftp://x/y", "events": ["case.*"]}, "url"),
                          ({"url": "https://sms.example.cn/hook", "events": []}, "events"),
                          ({"url": "https://sms.example.cn/hook", "events": ["DROP TABLE"]}, "events")):
        result = county(SUBSCRIBE, input=fields)["subscribeWebhook"]
        assert (result["code"], result["field"]) == ("VALIDATION_FAILED", field), result
    staff = Client(gateway_url, token("341122", "street_staff"))
    body = staff.raw(SUBSCRIBE, {"input": {"url": "https://sms.example.cn/hook", "events": ["*"]}}).json()
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert superuser_db("dispatch", "SELECT count(*) FROM webhook_subscriptions") == before
