"""``make run``: the whole platform on one machine with the demo county.

Broker found or started, every service's SQLite database migrated under var/db, the five services
and the gateway started as separate processes (logs in var/log), the demo county seeded once,
then the GraphQL address and a county-admin token printed. Ctrl-C stops everything.
"""
from __future__ import annotations

import asyncio
import os
import warnings

# eventlet announces its deprecation on import; nameko 3 has no other runtime (ARCHITECTURE.md)
warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")
import signal
import subprocess
import sys
import time
import urllib.request

from shared import broker, local_broker, migrate
from shared.settings import ROOT, SERVICES, SettingsError, get_settings

LOGS = ROOT / "var" / "log"
# /metrics, /healthz and /readyz of each service (shared.health); the gateway's are on its port
METRICS_PORTS = {service: 9101 + i for i, service in enumerate(SERVICES)}


def log(message: str) -> None:
    print(f"[civicgrid] {message}", flush=True)


class Stack:
    def __init__(self):
        self.procs: dict[str, subprocess.Popen] = {}

    def start(self, name: str, args: list[str], env: dict[str, str] | None = None) -> None:
        LOGS.mkdir(parents=True, exist_ok=True)
        out = open(LOGS / f"{name}.log", "ab")
        self.procs[name] = subprocess.Popen([sys.executable, *args], cwd=ROOT, stdout=out,
                                            stderr=subprocess.STDOUT, start_new_session=True,
                                            env={**os.environ, **(env or {})})

    def wait_ready(self, name: str, check, seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.procs[name].poll() is not None:
                raise RuntimeError(f"{name} exited; see {LOGS / (name + '.log')}")
            if check():
                return
            time.sleep(0.3)
        raise RuntimeError(f"{name} did not become ready in {seconds:.0f}s; see {LOGS / (name + '.log')}")

    def stop(self) -> None:
        for proc in self.procs.values():
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + 20
        for proc in self.procs.values():
            try:
                proc.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                proc.kill()


def _log_says_ready(name: str):
    path = LOGS / f"{name}.log"
    start = path.stat().st_size if path.exists() else 0

    def check() -> bool:
        if not path.exists():
            return False
        with open(path, "rb") as f:
            f.seek(start)
            return b"ready: " in f.read()
    return check


def _http_ok(url: str):
    def check() -> bool:
        try:
            with urllib.request.urlopen(url, timeout=1) as resp:
                return resp.status == 200
        except OSError:
            return False
    return check


def main() -> int:
    try:
        settings = get_settings()
    except SettingsError as exc:
        print(exc, file=sys.stderr)
        return 2
    try:
        origin = local_broker.ensure(settings.amqp_uri, log)
    except local_broker.BrokerUnavailable as exc:
        print(f"[civicgrid] {exc}", file=sys.stderr)
        return 1
    log(f"broker: {settings.amqp_uri.rsplit('@', 1)[-1]} ({origin})")
    for service in SERVICES:
        migrate.upgrade(service)
    log(f"databases migrated: {settings.database_url.replace('{service}', '*')}")
    broker.declare_dead_letters(settings.amqp_uri)
    try:
        if origin == "private":
            local_broker.apply_private_policies(settings.amqp_uri)
        elif origin == "external" and broker.can_manage_locally() and "127.0.0.1" in settings.amqp_uri:
            broker.apply_policies("/")
    except subprocess.CalledProcessError:
        log("could not apply the queue policies with rabbitmqctl (continuing without them)")
    stack = Stack()
    stopping = False

    def _stop(_signum, _frame):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, _stop)
    signal.signal(signal.SIGTERM, _stop)
    try:
        for service in SERVICES:
            ready = _log_says_ready(service)
            stack.start(service, ["-m", "shared.runner", service],
                        {"CIVICGRID_METRICS_PORT": str(METRICS_PORTS[service])})
            stack.wait_ready(service, ready)
        stack.start("gateway", ["-m", "gateway"])
        base = f"http://{settings.gateway_host}:{settings.gateway_port}"
        stack.wait_ready("gateway", _http_ok(base + "/healthz"))
        from gateway import demo
        from gateway.cli import _with_rpc
        from shared.tokens import mint_dev_token

        counts = asyncio.run(_with_rpc(lambda rpc: demo.seed(rpc)))
        log("demo county 341181 天长市 " + ("created: " + ", ".join(f"{v} {k}" for k, v in counts.items())
                                          if counts else "already present"))
        token = mint_dev_token(settings, tenant=demo.TENANT, roles=["county_admin"], subject="demo-admin")
        print(f"""
  CivicGrid 网格治理云 is running.
  GraphQL + GraphiQL:  {base}/graphql
  Readiness:           {base}/readyz
  Metrics:             {base}/metrics · services on 127.0.0.1:{min(METRICS_PORTS.values())}-{max(METRICS_PORTS.values())}/metrics
  Logs:                {LOGS}/

  Demo county-admin token (tenant 341181, 12 h) — send it as `Authorization: Bearer <token>`:

  {token}

  Press Ctrl-C to stop.
""", flush=True)
        while not stopping:
            for name, proc in stack.procs.items():
                if proc.poll() is not None:
                    raise RuntimeError(f"{name} exited unexpectedly; see {LOGS / (name + '.log')}")
            time.sleep(0.5)
    except RuntimeError as exc:
        print(f"[civicgrid] {exc}", file=sys.stderr)
        return 1
    finally:
        log("stopping services …")
        stack.stop()
        if origin == "private":
            local_broker.stop_private_node(settings.amqp_uri)
        log("stopped")
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    sys.exit(main())
