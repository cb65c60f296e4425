"""The platform under measurement: fresh PostgreSQL databases, a private vhost, the five services
as separate processes (as in production), and the gateway served in this process by uvicorn so the
benchmarks can count the RPCs it makes."""
from __future__ import annotations

import asyncio
import contextlib
import os
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import uvicorn

from shared import broker, migrate
from shared.pg_provision import Layout, drop, provision
from shared.settings import ROOT, SERVICES

PG_ADMIN = os.environ.get("CIVICGRID_BENCH_PG_ADMIN_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
AMQP_BASE = os.environ.get("CIVICGRID_BENCH_AMQP_URI", "amqp://guest:guest@127.0.0.1:5672/")
JWT_SECRET = "civicgrid-bench-secret-0123456789abcdef"


@dataclass
class Platform:
    amqp_uri: str
    database_url: str
    env: dict[str, str]
    admin_database_url: str = ""  # superuser, ``{service}`` placeholder: for bulk data loads
    procs: list[subprocess.Popen] = field(default_factory=list)
    log_dir: Path = ROOT / "var" / "bench-logs"

    def start_services(self, names=SERVICES, extra_env: dict[str, str] | None = None) -> None:
        self.log_dir.mkdir(parents=True, exist_ok=True)
        env = {**self.env, **(extra_env or {})}
        started = []
        for name in names:
            log = open(self.log_dir / f"{name}.log", "wb")
            proc = subprocess.Popen([sys.executable, "-m", "shared.runner", name], cwd=ROOT, env=env,
                                    stdout=log, stderr=subprocess.STDOUT)
            self.procs.append(proc)
            started.append((name, proc))
        deadline = time.monotonic() + 180  # a loaded machine starts five processes slowly
        for name, proc in started:
            path = self.log_dir / f"{name}.log"
            while b"ready: " not in path.read_bytes():
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"{name} did not start: {path.read_text(errors='replace')[-2000:]}")
                time.sleep(0.2)

    def stop_services(self) -> None:
        for proc in self.procs:
            proc.terminate()
        for proc in self.procs:
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                proc.kill()
        self.procs.clear()


@contextlib.contextmanager
def platform():
    run = uuid.uuid4().hex[:6]
    vhost = f"civicgrid-bench-{run}"
    layout = Layout(prefix=f"cgb_{run}")
    broker.create_vhost(vhost)
    broker.apply_policies(vhost)
    provision(PG_ADMIN, layout)
    host = PG_ADMIN.split("@", 1)[1].rsplit("/", 1)[0]
    owner = layout.url(host, migrations=True)
    for service in SERVICES:
        migrate.upgrade(service, owner.replace("{service}", service))
    uri = broker.with_vhost(AMQP_BASE, vhost)
    env = {k: v for k, v in os.environ.items() if not k.startswith("CIVICGRID_")}
    env.update({"AMQP_URI": uri, "CIVICGRID_DATABASE_URL": layout.url(host), "CIVICGRID_ENV": "test",
                "CIVICGRID_JWT_SECRET": JWT_SECRET, "PYTHONUNBUFFERED": "1"})
    admin_db = PG_ADMIN.replace("postgresql+psycopg://", "postgresql://").rsplit("/", 1)[0]
    p = Platform(amqp_uri=uri, database_url=layout.url(host), env=env,
                 admin_database_url=f"{admin_db}/{layout.database('{service}')}")
    try:
        yield p
    finally:
        p.stop_services()
        drop(PG_ADMIN, layout)
        broker.delete_vhost(vhost)


@contextlib.asynccontextmanager
async def gateway(p: Platform, port: int):
    """The real gateway app on a real HTTP port, in this process, counting its RPC calls."""
    import gateway.app as app_module
    from gateway.rpc_client import RpcClient
    from shared.settings import Settings

    counter = {"calls": 0}

    class CountingRpcClient(RpcClient):
        async def call(self, *args, **kwargs):
            counter["calls"] += 1
            return await super().call(*args, **kwargs)

    app_module.RpcClient = CountingRpcClient
    settings = Settings(env="test", jwt_secret=JWT_SECRET, AMQP_URI=p.amqp_uri, gateway_port=port)
    server = uvicorn.Server(uvicorn.Config(app_module.create_app(settings), host="127.0.0.1", port=port,
                                           log_level="warning", lifespan="on"))
    task = asyncio.create_task(server.serve())
    while not server.started:
        await asyncio.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}", counter
    finally:
        server.should_exit = True
        await task
        app_module.RpcClient = RpcClient
