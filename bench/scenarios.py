"""The measured scenarios. Each returns one run's figures; run.py repeats them."""
from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from typing import Any

import httpx

from bench import emergency, residents_import
from bench.stats import sample, summary
from gateway.rpc_client import RpcClient
from shared.principal import Principal

ADMIN = Principal(tenant="341181", subject="bench", roles=("county_admin",)).context_data()
GRID_Q = "query($id: ID!) { grid(id: $id) { id name openCaseCount } }"
LIST_Q = "query($n: Int!) { grids(first: $n) { edges { node { id openCaseCount cases { id } } } } }"


@dataclass
class Ctx:
    rpc: RpcClient
    http: httpx.AsyncClient
    counter: dict
    data: dict
    n: int
    platform: Any = None  # bench.platform.Platform, for scenarios that load data directly
    quick: bool = False


async def seed(rpc: RpcClient, *, grids: int) -> dict:
    """One street, communities of ten grids each, two cases in every grid."""
    call = lambda m, p: rpc.call("grid", m, p, context=ADMIN)  # noqa: E731
    street = await call("create_street", {"name": "基准街道"})
    ids = []
    for c in range((grids + 9) // 10):
        community = await call("create_community", {"street_id": street["id"], "name": f"基准社区{c}"})
        made = await asyncio.gather(*(call("create_grid", {"community_id": community["id"], "name": f"网格{g}"})
                                      for g in range(min(10, grids - len(ids)))))
        ids += [g["id"] for g in made]
    await asyncio.gather(*(rpc.call("dispatch", "report_case", {"grid_id": g, "category": "parking",
                                                               "description": "基准"}, context=ADMIN)
                           for g in ids for _ in range(2)))
    return {"grids": ids}


async def gql(ctx: Ctx, query: str, **variables) -> dict:
    response = await ctx.http.post("/graphql", json={"query": query, "variables": variables})
    body = response.json()
    if body.get("errors"):
        raise RuntimeError(body["errors"])
    return body["data"]


async def p1_gateway_overhead(ctx: Ctx) -> dict:
    grid = ctx.data["grids"][0]
    raw = summary(await sample(lambda: ctx.rpc.call("grid", "grids_by_ids", [grid], context=ADMIN), ctx.n))
    via = summary(await sample(lambda: gql(ctx, GRID_Q, id=grid), ctx.n))
    return {"raw_rpc": raw, "gateway": via, "added_ms_p50": round(via["p50"] - raw["p50"], 3)}


async def p3_list_size(ctx: Ctx) -> dict:
    out = {}
    for size in (1, 100):
        before = ctx.counter["calls"]
        await gql(ctx, LIST_Q, n=size)
        out[f"rpc_calls_{size}"] = ctx.counter["calls"] - before
        out[f"list_{size}"] = summary(await sample(lambda: gql(ctx, LIST_Q, n=size), max(20, ctx.n // 3)))
    out["p50_ratio"] = round(out["list_100"]["p50"] / out["list_1"]["p50"], 3)
    return out


async def p2_fan_out(ctx: Ctx) -> dict:
    """One query whose four top-level fields each need a different service (grid, organization,
    volunteer, property), resolved concurrently, vs a single-RPC query."""
    grid = ctx.data["grids"][0]
    fan = ("query($id: ID!) { grid(id: $id) { id name openCaseCount } orgTree { id } "
           "volunteerTeams { id } propertyCompanies(first: 100) { edges { node { id } } } }")
    before = ctx.counter["calls"]
    await gql(ctx, fan, id=grid)
    calls = ctx.counter["calls"] - before
    one = summary(await sample(lambda: gql(ctx, GRID_Q, id=grid), ctx.n))
    many = summary(await sample(lambda: gql(ctx, fan, id=grid), ctx.n))
    return {"single": one, "fan_out": many, "rpc_calls_fan_out": calls,
            "p50_ratio": round(many["p50"] / one["p50"], 3)}


async def p9_idempotency_key(ctx: Ctx) -> dict:
    """The cost of an idempotency key (shared/idempotency.py): the same writing RPC without and
    with a key, interleaved so that drift hits both; and a keyed call repeated (answered from the
    stored reply without running)."""
    import uuid

    from shared.idempotency import IDEMPOTENCY_KEY

    def register(context: dict):
        return ctx.rpc.call("volunteer", "register_volunteer",
                            {"name": f"基准{uuid.uuid4().hex[:6]}", "kind": "resident"}, context=context)

    plain, keyed = [], []
    for _ in range(5):  # warm both paths
        await register(ADMIN)
        await register({**ADMIN, IDEMPOTENCY_KEY: uuid.uuid4().hex})
    for _ in range(ctx.n):
        for out, context in ((plain, ADMIN), (keyed, {**ADMIN, IDEMPOTENCY_KEY: uuid.uuid4().hex})):
            start = time.perf_counter()
            await register(context)
            out.append((time.perf_counter() - start) * 1000)
    key = {**ADMIN, IDEMPOTENCY_KEY: uuid.uuid4().hex}
    await register(key)
    replay = summary(await sample(lambda: register(key), ctx.n, warmup=0))
    plain, keyed = summary(plain), summary(keyed)
    return {"plain": plain, "keyed": keyed, "replayed": replay,
            "keyed_vs_plain_p50": round(keyed["p50"] / plain["p50"], 3),
            "replayed_vs_plain_p50": round(replay["p50"] / plain["p50"], 3)}


LATENCY = [
    ("P1_gateway_vs_raw_rpc", p1_gateway_overhead, ("added_ms_p50",)),
    ("P2_fan_out_vs_single", p2_fan_out, ("p50_ratio", "rpc_calls_fan_out")),
    ("P3_list_100_vs_1", p3_list_size, ("p50_ratio", "rpc_calls_1", "rpc_calls_100")),
    ("P5_residents_import_vs_copy", residents_import.run, ("ratio", "http_rows_per_s", "rpc_rows_per_s", "copy_rows_per_s")),
    ("P9_idempotency_key", p9_idempotency_key, ("keyed_vs_plain_p50", "replayed_vs_plain_p50")),
    ("emergency_fan_out", emergency.run, ("activation_s", "activation_vs_insert", "acknowledged_s", "acks_per_s")),
]


async def _hammer(seconds: float, concurrency: int, fn) -> int:
    done = 0
    stop = time.monotonic() + seconds

    async def worker():
        nonlocal done
        while time.monotonic() < stop:
            await fn()
            done += 1

    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return done


async def pipeline(ctx: Ctx, *, seconds: float, concurrency: int = 40) -> dict:
    """Report cases as fast as the platform takes them; count what the grid service applied."""
    grids = ctx.data["grids"]
    total = lambda rows: sum(r["open_case_count"] for r in rows)  # noqa: E731
    # events of earlier reports (the seed's) still in flight would count as this run's
    start_count, previous = -1, -2
    while start_count != previous:
        previous = start_count
        await asyncio.sleep(1)
        start_count = total(await ctx.rpc.call("grid", "grids_by_ids", grids, context=ADMIN))
    i = 0

    async def report():
        nonlocal i
        i += 1
        await ctx.rpc.call("dispatch", "report_case", {"grid_id": grids[i % len(grids)],
                                                       "category": "parking", "description": "压测"},
                           context=ADMIN)

    started = time.monotonic()
    reported = await _hammer(seconds, concurrency, report)
    elapsed = time.monotonic() - started
    applied = 0
    while time.monotonic() - started < seconds + 120:
        applied = total(await ctx.rpc.call("grid", "grids_by_ids", grids, context=ADMIN)) - start_count
        if applied >= reported:
            break
        await asyncio.sleep(0.25)
    drained = time.monotonic() - started
    await asyncio.sleep(1)
    applied = total(await ctx.rpc.call("grid", "grids_by_ids", grids, context=ADMIN)) - start_count
    baseline = await _hammer(min(seconds, 5), concurrency,
                             lambda: ctx.rpc.call("grid", "health", context={}))
    return {"reported": reported, "reported_per_s": round(reported / elapsed, 1),
            "applied_per_s": round(applied / drained, 1), "rpc_baseline_per_s": round(baseline / min(seconds, 5), 1),
            "lost": max(0, reported - applied), "duplicated": max(0, applied - reported)}


async def tracing_overhead(p, data: dict, *, n: int, repeat: int) -> dict:
    """The same two RPCs with the services' tracing off, then on (exported over OTLP to a sink)."""
    from tests.integration.otlp_receiver import Receiver

    async def measure() -> float:
        rpc = RpcClient(p.amqp_uri, timeout=30)
        await rpc.start()
        grid = data["grids"][0]

        async def both():
            await rpc.call("grid", "grids_by_ids", [grid], context=ADMIN)
            await rpc.call("dispatch", "report_case", {"grid_id": grid, "category": "parking",
                                                       "description": "追踪"}, context=ADMIN)
        result = summary(await sample(both, n))["p50"]
        await rpc.close()
        return result

    off, on = [], []
    sink = Receiver()
    for _ in range(repeat):
        off.append(await measure())
        p.stop_services()
        p.start_services(extra_env={"CIVICGRID_OTEL_EXPORTER": "otlp", "OTEL_EXPORTER_OTLP_ENDPOINT": sink.url})
        on.append(await measure())
        p.stop_services()
        p.start_services()
    sink.close()
    ratios = [b / a for a, b in zip(off, on)]
    return {"off_p50_ms": off, "on_p50_ms": on, "spans_received": len(sink.spans),
            "ratio": {"min": round(min(ratios), 3), "median": round(sorted(ratios)[len(ratios) // 2], 3),
                      "max": round(max(ratios), 3)}}
