"""P7 (the county dashboard at county scale) and P8 (one county among a hundred), each beside its
baseline in the same run. Data comes from bench/county.py."""
from __future__ import annotations

import asyncio
import time

import httpx
import psycopg

from bench import county
from bench.stats import sample, summary
from gateway.rpc_client import RpcClient

YEAR = 2026
PERIOD = {"since": f"{YEAR}-01-01T00:00:00+08:00", "until": f"{YEAR + 1}-01-01T00:00:00+08:00"}

# what the command dashboard asks for on opening: measures for the county, by street and by
# community, the oldest open cases, the grids with their open counts, coverage and the roster
DASHBOARD_Q = """
query Dashboard($since: DateTime!, $until: DateTime!) {
  county: caseMeasures(since: $since, until: $until) {
    reported resolved backlog overdue onTimeRate satisfactionRate gridCommunityShare }
  byStreet: caseMeasures(since: $since, until: $until, groupBy: STREET) { key reported resolved backlog overdue }
  byCommunity: caseMeasures(since: $since, until: $until, groupBy: COMMUNITY) { key reported backlog }
  open: cases(first: 20, filter: {status: ["reported", "accepted", "escalated"]}) {
    edges { node { id status category } } }
  grids(first: 100) { edges { node { id name openCaseCount } } }
  gridCoverage { households buildings gridsOver gridsUnder }
}"""

# the same answers straight from PostgreSQL: the physical floor under the dashboard
RAW_SQL = {
    "dispatch": [
        """SELECT count(*), count(*) FILTER (WHERE resolved_at IS NOT NULL),
                  count(*) FILTER (WHERE status IN ('reported','accepted','escalated')),
                  count(*) FILTER (WHERE status IN ('reported','accepted','escalated') AND due_at < now()),
                  count(*) FILTER (WHERE resolved_on_time), count(*) FILTER (WHERE rating IS NOT NULL),
                  count(*) FILTER (WHERE rating IN ('satisfied','basically_satisfied'))
           FROM cases WHERE tenant_id = %(t)s AND reported_at >= %(since)s AND reported_at < %(until)s""",
        """SELECT street_id, count(*), count(*) FILTER (WHERE resolved_at IS NOT NULL),
                  count(*) FILTER (WHERE status IN ('reported','accepted','escalated'))
           FROM cases WHERE tenant_id = %(t)s AND reported_at >= %(since)s AND reported_at < %(until)s
           GROUP BY street_id""",
        """SELECT community_id, count(*), count(*) FILTER (WHERE status IN ('reported','accepted','escalated'))
           FROM cases WHERE tenant_id = %(t)s AND reported_at >= %(since)s AND reported_at < %(until)s
           GROUP BY community_id""",
        """SELECT id, status, category FROM cases WHERE tenant_id = %(t)s
           AND status IN ('reported','accepted','escalated') ORDER BY id LIMIT 21""",
    ],
    "grid": [
        "SELECT id, name, open_case_count FROM grids WHERE tenant_id = %(t)s ORDER BY id LIMIT 101",
        "SELECT count(*) FROM households WHERE tenant_id = %(t)s",
        "SELECT count(*) FROM buildings WHERE tenant_id = %(t)s",
    ],
}


async def _raw(p, tenant: str):
    """One dashboard's worth of SQL over two connections (one per service database), as the
    services would run it, without the services, the broker or the gateway."""
    conns = {svc: await psycopg.AsyncConnection.connect(p.admin_database_url.replace("{service}", svc),
                                                        autocommit=True) for svc in RAW_SQL}

    async def once():
        async def run(svc):
            async with conns[svc].cursor() as cur:
                for sql in RAW_SQL[svc]:
                    await cur.execute(sql, {"t": tenant, **PERIOD})
                    await cur.fetchall()
        await asyncio.gather(*(run(svc) for svc in RAW_SQL))
    return once, conns


async def _dashboard(http: httpx.AsyncClient):
    response = await http.post("/graphql", json={"query": DASHBOARD_Q, "variables": PERIOD})
    body = response.json()
    if body.get("errors"):
        raise RuntimeError(body["errors"])
    return body["data"]


