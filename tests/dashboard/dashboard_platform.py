"""A private platform with the demo county for the dashboard's browser tests.

Its own RabbitMQ vhost and PostgreSQL databases (so the demo county 341181 is exactly what
``make run`` seeds, unmixed with other tests' data), the five services and the gateway as real
processes, the demo seeded through the services' RPC contracts, and the grids given boundaries
through the public API (the demo has none) so the rating map draws real GeoJSON.

``python -m tests.dashboard.dashboard_platform`` starts one by hand, prints the dashboard's address
and a county-admin token, and keeps it up until Ctrl-C.
"""
from __future__ import annotations

import asyncio
import subprocess
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from sqlalchemy import exc as sa_exc

from shared import broker
from shared.pg_provision import Layout, drop, provision
from shared.settings import SERVICES, Settings
from shared.tokens import mint_dev_token
from tests.support import TEST_JWT_SECRET, Proc, free_port, process_env

TENANT = "341181"


def token(subject: str = "dashboard-test", *roles: str, scope=None, tenant: str = TENANT) -> str:
    return mint_dev_token(Settings(jwt_secret=TEST_JWT_SECRET), tenant=tenant,
                          roles=list(roles or ("county_admin",)), subject=subject, scope=scope)


class Api:
    """The public GraphQL API as any client has it: HTTP, a bearer token, a language."""

    def __init__(self, url: str, bearer: str, language: str = "zh-CN"):
        self.url = url + "/graphql"
        self.headers = {"Authorization": f"Bearer {bearer}", "Accept-Language": language}

    def __call__(self, query: str, **variables) -> dict:
        response = httpx.post(self.url, json={"query": query, "variables": variables},
                              headers=self.headers, timeout=60)
        body = response.json()
        assert response.status_code == 200 and not body.get("errors"), body
        return body["data"]


@dataclass
class Platform:
    url: str
    amqp_uri: str
    procs: list[Proc] = field(default_factory=list)
    cleanups: list = field(default_factory=list)

    def stop(self) -> None:
        for proc in reversed(self.procs):
            proc.stop()
        for cleanup in reversed(self.cleanups):
            try:
                cleanup()
            except (OSError, RuntimeError, subprocess.SubprocessError, sa_exc.SQLAlchemyError) as exc:
                # a leftover vhost or database must not hide the test result
                print(f"dashboard platform cleanup failed: {exc!r}")


def start(amqp_base: str, pg_admin: str, logs: Path) -> Platform:
    """Start the platform; the caller has checked that both servers are there."""
    from sqlalchemy.engine import make_url

    from tests.integration.conftest import migrated

    run = uuid.uuid4().hex[:8]
    vhost = f"civicgrid-dashboard-{run}"
    broker.create_vhost(vhost)
    platform = Platform(url="", amqp_uri=broker.with_vhost(amqp_base, vhost))
    platform.cleanups.append(lambda: broker.delete_vhost(vhost))
    try:
        broker.apply_policies(vhost)
        broker.declare_dead_letters(platform.amqp_uri)
        layout = Layout(prefix=f"cgd_{run}")
        provision(pg_admin, layout)
        platform.cleanups.append(lambda: drop(pg_admin, layout))
        url = make_url(pg_admin)
        urls = migrated(layout, f"{url.host or '127.0.0.1'}:{url.port or 5432}")
        env = process_env(AMQP_URI=platform.amqp_uri, CIVICGRID_DATABASE_URL=urls["app"])
        services = Proc("services-" + "-".join(SERVICES), ["-m", "shared.runner", *SERVICES], env, logs)
        platform.procs.append(services)
        services.wait_for(lambda p: "ready: " in p.output(), seconds=240)
        port = free_port()
        gateway = Proc("gateway", ["-m", "gateway"], {**env, "CIVICGRID_GATEWAY_PORT": str(port)}, logs)
        platform.procs.append(gateway)  # stopped with the rest even if it never becomes ready
        platform.url = f"http://127.0.0.1:{port}"
        gateway.wait_for(lambda _p: _ready(platform.url), seconds=240)  # a busy shared machine is slow
        asyncio.run(seed_demo(platform.amqp_uri))
        draw_boundaries(Api(platform.url, token()))
        wait_for_open_counts(Api(platform.url, token()))
    except BaseException:
        platform.stop()
        raise
    return platform


