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


# Synthetic residents: names from common surnames and given-name characters, ID numbers with a
# valid GB 11643 check character and place code 341181 (no real person's number is used).
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂英华建国文红玉梅志新海春雪林斌宇浩凯瑞欣怡子涵梓轩"
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
HOUSEHOLDS_PER_BUILDING = 16  # 2 units × 8 homes: 1,536 households, ≈ 3,000 residents
IMPORT_BATCH = 500  # rows per import_residents call (the residents sheet's batch size)


def fake_id_number(rng, year: int, serial: int) -> str:
    body = f"341181{year}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{serial % 1000:03d}"
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, WEIGHTS)) % 11]


def _person(rng, serial: int, year: int, used: set[str]) -> dict:
    """A resident born in ``year``, with an ID number not in ``used`` (and added to it)."""
    given = "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
    groups = []
    if year < 1950 and rng.random() < 0.4:
        groups.append("elderly_alone")
    if rng.random() < 0.03:
        groups.append("disabled")
    if year > 2014 and rng.random() < 0.3:
        groups.append("child_care")
    number = fake_id_number(rng, year, serial)
    while number in used:  # same birth date and serial: draw the date again
        number = fake_id_number(rng, year, serial)
    used.add(number)
    return {"name": rng.choice(SURNAMES) + given, "id_number": number,
            "phone": f"1{rng.choice('3589')}{rng.randint(0, 999999999):09d}" if year < 2010 else None,
            "residency": "floating" if rng.random() < 0.15 else "permanent", "special_groups": groups}


async def seed_residents(demo: Demo) -> None:
    """Sixteen households per building of the community grids (two units, eight homes each), one
    to three residents each — about 3,000 — registered through the residents sheet's import
    path (``import_residents``, 500 rows a call: households on first sight, residents encrypted
    and blind-indexed as when registered one by one)."""
    rng = demo.rng
    grid_of = {g["compound_id"]: g["id"] for g in demo.grids if g["compound_id"]}
    buildings = await demo.call("grid", "list_buildings", [c["id"] for c in demo.compounds])
    rows: list[dict] = []  # drawn up front so the random stream, and so the demo, stays reproducible
    used: set[str] = set()
    for building in buildings:
        for h in range(HOUSEHOLDS_PER_BUILDING):
            floor = h // 2 % 6 + 1
            home = {"building_id": building["id"], "grid_id": grid_of[building["compound_id"]],
                    "unit": str(h % 2 + 1), "floor": floor, "room": f"{floor}0{h // 12 + 1}",
                    "household_kind": "rented" if rng.random() < 0.2 else "owned"}
            years = [rng.randint(1940, 1995)] + [rng.randint(1940, 2022) for _ in range(rng.randint(0, 2))]
            for year in years:
                rows.append({"row": len(rows) + 2, **home, **_person(rng, len(rows), year, used)})
            demo.count("households")
    for start in range(0, len(rows), IMPORT_BATCH):
        result = await demo.call("grid", "import_residents", rows[start:start + IMPORT_BATCH], timeout=120)
        if result["errors"]:
            raise RuntimeError(f"demo residents refused: {result['errors'][:3]}")
        demo.count("residents", result["created"])
