"""A service whose nameko container dies makes its process exit non-zero (issue 10).

nameko kills a container when one of its managed threads raises; the process used to stay up,
consuming nothing. The real cause used here is nameko's own fatal consumer error: a service's RPC
reply queue is deleted while one of its calls waits for an answer, so its reply consumer
reconnects, finds the queue gone and raises ``ReplyQueueExpiredWithPendingReplies`` (what a reply
queue that expired during a long disconnection does). The watchdog itself is also tested in this
process on a real ``ServiceContainer`` killed with an error.

:class:`Asker` runs in a subprocess only (``python -m shared.runner
tests.shared.test_runner_watchdog:Asker``): it calls itself from a timer, and the called method
holds the call open.
"""
from __future__ import annotations

import json
import logging
import shutil
import subprocess
import sys
import time

import eventlet
import httpx
import pytest
from nameko.containers import ServiceContainer
from nameko.rpc import ServiceRpc
from nameko.runners import ServiceRunner
from nameko.timer import timer

from shared import health
from shared.broker import can_manage_locally
from shared.nameko_ext import rpc
from tests.conftest import missing
from tests.support import READY_SECONDS, Proc, free_port, process_env

pytestmark = pytest.mark.timeout(600)
SERVICE = "watchdogtest"
log = logging.getLogger("tests.watchdog")


class Asker:
    """Asks itself to ``hang`` once a second until one call is in flight; ``hang`` never answers."""

    name = SERVICE
    me = ServiceRpc(SERVICE)

    @timer(interval=1)
    def ask(self):
        self.me.hang()  # blocks: the reply never comes

    @rpc(tenant_required=False)
    def hang(self):
        log.info("holding the call open")
        eventlet.sleep(3600)


def _vhost(amqp_uri: str) -> str:
    from urllib.parse import unquote, urlsplit

    return unquote(urlsplit(amqp_uri).path[1:]) or "/"


def _reply_queues(amqp_uri: str) -> list[str]:
    ctl = shutil.which("rabbitmqctl") or "/usr/sbin/rabbitmqctl"
    out = subprocess.run([ctl, "-q", "list_queues", "-p", _vhost(amqp_uri), "--formatter", "json", "name"],
                         check=True, capture_output=True, text=True, timeout=120).stdout
    return [q["name"] for q in json.loads(out) if q["name"].startswith(f"rpc.reply-{SERVICE}-")]


def _delete_queue(amqp_uri: str, name: str) -> None:
    from kombu import Connection

    with Connection(amqp_uri) as conn:
        conn.default_channel.queue_delete(name)


def _json_lines(text: str) -> list[dict]:
    lines = []
    for line in text.splitlines():
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        if isinstance(entry, dict):
            lines.append(entry)
    return lines


def _wait(check, what: str, proc: Proc) -> None:
    deadline = time.monotonic() + READY_SECONDS
    while not check():
        if time.monotonic() > deadline:
            proc.stop()
            pytest.fail(f"{what} after {READY_SECONDS:.0f}s:\n{proc.output()[-3000:]}")
        time.sleep(0.2)


def test_a_dead_container_makes_the_runner_exit_non_zero(amqp_uri, tmp_path):
    if not can_manage_locally():
        missing("rabbitmqctl is not installed: the test deletes a queue it has to find first")
    port = free_port()
    env = process_env(AMQP_URI=amqp_uri, CIVICGRID_METRICS_PORT=str(port))
    proc = Proc("watchdog", ["-m", "shared.runner", "tests.shared.test_runner_watchdog:Asker"], env, tmp_path)
    try:
        _wait(lambda: "holding the call open" in proc.output() or proc.popen.poll() is not None,
              "no call in flight", proc)
        assert proc.popen.poll() is None, proc.output()[-3000:]
        probes = f"http://127.0.0.1:{port}"
        assert httpx.get(probes + "/healthz", timeout=10).status_code == 200
        ready = httpx.get(probes + "/readyz", timeout=10)
        assert ready.status_code == 200 and ready.json()["services"] == {SERVICE: "ok"}, ready.text

        [queue] = _reply_queues(amqp_uri)
        _delete_queue(amqp_uri, queue)  # the consumer is cancelled, reconnects, finds it gone

        _wait(lambda: proc.popen.poll() is not None, "the runner is still up with a dead container", proc)
        assert proc.popen.returncode == 70, proc.output()[-3000:]
        died = [e for e in _json_lines(proc.output())
                if e.get("level") == "ERROR" and e.get("logger") == "civicgrid.runner"]
        assert len(died) == 1, proc.output()[-3000:]
        assert died[0]["service"] == SERVICE
        assert died[0]["msg"].startswith(f"service {SERVICE} died (ReplyQueueExpiredWithPendingReplies)")
    finally:
        proc.stop()


# ---- the watchdog in this process, on real containers --------------------------------------------
class Quiet:
    name = "quiet"


class Other:
    name = "other"


def _started_runner() -> ServiceRunner:
    runner = ServiceRunner()
    runner.add_service(Quiet)
    runner.add_service(Other)
    runner.start()  # no extensions: nothing to connect to
    return runner


def _settle() -> None:
    for _ in range(10):
        eventlet.sleep(0)  # let the watchers run


def test_a_container_killed_with_an_error_fails_both_probes():
    runner = _started_runner()
    state = health.ProcessState(runner)
    state.started = True
    deaths: list[tuple[str, str]] = []
    health.watch_containers(state, lambda service, reason: deaths.append((service, reason)))
    _settle()
    assert deaths == [] and state.liveness()[0] and state.readiness()[0]

    quiet = next(c for c in runner.containers if c.service_name == "quiet")
    assert isinstance(quiet, ServiceContainer)
    try:
        raise RuntimeError("consumer cannot resume")
    except RuntimeError:
        quiet.kill(sys.exc_info())
    _settle()

    assert deaths == [("quiet", "RuntimeError")]
    assert state.dead == {"quiet": "RuntimeError"}
    live, report = state.liveness()
    assert not live and report == {"status": "dead", "services": {"quiet": "RuntimeError"}}
    ready, report = state.readiness()
    assert not ready and report["status"] == "dead"
    state.stopping = True
    runner.stop()
    _settle()
    assert deaths == [("quiet", "RuntimeError")]  # the stop we asked for is no death


def test_a_container_stopped_without_an_error_is_a_death_too_unless_stopping():
    runner = _started_runner()
    state = health.ProcessState(runner)
    state.started = True
    deaths: list[tuple[str, str]] = []
    health.watch_containers(state, lambda service, reason: deaths.append((service, reason)))
    other = next(c for c in runner.containers if c.service_name == "other")
    other.kill()
    _settle()
    assert deaths == [("other", "stopped")] and not state.liveness()[0]

    state.stopping = True  # as on SIGTERM: the containers' ends are expected
    runner.stop()
    _settle()
    assert deaths == [("other", "stopped")]
