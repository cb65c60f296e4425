"""What the fault tests share: a PostgreSQL cluster of their own, a vhost of their own, a tap that
counts the events the broker really delivered, a stream of case reports through the gateway, and
the tally each test prints (sent, accepted, delivered, duplicated, lost).

The machine's RabbitMQ and PostgreSQL are never stopped: a test that stops a server stops its own
(``PrivateBroker`` in tests/integration/private_broker.py, :class:`PrivatePostgres` here).
"""
from __future__ import annotations

import asyncio
import collections
import glob
import json
import os
import shutil
import subprocess
import tempfile
import time
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path

import httpx
from kombu import Connection, Exchange, Queue

from tests.support import ROOT, free_port

RESULTS = ROOT / "var" / "reliability"
# CIVICGRID_RELIABILITY_FULL=1: longer streams (the CI default keeps the suite within minutes)
SCALE = 3 if os.environ.get("CIVICGRID_RELIABILITY_FULL") == "1" else 1
REPORT_CASE = """mutation($gridId: ID!, $description: String!) {
  reportCase(input: {gridId: $gridId, category: "parking", description: $description}) {
  __typename ... on Case { id } ... on OperationError { code retryable } } }"""


def pg_bin(name: str) -> str | None:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return found[-1] if found else shutil.which(name)


class PrivatePostgres:
    """A throw-away PostgreSQL cluster on its own TCP port (trust auth, fsync off), that a test
    may stop and start. Runs as ``postgres`` when the test runs as root (initdb refuses root)."""

    def __init__(self):
        self.initdb, self.pg_ctl = pg_bin("initdb"), pg_bin("pg_ctl")
        self.base = Path(tempfile.mkdtemp(prefix="civicgrid-pgfault-"))
        self.data = self.base / "data"
        self.port = free_port()
        self.as_postgres: list[str] = []
        if os.geteuid() == 0:
            self.as_postgres = ["runuser", "-u", "postgres", "--"]
            shutil.chown(self.base, "postgres", "postgres")
        self.admin_url = f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"
        self.host = f"127.0.0.1:{self.port}"

    @staticmethod
    def available() -> bool:
        if not (pg_bin("initdb") and pg_bin("pg_ctl")):
            return False
        return os.geteuid() != 0 or shutil.which("runuser") is not None

    def _run(self, *cmd: str) -> None:
        subprocess.run([*self.as_postgres, *cmd], check=True, capture_output=True, text=True,
                       timeout=120)

    def init(self) -> None:
        self._run(self.initdb, "-D", str(self.data), "-U", "postgres", "--auth=trust", "--no-sync",
                  "-E", "UTF8")
        self.start()

    def start(self) -> None:
        self._run(self.pg_ctl, "-D", str(self.data), "-w", "-l", str(self.base / "log"), "-o",
                  f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.base} -c fsync=off "
                  "-c max_connections=200", "start")

    def stop(self, mode: str = "fast") -> None:
        self._run(self.pg_ctl, "-D", str(self.data), "-m", mode, "-w", "stop")

    def destroy(self) -> None:
        subprocess.run([*self.as_postgres, self.pg_ctl, "-D", str(self.data), "-m", "immediate",
                        "stop"], capture_output=True, timeout=60, check=False)
        shutil.rmtree(self.base, ignore_errors=True)


class EventTap:
    """A durable queue of the test's own bound to an exchange: every event the broker routed
    there, counted by its ``nameko.event_id`` (a republished event shows up twice)."""

    def __init__(self, amqp_uri: str, exchange: str, routing_key: str):
        self.amqp_uri = amqp_uri
        self.queue = Queue(f"tap-{uuid.uuid4().hex[:8]}",
                           Exchange(exchange, type="topic", durable=True), routing_key=routing_key,
                           durable=True)
        self.seen: collections.Counter[str] = collections.Counter()
        self.case_of: dict[str, str] = {}
        with Connection(amqp_uri, connect_timeout=10) as conn:
            self.queue(conn.channel()).declare()

    def drain(self) -> collections.Counter[str]:
        with Connection(self.amqp_uri, connect_timeout=10) as conn:
            queue = self.queue(conn.channel())
            while (message := queue.get(no_ack=True)) is not None:
                event_id = message.headers.get("nameko.event_id", "?")
                self.seen[event_id] += 1
                self.case_of[event_id] = json.loads(message.body).get("case_id")
        return self.seen


@dataclass
class Tally:
    """What a fault test reports. ``lost`` = accepted by a client yet never applied."""

    fault: str
    sent: int = 0
    accepted: int = 0
    refused_retryable: int = 0
    refused_other: int = 0
    delivered: int = 0
    duplicated_deliveries: int = 0
    applied: int = 0
    applied_twice: int = 0
    lost: int = 0
    notes: dict = field(default_factory=dict)

    def publish(self) -> None:
        RESULTS.mkdir(parents=True, exist_ok=True)
        path = RESULTS / f"{self.fault}.json"
        path.write_text(json.dumps(asdict(self), ensure_ascii=False, indent=1, default=str))
        print(f"\nRELIABILITY {self.fault}: " + ", ".join(
            f"{k}={v}" for k, v in asdict(self).items() if k != "fault"))


@dataclass
class Outcome:
    description: str
    kind: str            # "accepted" | error code
    retryable: bool
    case_id: str | None
    seconds: float


async def report_one(client: httpx.AsyncClient, url: str, headers: dict, grid_id: str,
                     description: str) -> Outcome:
    started = time.monotonic()
    try:
        response = await client.post(url + "/graphql", headers=headers, json={
            "query": REPORT_CASE, "variables": {"gridId": grid_id, "description": description}})
        body = response.json()
    except (httpx.HTTPError, ValueError) as exc:
        return Outcome(description, f"HTTP:{type(exc).__name__}", False, None,
                       time.monotonic() - started)
    elapsed = time.monotonic() - started
    if body.get("errors"):
        ext = body["errors"][0].get("extensions") or {}
        return Outcome(description, ext.get("code", "?"), bool(ext.get("retryable")), None, elapsed)
    result = body["data"]["reportCase"]
    if result["__typename"] == "Case":
        return Outcome(description, "accepted", False, result["id"], elapsed)
    return Outcome(description, result["code"], bool(result["retryable"]), None, elapsed)


async def report_stream(url: str, token: str, grid_id: str, label: str, count: int, *,
                        concurrency: int = 6, on_progress=None) -> list[Outcome]:
    """Report ``count`` cases with unique descriptions; ``on_progress(done)`` after each."""
    headers = {"Authorization": f"Bearer {token}", "Accept-Language": "en"}
    queue: asyncio.Queue[int] = asyncio.Queue()
    for i in range(count):
        queue.put_nowait(i)
    outcomes: list[Outcome] = []

    async def worker(client):
        while not queue.empty():
            i = queue.get_nowait()
            outcomes.append(await report_one(client, url, headers, grid_id, f"{label}-{i:05d}"))
            if on_progress is not None:
                await on_progress(len(outcomes))

    async with httpx.AsyncClient(timeout=60) as client:
        await asyncio.gather(*(worker(client) for _ in range(concurrency)))
    return outcomes


def wait_until(predicate, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {seconds}s waiting for {what}")
        time.sleep(0.3)
