"""The health RPC every service exposes (no tenant needed): process up, database reachable."""
from __future__ import annotations

import sqlalchemy as sa

from shared.db import TenantDb


def health_report(service: str, db: TenantDb) -> dict:
    status = {"service": service, "status": "ok", "database": "ok"}
    try:
        with db.engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
    except Exception as exc:  # report, don't raise: the caller wants to see the state
        status.update(status="degraded", database=f"unreachable: {type(exc).__name__}")
    return status


# --- probes of a nameko process ------------------------------------------------------------------
# Served by shared.runner on CIVICGRID_METRICS_PORT beside /metrics (off when unset):
#   /healthz  liveness: answered from a green thread, so it fails when a handler starves eventlet
#             (the known trap: the broker then drops the connection and redelivers forever)
#   /readyz   readiness: every container started, each of its AMQP consumers connected and consuming
#             (:mod:`shared.consumer_state`: a broker outage, a deleted vhost or revoked credentials
#             make it "broker unreachable" while kombu retries), not stopping, databases reachable.
#             Liveness ignores the broker: a restart would not bring it back.
# Both fail once a container has died while the process was not stopping (:func:`watch_containers`);
# the runner then exits non-zero so that the orchestrator starts it again.

METRICS_PORT_ENV = "CIVICGRID_METRICS_PORT"
METRICS_HOST_ENV = "CIVICGRID_METRICS_HOST"
SHUTDOWN_ENV = "CIVICGRID_SHUTDOWN_SECONDS"
DEFAULT_SHUTDOWN_SECONDS = 45.0


def _env_number(name: str, default, cast, low, high):
    import os

    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = cast(raw)
    except ValueError:
        value = None
    if value is None or not low <= value <= high:
        raise ValueError(f"{name}={raw!r}: expected a number from {low} to {high}")
    return value


def metrics_port() -> int | None:
    """The port of /metrics, /healthz and /readyz, or None (not served: the default in tests)."""
    return _env_number(METRICS_PORT_ENV, None, int, 1, 65535)


def shutdown_seconds() -> float:
    """How long a stopping process lets running workers finish before it kills them. Keep the
    pods' terminationGracePeriodSeconds above it (tests/deploy checks)."""
    return _env_number(SHUTDOWN_ENV, DEFAULT_SHUTDOWN_SECONDS, float, 1, 3600)


class ProcessState:
    """What the probes read: the runner's containers, and whether the process is stopping."""

    def __init__(self, runner):
        self.runner = runner
        self.started = False
        self.stopping = False
        self.dead: dict[str, str] = {}  # service name -> why its container ended

    def liveness(self) -> tuple[bool, dict]:
        if self.dead:
            return False, {"status": "dead", "services": dict(self.dead)}
        return True, {"status": "ok"}

    def readiness(self) -> tuple[bool, dict]:
        from shared.consumer_state import disconnected
        from shared.db import Database

        if self.dead:
            return False, {"status": "dead", "services": dict(self.dead)}
        if self.stopping:
            return False, {"status": "stopping"}
        if not self.started:
            return False, {"status": "starting"}
        report: dict = {"status": "ready", "services": {}}
        ok = True
        for container in self.runner.containers:
            state = "ok" if container.started else "stopped"
            if state == "ok" and disconnected(container):
                state = "broker unreachable"
            for dependency in container.dependencies:
                if isinstance(dependency, Database) and dependency.engine is not None:
                    try:
                        with dependency.engine.connect() as conn:
                            conn.execute(sa.text("SELECT 1"))
                    except Exception as exc:
                        state = f"database unreachable: {type(exc).__name__}"
            report["services"][container.service_name] = state
            ok = ok and state == "ok"
        if not ok:
            report["status"] = "not ready"
        return ok, report


def watch_containers(state: ProcessState, on_death) -> list:
    """Wait on every container of ``state.runner`` in a green thread of its own.

    nameko kills a container when one of its managed threads raises — a consumer that cannot
    resume (e.g. ``ReplyQueueExpiredWithPendingReplies``: its reply queue is gone while calls wait
    for answers), a failed acknowledgement, an extension's error — and the process would go on
    without it, consuming nothing. A container that ends while ``state.stopping`` is false has died:
    it is recorded in ``state.dead`` (both probes fail from then on) and ``on_death(service, reason)``
    is called; the reason is the exception's type, never its text."""
    import eventlet

    return [eventlet.spawn(_watch, container, state, on_death) for container in state.runner.containers]


def _watch(container, state: ProcessState, on_death) -> None:
    try:
        container.wait()
        reason = "stopped"
    except Exception as exc:  # how nameko reports the error that killed it
        reason = type(exc).__name__
    if state.stopping:  # the stop we asked for
        return
    state.dead[container.service_name] = reason
    on_death(container.service_name, reason)


def probe_app(state: ProcessState):
    """The WSGI app of /metrics, /healthz and /readyz."""
    import json

    from shared.metrics import exposition

    def app(environ, start_response):
        path = environ.get("PATH_INFO", "")
        if path == "/metrics":
            body, content_type = exposition()
            start_response("200 OK", [("Content-Type", content_type)])
            return [body]
        if path == "/healthz":
            ok, report = state.liveness()
        elif path == "/readyz":
            ok, report = state.readiness()
        else:
            start_response("404 Not Found", [("Content-Type", "text/plain")])
            return [b"not found\n"]
        start_response("200 OK" if ok else "503 Service Unavailable",
                       [("Content-Type", "application/json")])
        return [json.dumps(report).encode()]

    return app


def serve_probes(port: int, state: ProcessState):
    """Serve the probes from a green thread (the runner has monkey-patched eventlet), on
    CIVICGRID_METRICS_HOST: 127.0.0.1 unless set (0.0.0.0 in containers)."""
    import os

    import eventlet
    import eventlet.wsgi

    host = os.environ.get(METRICS_HOST_ENV, "").strip() or "127.0.0.1"
    listener = eventlet.listen((host, port))
    return eventlet.spawn(eventlet.wsgi.server, listener, probe_app(state), log_output=False)
