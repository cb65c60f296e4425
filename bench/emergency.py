"""Emergency activation (一键启动) fan-out to the county's cadres (seed 000: 2,500 across 273 grids).

* **activation**: the ``activateEmergency`` mutation through the gateway, county-wide; it returns
  once every cadre's task, the per-community counters and the outbox event are committed, so its
  latency is the time from mutation to all tasks created (checked by counting them).
* **acknowledgements**: every cadre acknowledges their own task through the gateway with their own
  token (40 at a time); measured until the last answer, and until the last
  ``emergency.acknowledged`` event has left the outbox (published, so a live push can follow).
* **baseline**: a plain multi-row INSERT of the same number of rows into a table shaped like
  ``emergency_tasks``, straight into PostgreSQL.

2,500 cadres in the full run, 250 in quick mode, spread over ten communities.
"""
from __future__ import annotations

import asyncio
import time
import uuid

import httpx

ACTIVATE = """mutation($reason: String!) { activateEmergency(input: {scopeLevel: "county", reason: $reason}) {
  __typename ... on Emergency { id taskCount } ... on OperationError { code message } } }"""
ACK = """mutation($taskId: ID!) { acknowledgeEmergency(taskId: $taskId) {
  __typename ... on EmergencyTask { acknowledgedAt } ... on OperationError { code } } }"""
END = """mutation($id: ID!) { deactivateEmergency(id: $id) { __typename } }"""
CONCURRENCY = 40


async def cadres(ctx, n: int) -> list[str]:
    """Ten communities, a compound and building each, and ``n`` cadres assigned to the buildings
    (rows written straight into the grid database: setup, not measured)."""
    import psycopg

    from bench.residents_import import grid_admin_url
    from bench.scenarios import ADMIN

    call = lambda m, p: ctx.rpc.call("grid", m, p, context=ADMIN)  # noqa: E731
    tag = uuid.uuid4().hex[:6]
    street = await call("create_street", {"name": f"应急街道{tag}"})
    places = []
    for c in range(10):
        community = await call("create_community", {"street_id": street["id"], "name": f"应急社区{c}"})
        compound = await call("create_compound", {"community_id": community["id"], "name": "应急小区"})
        building = await call("create_building", {"compound_id": compound["id"], "name": "1号楼"})
        places.append((street["id"], community["id"], compound["id"], building["id"]))
    subjects = [f"cadre-{tag}-{i:04d}" for i in range(n)]
    with psycopg.connect(grid_admin_url(ctx), autocommit=True) as conn:
        with conn.cursor() as cur:
            cur.executemany(
                "INSERT INTO cadre_assignments (tenant_id, id, subject, name, kind, street_id, community_id, "
                "compound_id, building_id, created_at) VALUES ('341181', %s, %s, '干部', 'cadre', %s, %s, %s, %s, now())",
                [(uuid.uuid4(), s, *places[i % 10]) for i, s in enumerate(subjects)])
    return subjects


def plain_insert(admin_url: str, n: int) -> float:
    import psycopg

    suffix = uuid.uuid4().hex[:6]
    emergency = uuid.uuid4()
    rows = [("341181", uuid.uuid4(), emergency, uuid.uuid4(), f"c{i}", uuid.uuid4(), uuid.uuid4()) for i in range(n)]
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f"CREATE TABLE bench_tasks_{suffix} (LIKE emergency_tasks INCLUDING DEFAULTS INCLUDING INDEXES)")
        try:
            started = time.perf_counter()
            with conn.transaction(), conn.cursor() as cur:
                cur.executemany(f"INSERT INTO bench_tasks_{suffix} (tenant_id, id, emergency_id, assignment_id, "
                                "subject, street_id, community_id) VALUES (%s, %s, %s, %s, %s, %s, %s)", rows)
            return time.perf_counter() - started
        finally:
            conn.execute(f"DROP TABLE bench_tasks_{suffix}")


async def run(ctx) -> dict:
    import psycopg

    from bench.platform import JWT_SECRET
    from bench.residents_import import _quick, grid_admin_url
    from shared.settings import Settings
    from shared.tokens import mint_dev_token

    n = 250 if _quick(ctx) else 2_500
    if "emergency_cadres" not in ctx.data:
        ctx.data["emergency_cadres"] = await cadres(ctx, n)
    subjects = ctx.data["emergency_cadres"]
    admin_url = grid_admin_url(ctx)

    started = time.perf_counter()
    response = await ctx.http.post("/graphql", json={"query": ACTIVATE, "variables": {"reason": "防汛应急演练"}})
    activation_s = time.perf_counter() - started
    active = response.json()["data"]["activateEmergency"]
    if active["__typename"] != "Emergency":
        raise RuntimeError(active)
    with psycopg.connect(admin_url) as conn:
        tasks = dict(conn.execute("SELECT subject, id FROM emergency_tasks WHERE emergency_id = %s",
                                  (uuid.UUID(active["id"]),)).fetchall())
    if len(tasks) != active["taskCount"] or not set(subjects) <= set(tasks):
        raise RuntimeError(f"{len(tasks)} tasks for {active['taskCount']}")

    settings = Settings(jwt_secret=JWT_SECRET)
    tokens = {s: mint_dev_token(settings, tenant="341181", roles=["party_member"], subject=s) for s in subjects}
    queue = list(subjects)
    refused = 0
    errors: dict[str, str] = {}

    async def cadre_worker(client: httpx.AsyncClient):
        nonlocal refused
        while queue:
            subject = queue.pop()
            answer = await client.post("/graphql", json={"query": ACK, "variables": {"taskId": str(tasks[subject])}},
                                       headers={"Authorization": f"Bearer {tokens[subject]}"})
            body = answer.json()
            if (body.get("data") or {}).get("acknowledgeEmergency", {}).get("__typename") != "EmergencyTask":
                refused += 1
                errors.setdefault("first", str(body)[:300])

    started = time.perf_counter()
    async with httpx.AsyncClient(base_url=str(ctx.http.base_url), timeout=120) as client:
        await asyncio.gather(*(cadre_worker(client) for _ in range(CONCURRENCY)))
    acknowledged_s = time.perf_counter() - started
    published_s = None
    with psycopg.connect(admin_url, autocommit=True) as conn:
        while time.perf_counter() - started < acknowledged_s + 120:
            pending = conn.execute("SELECT count(*) FROM outbox WHERE event_type = 'emergency.acknowledged' "
                                   "AND payload->>'emergency_id' = %s AND sent_at IS NULL", (active["id"],)).fetchone()[0]
            if pending == 0:
                published_s = time.perf_counter() - started
                break
            await asyncio.sleep(0.05)
        events = conn.execute("SELECT count(*) FROM outbox WHERE event_type = 'emergency.acknowledged' "
                              "AND payload->>'emergency_id' = %s", (active["id"],)).fetchone()[0]
    await ctx.http.post("/graphql", json={"query": END, "variables": {"id": active["id"]}})

    insert_s = await asyncio.to_thread(plain_insert, admin_url, len(tasks))
    return {"cadres": len(tasks), "activation_s": round(activation_s, 3), "insert_baseline_s": round(insert_s, 3),
            "activation_vs_insert": round(activation_s / insert_s, 2),
            "acknowledged_s": round(acknowledged_s, 3), "acks_per_s": round(len(tasks) / acknowledged_s, 1),
            "events_published_s": round(published_s, 3) if published_s is not None else None,
            "events": events, "refused": refused, "first_refusal": errors.get("first")}
