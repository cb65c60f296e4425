"""Demo territory: Tianchang reports 167 grids; the demo keeps about a fifth of its shape —
4 streets/towns, 3 communities each, 2 compounds per community, 4 buildings per compound, 3 grids
per community (two community grids and one specialized grid) — and a few open cases."""
from __future__ import annotations

import asyncio

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


# Synthetic residents: names from common surnames and given-name characters, ID numbers with a
# valid GB 11643 check character and place code 341181 (no real person's number is used).
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂英华建国文红玉梅志新海春雪林斌宇浩凯瑞欣怡子涵梓轩"
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
HOUSEHOLDS_PER_BUILDING = 2


def fake_id_number(rng, year: int, serial: int) -> str:
    body = f"341181{year}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{serial % 1000:03d}"
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, WEIGHTS)) % 11]


def _person(rng, serial: int, year: int) -> dict:
    """A resident born in ``year``; ``serial`` keeps ID numbers distinct within the demo."""
    given = "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
    groups = []
    if year < 1950 and rng.random() < 0.4:
        groups.append("elderly_alone")
    if rng.random() < 0.03:
        groups.append("disabled")
    if year > 2014 and rng.random() < 0.3:
        groups.append("child_care")
    return {"name": rng.choice(SURNAMES) + given, "id_number": fake_id_number(rng, year, serial),
            "phone": f"1{rng.choice('3589')}{rng.randint(0, 999999999):09d}" if year < 2010 else None,
            "residency": "floating" if rng.random() < 0.15 else "permanent", "special_groups": groups}


async def seed_residents(demo: Demo) -> None:
    """Two households per building of the community grids, one to three residents each; the
    buildings are seeded a batch at a time, concurrently (the calls are independent)."""
    rng = demo.rng
    grid_of = {g["compound_id"]: g["id"] for g in demo.grids if g["compound_id"]}
    buildings = await demo.call("grid", "list_buildings", [c["id"] for c in demo.compounds])
    plans = []  # drawn up front so the random stream, and so the demo, stays reproducible
    for building in buildings:
        for h in range(HOUSEHOLDS_PER_BUILDING):
            home = {"building_id": building["id"], "grid_id": grid_of[building["compound_id"]],
                    "unit": str(h % 2 + 1), "floor": rng.randint(1, 6), "room": f"{rng.randint(1, 6)}0{h + 1}",
                    "kind": "rented" if rng.random() < 0.2 else "owned"}
            years = [rng.randint(1940, 1995)] + [rng.randint(1940, 2022) for _ in range(rng.randint(0, 2))]
            plans.append((home, [_person(rng, len(plans) * 3 + n, y) for n, y in enumerate(years)]))

    async def settle(home: dict, people: list[dict]) -> None:
        made = await demo.call("grid", "register_household", home)
        await asyncio.gather(*(demo.call("grid", "register_resident", {"household_id": made["id"], **p})
                               for p in people))
        demo.count("households")
        demo.count("residents", len(people))

    for start in range(0, len(plans), 24):
        await asyncio.gather(*(settle(*plan) for plan in plans[start:start + 24]))