async def p7_dashboard(p, rpc: RpcClient, url: str, token_for, *, quick: bool, n: int, repeat: int) -> dict:
    tenant, scale, seed = "341199", (county.QUICK if quick else county.COUNTY), 7
    started = time.perf_counter()
    grids = await county.build_territory(rpc, tenant, scale, seed=seed)
    grid_db, dispatch_db = (p.admin_database_url.replace("{service}", s) for s in ("grid", "dispatch"))
    await asyncio.to_thread(county.load_residents, grid_db, tenant, grids, scale, seed=seed)
    await asyncio.to_thread(county.load_cases, dispatch_db, grid_db, tenant, grids, scale, year=YEAR, seed=seed)
    generated_s = round(time.perf_counter() - started, 1)
    once, conns = await _raw(p, tenant)
    runs = []
    try:
        async with httpx.AsyncClient(base_url=url, headers={"Authorization": f"Bearer {token_for(tenant)}"},
                                     timeout=60) as http:
            data = await _dashboard(http)
            assert data["county"][0]["reported"] == scale.cases, data["county"]
            for _ in range(repeat):
                raw = summary(await sample(once, n))
                via = summary(await sample(lambda: _dashboard(http), n))
                runs.append({"raw_sql": raw, "gateway": via, "p95_ms": via["p95"],
                             "p50_ratio": round(via["p50"] / raw["p50"], 2)})
    finally:
        for conn in conns.values():
            await conn.close()
    return {"scale": {"grids": scale.grids, "residents": scale.residents, "cases": scale.cases},
            "generated_s": generated_s, "runs": runs}


async def p8_noisy_neighbours(p, rpc: RpcClient, url: str, token_for, *, quick: bool, n: int, repeat: int) -> dict:
    """County X's dashboard latency (a) alone in the databases, (b) beside 99 other counties' data,
    (c) while other counties' clients load the platform, against (c') the same load from X's own
    clients — the share of the slowdown that comes from sharing, not from load."""
    tenants = [f"35{i:04d}" for i in range(100 if not quick else 10)]
    x, scale = tenants[0], county.SMALL
    grid_db, dispatch_db = (p.admin_database_url.replace("{service}", s) for s in ("grid", "dispatch"))

    async def populate(tenant: str, seed: int) -> None:
        grids = await county.build_territory(rpc, tenant, scale, seed=seed)
        await asyncio.to_thread(county.load_residents, grid_db, tenant, grids, scale, seed=seed)
        await asyncio.to_thread(county.load_cases, dispatch_db, grid_db, tenant, grids, scale, year=YEAR, seed=seed)

    await populate(x, 1)
    clients = {}
    for tenant in tenants:
        clients[tenant] = httpx.AsyncClient(base_url=url, timeout=60,
                                            headers={"Authorization": f"Bearer {token_for(tenant)}"})
    try:
        alone = summary(await sample(lambda: _dashboard(clients[x]), n))
        started = time.perf_counter()
        for i, tenant in enumerate(tenants[1:], start=2):
            await populate(tenant, i)
        generated_s = round(time.perf_counter() - started, 1)
        runs = []
        for _ in range(repeat):
            among = summary(await sample(lambda: _dashboard(clients[x]), n))
            loaded_by_others = await _under_load(clients[x], [clients[t] for t in tenants[1:]], n)
            loaded_by_self = await _under_load(clients[x], [clients[x]] * (len(tenants) - 1), n)
            runs.append({"alone": alone, "among": among, "others_load": loaded_by_others,
                         "own_load": loaded_by_self,
                         "data_ratio_p50": round(among["p50"] / alone["p50"], 3),
                         "neighbour_ratio_p50": round(loaded_by_others["p50"] / loaded_by_self["p50"], 3)})
    finally:
        for client in clients.values():
            await client.aclose()
    return {"tenants": len(tenants), "per_tenant": {"grids": scale.grids, "residents": scale.residents,
                                                   "cases": scale.cases},
            "generated_s": generated_s, "runs": runs}


async def _under_load(probe: httpx.AsyncClient, others: list[httpx.AsyncClient], n: int, *,
                      concurrency: int = 4) -> dict:
    """Probe latency while ``concurrency`` background clients (picked round-robin from
    ``others``) run the dashboard without pause."""
    stop = asyncio.Event()

    async def background(k: int):
        i = k
        while not stop.is_set():
            await _dashboard(others[i % len(others)])
            i += concurrency

    tasks = [asyncio.create_task(background(k)) for k in range(concurrency)]
    try:
        await asyncio.sleep(0.5)
        return summary(await sample(lambda: _dashboard(probe), max(10, n // 2), warmup=2))
    finally:
        stop.set()
        await asyncio.gather(*tasks)
