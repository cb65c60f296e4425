"""Readiness follows the broker (issue 10): a service process whose consumers cannot reconnect
answers /readyz 503 "broker unreachable" while kombu retries, stays live, and is ready again once
they are consuming (shared/consumer_state.py).

A process of ``shared.runner`` runs :class:`Listener` (every kind of nameko consumer: the RPC
consumer, an event handler's, a ``ServiceRpc`` reply consumer) against a RabbitMQ node of this
module's own, which is then stopped and started again, and whose vhost is deleted and re-created
(the refusal kombu does not retry in ``ensure_connection`` but in ``run()``'s loop). The waits are
liveness bounds; the seconds measured are printed, not asserted.
"""
from __future__ import annotations

import time

import httpx
import pytest
from nameko.rpc import ServiceRpc

from shared import broker
from shared.nameko_ext import event_handler, rpc
from tests.support import READY_SECONDS, Proc, free_port, process_env

pytestmark = pytest.mark.timeout(900)
SERVICE = "readinesstest"
OUTAGE_SECONDS = 120  # kombu's reconnect back-off grows to 30 s; a liveness bound, not a figure


class Listener:
    name = SERVICE
    me = ServiceRpc(SERVICE)  # its reply consumer connects at start

    @rpc(tenant_required=False)
    def ping(self):
        return "pong"

    @event_handler(SERVICE, "nudged")
    def on_nudged(self, payload):
        pass


def _probe(port: int, path: str) -> httpx.Response | None:
    try:
        return httpx.get(f"http://127.0.0.1:{port}{path}", timeout=5)
    except httpx.HTTPError:
        return None


def _until(proc: Proc, check, seconds: float, what: str) -> float:
    """Poll ``check`` until true; the seconds it took. Fails if the process exits meanwhile."""
    start = time.monotonic()
    while not check():
        if proc.popen.poll() is not None:
            pytest.fail(f"the service process exited while waiting for {what}:\n{proc.output()[-3000:]}")
        if time.monotonic() - start > seconds:
            pytest.fail(f"{what}: not within {seconds:.0f}s\n{proc.output()[-3000:]}")
        time.sleep(0.2)
    return time.monotonic() - start


def _readiness(port: int, code: int, services: dict) -> bool:
    r = _probe(port, "/readyz")
    return r is not None and r.status_code == code and r.json().get("services") == services


def _start(uri: str, tmp_path, name: str) -> tuple[Proc, int]:
    port = free_port()
    env = process_env(AMQP_URI=uri, CIVICGRID_METRICS_PORT=str(port))
    proc = Proc(name, ["-m", "shared.runner", "tests.reliability.test_readiness_broker:Listener"], env,
                tmp_path)
    try:
        _until(proc, lambda: _readiness(port, 200, {SERVICE: "ok"}), READY_SECONDS, "/readyz 200 at start")
    except BaseException:
        proc.stop()
        raise
    return proc, port


def _not_ready_while_away(proc: Proc, port: int, what: str) -> float:
    took = _until(proc, lambda: _readiness(port, 503, {SERVICE: "broker unreachable"}), OUTAGE_SECONDS,
                  f"/readyz 503 broker unreachable after {what}")
    assert _probe(port, "/readyz").json()["status"] == "not ready"
    live = _probe(port, "/healthz")  # a restart would not bring the broker back
    assert live is not None and live.status_code == 200 and live.json() == {"status": "ok"}, live
    return took


def test_readiness_fails_while_the_broker_is_down_and_recovers(own_broker, tmp_path):
    proc, port = _start(own_broker.uri, tmp_path, "readiness-stop")
    try:
        own_broker.stop()
        down = _not_ready_while_away(proc, port, "the broker stopped")
        own_broker.start()
        up = _until(proc, lambda: _readiness(port, 200, {SERVICE: "ok"}), OUTAGE_SECONDS,
                    "/readyz 200 after the broker started again")
        print(f"\nbroker stopped -> 503 after {down:.1f}s; started -> 200 after {up:.1f}s")
        assert proc.popen.poll() is None  # recovered without a restart
    finally:
        proc.stop()
        if not broker.reachable(own_broker.uri):  # failed while it was down: the next test needs it
            own_broker.start()


def test_readiness_fails_while_the_vhost_is_gone_and_recovers(own_broker, tmp_path):
    """A deleted vhost: the broker answers, but refuses the login (``NotAllowed``)."""
    proc, port = _start(own_broker.uri, tmp_path, "readiness-vhost")
    try:
        own_broker.ctl("delete_vhost", "/")
        down = _not_ready_while_away(proc, port, "the vhost was deleted")
        own_broker.ctl("add_vhost", "/")
        own_broker.ctl("set_permissions", "-p", "/", "guest", ".*", ".*", ".*")
        up = _until(proc, lambda: _readiness(port, 200, {SERVICE: "ok"}), OUTAGE_SECONDS,
                    "/readyz 200 after the vhost was re-created")
        print(f"\nvhost deleted -> 503 after {down:.1f}s; re-created -> 200 after {up:.1f}s")
        assert proc.popen.poll() is None
    finally:
        proc.stop()
