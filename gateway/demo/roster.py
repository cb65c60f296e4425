"""Demo roster and sunk cadres, scaled from seed 000 (36 teams, 619 grid workers, 1,502 building
heads, 2,897 unit heads, 989 sub-floor heads, 4,144 floor heads; 22 leaders, 92 departments,
2,500+ cadres): per community a work team of two and a county leader; per compound a party
leader and a department; per community grid two grid workers (residents of the grid — the first
is also building head of building 1, showing one person in two posts); per building a building
head, two unit heads, a floor head (a sub-floor head in every other building) and a cadre.
The tenant uses the "1+2+N" model."""
from __future__ import annotations

import asyncio
from datetime import datetime, timedelta, timezone

from gateway.demo.context import Demo
from gateway.demo.territory import GIVEN, SURNAMES
from shared.principal import Principal, Scope

DEPARTMENTS = ["县住建局", "县城管局", "县公安局", "县市场监管局", "县民政局", "县卫健委", "县应急局"]


def _name(rng) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(2))


async def seed(demo: Demo) -> None:
    rng, call, jobs = demo.rng, demo.call, []
    await call("grid", "set_staffing_model", "1+2+N")

    def post(level: str, name: str, **place) -> None:
        jobs.append(call("grid", "appoint_post", {"level": level, "holder_name": name, **place}))
        demo.count(f"posts.{level}")

    def cadre(kind: str, name: str, **place) -> None:
        subject = f"cadre-{kind}-{demo.counts.get(f'cadres.{kind}', 0) + 1}"
        jobs.append(call("grid", "assign_cadre", {"subject": subject, "name": name, "kind": kind, **place}))
        demo.count(f"cadres.{kind}")

    for community in demo.communities:
        for _ in range(2):
            post("community_work_team", _name(rng), community_id=community["id"])
        cadre("county_leader", _name(rng) + "（县领导）", community_id=community["id"])
    for compound in demo.compounds:
        post("compound_party_leader", _name(rng), compound_id=compound["id"])
        cadre("department", rng.choice(DEPARTMENTS), compound_id=compound["id"])
    grid_of = {g["compound_id"]: g["id"] for g in demo.grids if g["compound_id"]}
    buildings = await call("grid", "list_buildings", [c["id"] for c in demo.compounds])
    first_building = {}
    for building in buildings:
        first_building.setdefault(building["compound_id"], building["id"])
    for compound_id, grid_id in grid_of.items():
        people = await call("grid", "list_residents", limit=2, grid_id=grid_id)
        for n, person in enumerate(people):
            post("grid_worker", person["name"], resident_id=person["id"], grid_id=grid_id)
            if n == 0:
                post("building_head", person["name"], resident_id=person["id"], grid_id=grid_id,
                     building_id=first_building[compound_id])
    for n, building in enumerate(buildings):
        grid_id = grid_of[building["compound_id"]]
        where = {"grid_id": grid_id, "building_id": building["id"]}
        if building["id"] != first_building[building["compound_id"]]:
            post("building_head", _name(rng), **where)
        for unit in ("1", "2"):
            post("unit_head", _name(rng), unit=unit, **where)
        post("floor_head", _name(rng), unit="1", floor=str(rng.randint(1, 6)), **where)
        if n % 2:
            post("sub_floor_head", _name(rng), unit="2", floor="1-3", **where)
        cadre("cadre", _name(rng), building_id=building["id"])
    for start in range(0, len(jobs), 40):  # independent calls: in flight together, a batch at a time
        await asyncio.gather(*jobs[start:start + 40])


async def seed_visits(demo: Demo) -> None:
    """Each community grid's first grid worker visited three households this week, signed in as
    themselves (so the weekly quota and the rating have something to show)."""
    now = datetime.now(timezone.utc)
    jobs = []
    for grid in (g for g in demo.grids if g["compound_id"]):
        worker = Principal(tenant=demo.tenant, subject=f"grid-worker-{grid['id'][:8]}", roles=("grid_worker",),
                           scope=Scope("grid", grid["id"])).context_data()
        people = await demo.call("grid", "list_residents", limit=3, grid_id=grid["id"])
        for n, person in enumerate(people):
            when = (now - timedelta(hours=4 + 20 * n)).isoformat()
            jobs.append(demo.rpc.call("grid", "record_visit", {"household_id": person["household_id"],
                                                               "visited_at": when, "note": "入户走访（演示）"},
                                      context=worker))
            demo.count("visits")
    for start in range(0, len(jobs), 40):
        await asyncio.gather(*jobs[start:start + 40])
