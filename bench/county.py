"""A county at the scale of the seed figures, generated reproducibly, for P7 and P8.

The territory (streets, communities, compounds, buildings, grids) is created through the grid
service's RPCs, as county staff would. The bulk — households, 600k residents, 100k cases — is
written straight into the services' PostgreSQL databases with ``INSERT … SELECT`` over
``generate_series`` (as the database superuser, so row-level security does not apply to the
loader): going through the services would take an hour and is what P4/P5 measure anyway. The
residents' ID and phone columns hold placeholders, not ciphertexts: P7 reads counts, never them.

Everything derives from ``seed``: two runs build the same county.
"""
from __future__ import annotations

import asyncio
import random
from dataclasses import dataclass

import psycopg

from gateway.rpc_client import RpcClient
from shared.principal import Principal


@dataclass(frozen=True)
class Scale:
    streets: int
    communities_per_street: int
    grids_per_community: int
    households_per_grid: int
    residents_per_household: int
    cases: int

    @property
    def grids(self) -> int:
        return self.streets * self.communities_per_street * self.grids_per_community

    @property
    def residents(self) -> int:
        return self.grids * self.households_per_grid * self.residents_per_household


# seed 000: 273 grids; 600k residents; 100k cases a year (≈ 2.2 per household)
COUNTY = Scale(streets=7, communities_per_street=8, grids_per_community=5, households_per_grid=715,
               residents_per_household=3, cases=100_000)  # 280 grids, 600,600 residents
QUICK = Scale(streets=2, communities_per_street=3, grids_per_community=5, households_per_grid=200,
              residents_per_household=3, cases=5_000)  # 30 grids, 18,000 residents
SMALL = Scale(streets=1, communities_per_street=2, grids_per_community=5, households_per_grid=40,
              residents_per_household=3, cases=500)  # one of P8's hundred counties


def admin(tenant: str) -> dict:
    return Principal(tenant=tenant, subject="bench", roles=("county_admin",)).context_data()


async def build_territory(rpc: RpcClient, tenant: str, scale: Scale, *, seed: int) -> list[dict]:
    """Streets → communities → one compound + building per grid → grids, through the RPCs."""
    ctx = admin(tenant)

    def call(method, payload):
        return rpc.call("grid", method, payload, context=ctx)

    grids: list[dict] = []
    for s in range(scale.streets):
        street = await call("create_street", {"name": f"第{s + 1}街道"})
        for c in range(scale.communities_per_street):
            community = await call("create_community", {"street_id": street["id"], "name": f"{s + 1}-{c + 1}社区"})

            async def one_grid(g: int, community=community, street=street) -> dict:
                compound = await call("create_compound", {"community_id": community["id"], "name": f"小区{g + 1}"})
                building = await call("create_building", {"compound_id": compound["id"], "name": "1栋"})
                grid = await call("create_grid", {"community_id": community["id"], "name": f"网格{g + 1}",
                                                  "compound_id": compound["id"]})
                return {"id": grid["id"], "street_id": street["id"], "community_id": community["id"],
                        "building_id": building["id"]}

            grids += await asyncio.gather(*(one_grid(g) for g in range(scale.grids_per_community)))
    random.Random(seed).shuffle(grids)
    return grids


def _grid_table(cur: psycopg.Cursor, grids: list[dict]) -> None:
    cur.execute("CREATE TEMP TABLE bench_grids (n int, id uuid, street_id uuid, community_id uuid, "
                "building_id uuid) ON COMMIT DROP")
    with cur.copy("COPY bench_grids FROM STDIN") as copy:
        for n, g in enumerate(grids):
            copy.write_row((n, g["id"], g["street_id"], g["community_id"], g["building_id"]))


