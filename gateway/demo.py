"""The demo county: 天长市 (tenant 341181), scaled down from the seed figures.

Tianchang reports 167 grids; the demo keeps about a fifth of its shape: 4 streets/towns,
3 communities each, 2 compounds per community, 4 buildings per compound, 3 grids per community
(two community grids and one specialized grid), and a few open cases. Everything goes through the
services' public RPC contracts, exactly as the gateway would.
"""
from __future__ import annotations

import random

from gateway.rpc_client import RpcClient
from shared.errors import CivicError
from shared.principal import Principal

TENANT = "341181"
COUNTY = "天长市"
STREETS = [("天长街道", "341181001"), ("广陵街道", "341181002"), ("千秋街道", "341181003"),
           ("秦栏镇", "341181100")]
COMMUNITY_NAMES = ["仁和", "滨湖", "金桥", "万寿", "新河", "园林", "永福", "东城", "北湖", "南门",
                   "江淮", "天康"]
CATEGORIES = ["environment", "parking", "property", "dispute", "safety", "fire_lane", "ev_charging"]
BUILDINGS_PER_COMPOUND = 4


async def seed(rpc: RpcClient, *, tenant: str = TENANT, county: str = COUNTY,
               seed_value: int = 341181) -> dict[str, int]:
    """Create the demo county once; returns what was created (empty when it already exists)."""
    platform = Principal(tenant=tenant, subject="demo-seed", roles=("platform_admin",)).context_data()
    admin = Principal(tenant=tenant, subject="demo-seed", roles=("county_admin",)).context_data()
    try:
        await rpc.call("organization", "get_county", context=platform)
        return {}
    except CivicError as exc:
        if exc.code != "NOT_FOUND":
            raise
    rng = random.Random(seed_value)
    counts = {"streets": 0, "communities": 0, "compounds": 0, "buildings": 0, "grids": 0, "cases": 0}
    names = iter(COMMUNITY_NAMES)
    grids: list[str] = []
    for street_name, street_code in STREETS:
        street = await rpc.call("grid", "create_street", {"name": street_name, "code": street_code},
                                context=admin)
        counts["streets"] += 1
        for c in range(3):
            community = await rpc.call("grid", "create_community", {
                "street_id": street["id"], "name": f"{next(names)}社区",
                "code": f"{street_code}{c + 1:03d}"}, context=admin)
            counts["communities"] += 1
            compounds = []
            for k in range(2):
                compound = await rpc.call("grid", "create_compound", {
                    "community_id": community["id"], "name": f"{community['name'][:-2]}{'花园' if k else '小区'}"},
                    context=admin)
                compounds.append(compound)
                counts["compounds"] += 1
                for b in range(BUILDINGS_PER_COMPOUND):
                    await rpc.call("grid", "create_building", {
                        "compound_id": compound["id"], "name": f"{b + 1}号楼",
                        "households": rng.randint(60, 120)}, context=admin)
                    counts["buildings"] += 1
            for g, (kind, compound) in enumerate([("community", compounds[0]), ("community", compounds[1]),
                                                 ("specialized", None)]):
                label = "专属网格（学校）" if kind == "specialized" else f"第{g + 1}网格"
                grid = await rpc.call("grid", "create_grid", {
                    "community_id": community["id"], "name": label, "kind": kind,
                    "compound_id": compound["id"] if compound else None}, context=admin)
                grids.append(grid["id"])
                counts["grids"] += 1
    for grid_id in rng.sample(grids, 12):
        await rpc.call("dispatch", "report_case", {
            "grid_id": grid_id, "category": rng.choice(CATEGORIES), "source": "patrol",
            "description": "网格员巡查发现的问题（演示数据）"}, context=admin)
        counts["cases"] += 1
    await rpc.call("organization", "register_county", {"name": county}, context=platform)
    return counts
