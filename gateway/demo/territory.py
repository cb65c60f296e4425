"""Demo territory: Tianchang reports 167 grids; the demo keeps about a fifth of its shape —
4 streets/towns, 3 communities each, 2 compounds per community, 4 buildings per compound, 3 grids
per community (two community grids and one specialized grid) — and a few open cases."""
from __future__ import annotations


from gateway.demo.context import Demo
STREETS = [("天长街道", "341181001"), ("广陵街道", "341181002"), ("千秋街道", "341181003"),
           ("秦栏镇", "341181100")]
COMMUNITY_NAMES = ["仁和", "滨湖", "金桥", "万寿", "新河", "园林", "永福", "东城", "北湖", "南门",
                   "江淮", "天康"]
CATEGORIES = ["environment", "parking", "property", "dispute", "safety", "fire_lane", "ev_charging"]
BUILDINGS_PER_COMPOUND = 4


async def seed(demo: Demo) -> None:
    """Lay out the territory and grids; remembers the grid ids in ``demo.grids``."""
    rng, call = demo.rng, demo.call
    names = iter(COMMUNITY_NAMES)
    for street_name, street_code in STREETS:
        street = await call("grid", "create_street", {"name": street_name, "code": street_code})
        demo.count("streets")
        for c in range(3):
            community = await call("grid", "create_community", {
                "street_id": street["id"], "name": f"{next(names)}社区",
                "code": f"{street_code}{c + 1:03d}"})
            demo.count("communities")
            demo.communities.append(community)
            compounds = []
            for k in range(2):
                compound = await call("grid", "create_compound", {
                    "community_id": community["id"],
                    "name": f"{community['name'][:-2]}{'花园' if k else '小区'}"})
                compounds.append(compound)
                demo.count("compounds")
                for b in range(BUILDINGS_PER_COMPOUND):
                    await call("grid", "create_building", {
                        "compound_id": compound["id"], "name": f"{b + 1}号楼",
                        "households": rng.randint(60, 120)})
                    demo.count("buildings")
            demo.compounds.extend(compounds)
            for g, (kind, compound) in enumerate([("community", compounds[0]),
                                                 ("community", compounds[1]), ("specialized", None)]):
                label = "专属网格（学校）" if kind == "specialized" else f"第{g + 1}网格"
                grid = await call("grid", "create_grid", {
                    "community_id": community["id"], "name": label, "kind": kind,
                    "compound_id": compound["id"] if compound else None})
                demo.grids.append(grid)
                demo.count("grids")


async def seed_cases(demo: Demo) -> None:
    for grid in demo.rng.sample(demo.grids, 12):
        await demo.call("dispatch", "report_case", {
            "grid_id": grid["id"], "category": demo.rng.choice(CATEGORIES), "source": "patrol",
            "description": "网格员巡查发现的问题（演示数据）"})
        demo.count("cases")
