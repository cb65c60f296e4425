"""Poison messages and dead-letter replay (issue 10): a handler that keeps failing dead-letters the
event after the delivery limit with its reason; `civicgrid dead-letters list|replay` reads the
queue without losing messages and replays by event id, idempotently."""
from __future__ import annotations

import json
import subprocess
import sys
import time
import uuid
from datetime import UTC, datetime

import pytest
from amqp import Message
from kombu import Connection

from shared import dead_letters
from shared.broker import DEAD_LETTER_QUEUE
from tests.integration.territory_ops import GRID, REPORT_CASE, lay_out
from tests.support import ROOT

TENANT = "341181"
GRID_QUEUE = "evt-dispatch-case.reported--grid.on_case_reported"
HEALTH = "{ serviceHealth { service status } }"


def publish(amqp_uri: str, body: dict, headers: dict, *, exchange: str, routing_key: str) -> None:
    with Connection(amqp_uri, connect_timeout=5) as conn:
        conn.connect()
        channel = conn.connection.channel()
        channel.basic_publish_confirm(
            Message(json.dumps(body, ensure_ascii=False).encode(), content_type="application/json",
                    content_encoding="utf-8", delivery_mode=2, application_headers=headers),
            exchange=exchange, routing_key=routing_key, mandatory=True, confirm_timeout=10)
        channel.close()


def dead_letter(amqp_uri: str, body: dict, event_id: str, *, routing_key: str = "case.reported",
                exchange: str = "dispatch.events") -> None:
    """Put a message straight into the dead-letter queue, with the x-death the broker would add."""
    death = {"count": 1, "reason": "delivery_limit", "queue": GRID_QUEUE,
             "time": datetime.now(UTC).replace(microsecond=0),
             "exchange": exchange, "routing-keys": [routing_key]}
    headers = {"nameko.tenant": TENANT, "nameko.event_id": event_id, "x-death": [death],
               "x-first-death-exchange": exchange, "x-first-death-queue": GRID_QUEUE,
               "x-first-death-reason": "delivery_limit"}
    publish(amqp_uri, body, headers, exchange="", routing_key=DEAD_LETTER_QUEUE)


def mine(amqp_uri: str, event_id: str) -> list[dict]:
    return [row for row in dead_letters.list_dead_letters(amqp_uri, limit=10_000)
            if row["event_id"] == event_id]


def wait_for(check, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {seconds}s waiting for {what}")
        time.sleep(0.3)


def open_cases(client, grid_id: str) -> int:
    return client(GRID, id=grid_id)["grid"]["openCaseCount"]


def case_reported(grid_id: str) -> dict:
    return {"case_id": str(uuid.uuid4()), "grid_id": grid_id, "category": "parking",
            "reported_at": datetime.now(UTC).isoformat()}


def cli(amqp_uri: str, platform_env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "gateway.cli", "dead-letters", *args], cwd=ROOT,
                          env={**platform_env, "AMQP_URI": amqp_uri}, capture_output=True,
                          text=True, timeout=60, check=False)


def test_poison_event_is_dead_lettered_after_the_delivery_limit(amqp_uri, county_a, platform_env):
    event_id = str(uuid.uuid4())
    poison = {"bogus": 1, "note": "身份证340000199001011234 " * 20}  # personal data beyond the preview
    full_body = json.dumps(poison, ensure_ascii=False)
    publish(amqp_uri, poison, {"nameko.tenant": TENANT, "nameko.event_id": event_id},
            exchange="dispatch.events", routing_key="case.reported")
    # every consumer of case.reported fails to parse it, requeues, and gives up at the limit
    rows = wait_for(lambda: [r for r in mine(amqp_uri, event_id) if r["queue"] == GRID_QUEUE],
                    30, "the grid consumer's copy in the dead-letter queue")
    row = rows[0]
    assert row["reason"] == "delivery_limit"
    assert row["original_exchange"] == "dispatch.events" and row["routing_key"] == "case.reported"
    assert row["tenant"] == TENANT and row["count"] == 1 and row["first_death_time"]
    assert row["body_preview"] == full_body[:dead_letters.PREVIEW_CHARS]
    # listing did not consume: the grid's copy is still there, and the CLI shows it, cut short
    assert [r for r in mine(amqp_uri, event_id) if r["queue"] == GRID_QUEUE]
    shown = cli(amqp_uri, platform_env, "list", "--limit", "10000")
    assert shown.returncode == 0, shown.stderr
    assert event_id in shown.stdout and "delivery_limit" in shown.stdout
    assert full_body[:dead_letters.PREVIEW_CHARS] in shown.stdout
    assert full_body[:dead_letters.PREVIEW_CHARS + 1] not in shown.stdout
    # the grid service kept running
    health = county_a(HEALTH)["serviceHealth"]
    assert {h["service"]: h["status"] for h in health}["grid"] == "ok"
    assert all(h["status"] == "ok" for h in health), health


def test_replay_by_event_id_applies_once(amqp_uri, county_a, platform_env):
    grid_id = lay_out(county_a)["grid"]
    body, event_id = case_reported(grid_id), str(uuid.uuid4())
    dead_letter(amqp_uri, body, event_id)
    listed = mine(amqp_uri, event_id)
    assert [(r["reason"], r["original_exchange"], r["routing_key"]) for r in listed] == [
        ("delivery_limit", "dispatch.events", "case.reported")]
    assert open_cases(county_a, grid_id) == 0

    replayed = cli(amqp_uri, platform_env, "replay", "--event-id", event_id)
    assert replayed.returncode == 0, replayed.stderr
    assert replayed.stdout.strip() == "1 dead letter(s) replayed"
    wait_for(lambda: open_cases(county_a, grid_id) == 1, 15, "openCaseCount 1 after the replay")
    assert mine(amqp_uri, event_id) == []

    # the same event dead-lettered and replayed again is not applied twice
    dead_letter(amqp_uri, body, event_id)
    assert dead_letters.replay(amqp_uri, event_id=event_id) == 1
    # a real case reported after the replay: once its count arrives, the replay was handled too
    case = county_a(REPORT_CASE, gridId=grid_id, category="parking", description="重放后")["reportCase"]
    assert case["__typename"] == "Case", case
    wait_for(lambda: open_cases(county_a, grid_id) >= 2, 15, "the later real case to be counted")
    time.sleep(1)
    assert open_cases(county_a, grid_id) == 2
    assert mine(amqp_uri, event_id) == []


def test_failed_replay_keeps_the_dead_letter(amqp_uri, county_a, platform_env):
    grid_id = lay_out(county_a)["grid"]
    event_id = str(uuid.uuid4())
    # dispatch's webhook consumer takes every dispatch event, so the unroutable one goes to grid.events
    dead_letter(amqp_uri, case_reported(grid_id), event_id, routing_key="nobody.listens.here",
                exchange="grid.events")
    with pytest.raises(dead_letters.ReplayFailed):  # unroutable: returned, so never acknowledged
        dead_letters.replay(amqp_uri, event_id=event_id)
    failed = cli(amqp_uri, platform_env, "replay", "--event-id", event_id)
    assert failed.returncode == 1 and "failed" in failed.stderr and not failed.stdout
    assert [r["routing_key"] for r in mine(amqp_uri, event_id)] == ["nobody.listens.here"]
    assert open_cases(county_a, grid_id) == 0


def test_replay_needs_a_selection(amqp_uri):
    with pytest.raises(ValueError):
        dead_letters.replay(amqp_uri)
    with pytest.raises(ValueError):
        dead_letters.replay(amqp_uri, event_id="x", all=True)