def _ready(url: str) -> bool:
    try:
        return httpx.get(url + "/readyz", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


async def seed_demo(amqp_uri: str) -> dict[str, int]:
    from gateway import demo
    from gateway.rpc_client import RpcClient

    rpc = RpcClient(amqp_uri, timeout=60)
    await rpc.start()
    try:
        return await demo.seed(rpc)
    finally:
        await rpc.close()


GRIDS = """query($after: String) { grids(first: 100, after: $after) {
  edges { node { id name kind streetId communityId openCaseCount cases { status } } }
  pageInfo { hasNextPage endCursor } } }"""
SET_BOUNDARY = """mutation($gridId: ID!, $boundary: JSON!) { setGridBoundary(gridId: $gridId, boundary: $boundary) {
  __typename ... on OperationError { code field message } } }"""


def all_grids(api: Api) -> list[dict]:
    out, after = [], None
    while True:
        page = api(GRIDS, after=after)["grids"]
        out += [edge["node"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            return out
        after = page["pageInfo"]["endCursor"]


def draw_boundaries(api: Api, shift: float = 0.0) -> None:
    """Lay the demo grids out as a town plan near 天长 (119.0°E, 32.68°N): the streets in two rows
    of blocks, in each block its communities side by side; in a community its community grids
    side by side with the specialized grid (专属网格) as a band along the top. Neighbours touch
    but never overlap, as the grid service requires."""
    grids = sorted(all_grids(api), key=lambda g: (g["streetId"], g["communityId"], g["name"]))
    streets = list(dict.fromkeys(g["streetId"] for g in grids))
    width, height, band, gap = 0.02, 0.016, 0.005, 0.004
    for s, street in enumerate(streets):
        communities = list(dict.fromkeys(g["communityId"] for g in grids if g["streetId"] == street))
        block_left = 118.95 + shift + (s % 2) * (3 * width + gap)
        bottom = 32.66 + (s // 2) * (height + gap)
        for c, community in enumerate(communities):
            left = block_left + c * width
            rows = [[g for g in grids if g["communityId"] == community and g["kind"] != "specialized"],
                    [g for g in grids if g["communityId"] == community and g["kind"] == "specialized"]]
            spans = ([(bottom, bottom + height - band), (bottom + height - band, bottom + height)]
                     if all(rows) else [(bottom, bottom + height)] * 2)
            for row, (y0, y1) in zip(rows, spans):
                for n, grid in enumerate(row):
                    x0, x1 = left + n * width / len(row), left + (n + 1) * width / len(row)
                    ring = [[round(x, 6), round(y, 6)] for x, y in ((x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0))]
                    result = api(SET_BOUNDARY, gridId=grid["id"],
                                 boundary={"type": "Polygon", "coordinates": [ring]})["setGridBoundary"]
                    assert result["__typename"] == "Grid", result


def wait_for_open_counts(api: Api, seconds: float = 30) -> None:
    """openCaseCount follows dispatch's events: wait until every grid agrees with its cases."""
    open_states = {"reported", "accepted", "escalated"}
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        grids = all_grids(api)
        if all(g["openCaseCount"] == sum(c["status"] in open_states for c in g["cases"]) for g in grids):
            return
        time.sleep(0.5)
    raise AssertionError("grid open-case counts did not settle after the demo seed")


if __name__ == "__main__":  # pragma: no cover - by hand
    import os
    import tempfile

    logs = Path(tempfile.mkdtemp(prefix="civicgrid-dashboard-"))
    platform = start(os.environ.get("CIVICGRID_TEST_AMQP_URI", "amqp://guest:guest@127.0.0.1:5672/"),
                     os.environ.get("CIVICGRID_TEST_PG_ADMIN_URL",
                                    "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"), logs)
    print(f"dashboard: {platform.url}/dashboard/\nlogs: {logs}\ntoken: {token('demo-admin')}", flush=True)
    try:
        while True:
            time.sleep(1)
    except KeyboardInterrupt:
        pass
    finally:
        platform.stop()