def load_residents(grid_db: str, tenant: str, grids: list[dict], scale: Scale, *, seed: int) -> None:
    """Households and residents for every grid, and the grids' household counts."""
    with psycopg.connect(grid_db, autocommit=False) as conn, conn.cursor() as cur:
        _grid_table(cur, grids)
        cur.execute("SELECT setseed(%s)", (((seed % 1000) / 1000.0),))
        cur.execute("""
            INSERT INTO households (tenant_id, id, street_id, community_id, building_id, grid_id,
                                    unit, floor, room, kind, created_at)
            SELECT %(t)s, gen_random_uuid(), g.street_id, g.community_id, g.building_id, g.id,
                   ((h - 1) / 60 + 1)::text, (h - 1) %% 30 + 1, lpad(h::text, 4, '0'),
                   CASE WHEN random() < 0.15 THEN 'rented' ELSE 'owned' END, now()
            FROM bench_grids g, generate_series(1, %(per)s) h
        """, {"t": tenant, "per": scale.households_per_grid})
        cur.execute("""
            INSERT INTO residents (tenant_id, id, street_id, community_id, grid_id, household_id, name,
                                   id_number_enc, id_number_index, phone_enc, phone_index, gender,
                                   birth_date, residency, special_groups, needs_review, created_at, updated_at)
            SELECT h.tenant_id, gen_random_uuid(), h.street_id, h.community_id, h.grid_id, h.id,
                   '居民' || r, 'bench-placeholder', md5(h.id::text || r), NULL, NULL,
                   CASE WHEN r %% 2 = 0 THEN 'female' ELSE 'male' END,
                   date '1940-01-01' + (random() * 30000)::int,
                   CASE WHEN random() < 0.2 THEN 'floating' ELSE 'permanent' END,
                   CASE WHEN random() < 0.05 THEN '["elderly_alone"]'::json ELSE '[]'::json END,
                   false, now(), now()
            FROM households h, generate_series(1, %(per)s) r
            WHERE h.tenant_id = %(t)s
        """, {"t": tenant, "per": scale.residents_per_household})
        cur.execute("UPDATE grids SET household_count = %s WHERE tenant_id = %s",
                    (scale.households_per_grid, tenant))
        conn.commit()
        conn.autocommit = True
        cur.execute("ANALYZE households")
        cur.execute("ANALYZE residents")


def load_cases(dispatch_db: str, grid_db: str, tenant: str, grids: list[dict], scale: Scale, *,
               year: int, seed: int) -> None:
    """``scale.cases`` cases spread over the year and the grids, most closed, some overdue; and
    the grids' open-case counts to match (as dispatch's events would have kept them)."""
    with psycopg.connect(dispatch_db) as conn, conn.cursor() as cur:
        _grid_table(cur, grids)
        cur.execute("SELECT setseed(%s)", (((seed % 1000) / 1000.0),))
        cur.execute("""
            WITH c AS (
                SELECT g.*, i, random() AS r, random() AS r2,
                       make_timestamptz(%(year)s, 1, 1, 0, 0, 0, 'UTC') + (random() * 330) * interval '1 day' AS at
                FROM generate_series(0, %(n)s - 1) i
                JOIN bench_grids g ON g.n = i %% %(grids)s)
            INSERT INTO cases (tenant_id, id, grid_id, street_id, community_id, category, description, source,
                               status, reported_at, level, due_at, deadline_step, resolved_at,
                               resolved_on_time, rating, anonymous)
            SELECT %(t)s, gen_random_uuid(), id, street_id, community_id,
                   (ARRAY['environment','parking','property','dispute','safety','fire_lane','ev_charging'])[1 + i %% 7],
                   '基准事件', (ARRAY['resident','patrol','hotline'])[1 + i %% 3],
                   CASE WHEN r < 0.06 THEN 'reported' WHEN r < 0.12 THEN 'accepted' WHEN r < 0.14 THEN 'escalated'
                        WHEN r < 0.20 THEN 'resolved' WHEN r < 0.30 THEN 'verified' WHEN r < 0.70 THEN 'rated'
                        ELSE 'archived' END,
                   at,
                   CASE WHEN r2 < 0.1 THEN 'building' WHEN r2 < 0.7 THEN 'grid' WHEN r2 < 0.95 THEN 'community'
                        ELSE 'street' END,
                   at + interval '5 days', 1,
                   CASE WHEN r >= 0.14 THEN at + (r2 * 7) * interval '1 day' END,
                   CASE WHEN r >= 0.14 THEN r2 < 0.93 END,
                   CASE WHEN r >= 0.30 THEN (CASE WHEN r2 < 0.9 THEN 'satisfied' WHEN r2 < 0.99
                        THEN 'basically_satisfied' ELSE 'unsatisfied' END) END,
                   false
            FROM c
        """, {"t": tenant, "n": scale.cases, "grids": len(grids), "year": year})
        cur.execute("SELECT grid_id::text, count(*) FROM cases WHERE tenant_id = %s "
                    "AND status IN ('reported', 'accepted', 'escalated') GROUP BY grid_id", (tenant,))
        open_counts = cur.fetchall()
        conn.commit()
        conn.autocommit = True
        cur.execute("ANALYZE cases")
    with psycopg.connect(grid_db) as conn, conn.cursor() as cur:
        cur.executemany("UPDATE grids SET open_case_count = %s WHERE tenant_id = %s AND id = %s",
                        [(n, tenant, g) for g, n in open_counts])
