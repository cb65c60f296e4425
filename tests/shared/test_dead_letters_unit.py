"""Dead-letter rows and replayed messages, without a broker."""
from __future__ import annotations

from datetime import datetime

from amqp import Message

from shared import dead_letters

GRID_QUEUE = "evt-dispatch-case.reported--grid.on_case_reported"


def dead(body: str = '{"case_id": "c"}', **extra) -> Message:
    death = {"count": 1, "reason": "delivery_limit", "queue": GRID_QUEUE,
             "time": datetime(2026, 11, 24, 7, 48, 43), "exchange": "dispatch.events",
             "routing-keys": ["case.reported"]}
    headers = {"nameko.tenant": "341181", "nameko.event_id": "e-1", "x-death": [death],
               "x-first-death-exchange": "dispatch.events", "x-first-death-queue": GRID_QUEUE,
               "x-first-death-reason": "delivery_limit", "x-delivery-count": 2, **extra}
    return Message(body, content_type="application/json", content_encoding="utf-8",
                   delivery_mode=2, user_id="guest", application_headers=headers)


def test_describe_reads_the_first_death_and_cuts_the_body():
    row = dead_letters.describe(dead("x" * 500), 3)
    assert row == {"index": 3, "original_exchange": "dispatch.events", "routing_key": "case.reported",
                   "queue": GRID_QUEUE, "reason": "delivery_limit", "count": 1,
                   "first_death_time": "2026-11-24T07:48:43+00:00", "tenant": "341181",
                   "event_id": "e-1", "body_preview": "x" * dead_letters.PREVIEW_CHARS}


def test_describe_takes_the_oldest_death_when_dead_lettered_twice():
    message = dead()
    headers = message.properties["application_headers"]
    headers["x-death"].insert(0, {"count": 1, "reason": "rejected", "queue": "other",
                                  "exchange": "civicgrid.dlx", "routing-keys": ["case.reported"]})
    del headers["x-first-death-exchange"], headers["x-first-death-queue"], headers["x-first-death-reason"]
    row = dead_letters.describe(message, 1)
    assert (row["queue"], row["reason"], row["original_exchange"]) == (GRID_QUEUE, "delivery_limit",
                                                                        "dispatch.events")


def test_replay_message_keeps_body_and_headers_but_not_the_broker_headers():
    again = dead_letters.replay_message(dead("体"))
    assert again.body == "体".encode()
    assert again.properties["application_headers"] == {"nameko.tenant": "341181", "nameko.event_id": "e-1"}
    assert again.properties["content_type"] == "application/json"
    assert again.properties["delivery_mode"] == 2
    assert "user_id" not in again.properties
