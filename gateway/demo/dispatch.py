"""Demo cases in every state of the closed loop, across the demo grids (44 cases: 天长's
4,331 property cases scaled far down, with its 98.94% satisfaction as mostly 满意 ratings), plus
a whistle-and-report case with three departments at different steps."""
from __future__ import annotations

import uuid

from gateway.demo.context import Demo

CASES = [  # (category, description)
    ("environment", "楼道堆放杂物，影响通行"), ("parking", "小区内车辆乱停占用绿化带"),
    ("property", "电梯多次故障，物业维修不及时"), ("dispute", "楼上漏水引发邻里纠纷"),
    ("safety", "楼顶违规搭建彩钢棚"), ("fire_lane", "消防通道被私家车长期占用"),
    ("ev_charging", "电动车在楼道内充电"), ("environment", "垃圾分类亭满溢无人清运"),
]
R, A, E, V = "resolve", "accept", "escalate", "verify"
PATHS = [  # (steps, how many cases end here)
    ([], 3), ([(A, {"level": "building"})], 2), ([(A, {})], 4),
    ([(A, {}), (E, {"note": "需社区协调"})], 3), ([(A, {}), (E, {}), (E, {"note": "需街道统筹"})], 2),
    ([(A, {}), (R, {})], 3), ([(A, {}), (R, {}), (V, {})], 3),
    ([(A, {}), (R, {}), (V, {}), ("rate", {"rating": "satisfied"})], 5),
    ([(A, {}), (R, {}), (V, {}), ("rate", {"rating": "satisfied"}), ("archive", {})], 8),
    ([(A, {}), (E, {}), (R, {}), (V, {}), ("rate", {"rating": "basically_satisfied"}),
      ("archive", {})], 3),
    ([(A, {}), (R, {}), (V, {}), ("rate", {"rating": "unsatisfied", "note": "问题反复出现"})], 2),
    ([("reject", {"note": "属于民事诉讼范围，已告知当事人"})], 2),
    ([("reject", {"note": "重复诉求"}), ("archive", {})], 1),
]
DEPARTMENTS = ["城管局", "住建局", "市场监管局"]


async def _case(demo: Demo, grid: dict, n: int, source: str = "patrol") -> dict:
    category, description = CASES[n % len(CASES)]
    case = await demo.call("dispatch", "report_case", {
        "grid_id": grid["id"], "category": category, "description": description, "source": source})
    demo.count("cases")
    return case


async def _step(demo: Demo, case: dict, action: str, data: dict) -> dict:
    if action == R:  # handled by one or two party members of the grid
        data = {"handler_member_ids": [str(uuid.UUID(int=demo.rng.getrandbits(128)))
                                       for _ in range(demo.rng.randint(1, 2))], **data}
    return await demo.call("dispatch", "transition_case", action, {"case_id": case["id"], **data})


async def seed(demo: Demo) -> None:
    n = 0
    for steps, times in PATHS:
        for _ in range(times):
            case = await _case(demo, demo.grids[n % len(demo.grids)], n,
                               demo.rng.choice(["resident", "patrol", "hotline"]))
            for action, data in steps:
                case = await _step(demo, case, action, data)
            n += 1
    open_case = await _case(demo, demo.grids[0], 0, "resident")
    duplicate = await _case(demo, demo.grids[0], 0, "hotline")
    await _step(demo, duplicate, "merge", {"into_case_id": open_case["id"], "note": "同一问题重复上报"})
    await _whistle(demo, demo.grids[n % len(demo.grids)], n)


async def _whistle(demo: Demo, grid: dict, n: int) -> None:
    """街道吹哨: one department has reported and resolved, one has reported, one has not yet."""
    case = await _case(demo, grid, 3, "hotline")
    await _step(demo, case, A, {"level": "street", "note": "涉及多个部门职责"})
    departments = [{"department_id": str(uuid.UUID(int=demo.rng.getrandbits(128))), "name": name}
                   for name in DEPARTMENTS]
    result = await demo.call("dispatch", "whistle_case", {
        "case_id": case["id"], "departments": departments, "respond_within_hours": 2,
        "resolve_within_workdays": 5, "note": "街道吹哨，部门联合处置"})
    first, second, _ = result["parts"]
    for part in (first, second):
        await demo.call("dispatch", "whistle_step", "report", {"part_id": part["id"]})
    await demo.call("dispatch", "whistle_step", "resolve", {"part_id": first["id"], "note": "已拆除"})
    demo.count("whistles")
