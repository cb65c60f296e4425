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
#   /readyz   readiness: every container started and consuming, not stopping, databases reachable

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

    def readiness(self) -> tuple[bool, dict]:
        from shared.db import Database

        if self.stopping:
            return False, {"status": "stopping"}
        if not self.started:
            return False, {"status": "starting"}
        report: dict = {"status": "ready", "services": {}}
        ok = True
        for container in self.runner.containers:
            state = "ok" if container.started else "stopped"
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
            ok, report = True, {"status": "ok"}
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
