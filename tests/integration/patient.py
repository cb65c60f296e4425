"""Start platform processes and wait for them patiently: on a shared two-core machine under load,
imports alone can take a minute (the waits in tests.support are 60 s)."""
from __future__ import annotations

import httpx

from tests.support import Proc, free_port

WAIT = 600  # seen: 4.5 min to import the gateway at a load average of 48


def start_runner(name: str, services: list[str], env: dict, logs, metrics: bool = False) -> tuple[Proc, str | None]:
    """``python -m shared.runner <services>``; with ``metrics`` on a port of its own (returned)."""
    port = free_port() if metrics else None
    extra = {"CIVICGRID_METRICS_PORT": str(port)} if port else {}
    proc = Proc(name, ["-m", "shared.runner", *services], {**env, **extra}, logs)
    proc.wait_for(lambda p: "ready: " in p.output(), seconds=WAIT)
    return proc, f"http://127.0.0.1:{port}" if port else None


def start_gateway(env: dict, logs) -> tuple[Proc, str]:
    port = free_port()
    proc = Proc("gateway", ["-m", "gateway"], {**env, "CIVICGRID_GATEWAY_PORT": str(port)}, logs)
    url = f"http://127.0.0.1:{port}"

    def ready(_p) -> bool:
        try:
            return httpx.get(url + "/readyz", timeout=2).status_code == 200
        except httpx.HTTPError:
            return False

    proc.wait_for(ready, seconds=WAIT)
    return proc, url
