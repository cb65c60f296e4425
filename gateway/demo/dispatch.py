"""Demo cases in every state of the closed loop, across the demo grids (44 cases: 天长's
4,331 property cases scaled far down, with its 98.94% satisfaction as mostly 满意 ratings), plus
a whistle-and-report case with three departments at different steps; two routing rules; and
micro-wishes, "三单" orders and community needs in every state of their own loops. Party members
and orgs named (handlers, helpers, claiming orgs, member units) are real ones of the county's
roster — the dispatch service refuses any other id — so the organization seed runs first."""
from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass

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
UNIT = "国网天长市供电公司党委"  # a member unit's org of the organization seed (驻区单位)


@dataclass
class Party:
    """The county's party members and orgs, as the organization seed left them."""

    members: list[str]
    communities: list[dict]  # community party committees (claim wishes)
    unit: dict  # a member unit's org (offers resources, claims needs)


async def _party(demo: Demo) -> Party:
    members = [m["id"] for m in await demo.call("organization", "list_members", None, 200)]
    orgs = await demo.call("organization", "org_tree")
    if not members or not orgs:
        raise RuntimeError("seed the organization first: dispatch names only real members and orgs")
    communities = [o for o in orgs if o["type"] == "community_committee"] or orgs
    units = [o for o in orgs if o["name"] == UNIT] or [o for o in orgs if o["type"] == "state_firm"]
    return Party(members=members, communities=communities, unit=(units or orgs)[0])


def _members(demo: Demo, party: Party, most: int = 2) -> list[str]:
    return demo.rng.sample(party.members, min(len(party.members), demo.rng.randint(1, most)))


async def _case(demo: Demo, grid: dict, n: int, source: str = "patrol") -> dict:
    category, description = CASES[n % len(CASES)]
    case = await demo.call("dispatch", "report_case", {
        "grid_id": grid["id"], "category": category, "description": description, "source": source})
    demo.count("cases")
    return case


async def _step(demo: Demo, case: dict, action: str, data: dict, party: Party) -> dict:
    if action == R:  # handled by one or two party members
        data = {"handler_member_ids": _members(demo, party), **data}
    return await demo.call("dispatch", "transition_case", action, {"case_id": case["id"], **data})


async def seed(demo: Demo) -> None:
    party = await _party(demo)
    n = 0
    for steps, times in PATHS:
        for _ in range(times):
            case = await _case(demo, demo.grids[n % len(demo.grids)], n,
                               demo.rng.choice(["resident", "patrol", "hotline"]))
            for action, data in steps:
                case = await _step(demo, case, action, data, party)
            n += 1
    open_case = await _case(demo, demo.grids[0], 0, "resident")
    duplicate = await _case(demo, demo.grids[0], 0, "hotline")
    await _step(demo, duplicate, "merge", {"into_case_id": open_case["id"], "note": "同一问题重复上报"},
                party)
    await _whistle(demo, demo.grids[n % len(demo.grids)], n, party)
    await _routing(demo)
    await _wishes(demo, party)
    await _orders(demo, party)
    await _needs(demo, party)


def _department(demo: Demo) -> str:
    """A functional department's unit id (no service keeps a list of departments yet)."""
    return str(uuid.UUID(int=demo.rng.getrandbits(128)))


def _proof(demo: Demo, label: str) -> list[dict]:
    digest = hashlib.sha256(f"{label}-{demo.rng.random()}".encode()).hexdigest()
    return [{"uri": f"https://oss.example.cn/demo/{digest[:16]}.jpg", "sha256": digest,
             "size": 180_000 + demo.rng.randint(0, 90_000), "media_type": "image/jpeg"}]


async def _routing(demo: Demo) -> None:
    """分拨规则: noise starts at the community; gas leaks go straight to the gas company."""
    await demo.call("dispatch", "set_category", {"code": "noise", "name": "噪声扰民",
                                                 "parent_code": "environment", "start_level": "community"})
    await demo.call("dispatch", "set_category", {
        "code": "gas_leak", "name": "燃气泄漏", "parent_code": "safety", "respond_within_hours": 1,
        "resolve_within_workdays": 1, "deadline_workdays": {"street": 1},
        "department": {"department_id": _department(demo), "name": "天长港华燃气"}})
    demo.count("category_rules", 2)


WISHES = [("老花镜一副", "visit", "李奶奶"), ("轮椅一台", "phone", "王大爷"), ("儿童绘本", "box", "小明"),
          ("助听器维修", "visit", "赵奶奶"), ("春联和福字", "box", "孙阿姨")]
WISH_PATH = [["publish", "claim", "fulfil", "confirm"], ["publish", "claim", "fulfil"],
             ["publish", "claim"], ["publish"], []]


async def _wishes(demo: Demo, party: Party) -> None:
    """微心愿 in every state; confirmed ones emit wish.fulfilled (points for the helpers)."""
    for (title, channel, name), path in zip(WISHES, WISH_PATH, strict=True):
        grid = demo.rng.choice(demo.grids)
        wish = await demo.call("dispatch", "collect_wish", {"grid_id": grid["id"], "title": title,
                                                            "channel": channel, "wisher_name": name})
        for action in path:
            org = demo.rng.choice(party.communities)
            extra = {"claim": {"org_name": org["name"], "org_id": org["id"],
                               "member_ids": _members(demo, party, 1)},
                     "fulfil": {"evidence": _proof(demo, title)}}.get(action, {})
            await demo.call("dispatch", "wish_step", action, {"wish_id": wish["id"], **extra})
        demo.count("wishes")


ORDERS = ["代买常用药", "上门理发", "疏通下水道", "陪同就医"]
ORDER_PATH = [["dispatch", "take", "complete", "confirm"], ["dispatch", "take", "complete"],
              ["dispatch", "take"], ["dispatch"]]


async def _orders(demo: Demo, party: Party) -> None:
    """"三单": 居民点单 → 社区派单 → 党员接单 → 完成 → 确认 (emits order.completed)."""
    for title, path in zip(ORDERS, ORDER_PATH, strict=True):
        grid = demo.rng.choice(demo.grids)
        order = await demo.call("dispatch", "place_order", {"grid_id": grid["id"], "title": title})
        for action in path:
            extra = {"take": {"member_ids": _members(demo, party, 1)},
                     "confirm": {"rating": "satisfied"}}.get(action, {})
            await demo.call("dispatch", "order_step", action, {"order_id": order["id"], **extra})
        demo.count("orders")


NEEDS = ["老旧小区线路检修", "暑期青少年托管", "独居老人助餐", "楼道照明改造"]
NEED_PATH = [["claim", "deliver", "close", "check"], ["claim", "deliver", "close"], ["claim"], []]


async def _needs(demo: Demo, party: Party) -> None:
    """双向清单: a unit's resource, and community needs in every state of their loop."""
    grid = demo.grids[0]
    unit, unit_name = party.unit["id"], party.unit["name"]
    resource = await demo.call("dispatch", "offer_resource", {
        "unit_org_id": unit, "unit_name": unit_name, "title": "电力志愿服务队",
        "description": "线路检修、用电安全宣传", "community_id": grid["community_id"],
        "street_id": grid["street_id"]})
    for title, path in zip(NEEDS, NEED_PATH, strict=True):
        need = await demo.call("dispatch", "post_need", {
            "street_id": grid["street_id"], "community_id": grid["community_id"], "title": title})
        for action in path:
            extra = {"claim": {"unit_org_id": unit, "unit_name": unit_name,
                               "resource_id": resource["id"]},
                     "close": {"rating": "satisfied"}, "check": {"effect": "effective"}}.get(action, {})
            await demo.call("dispatch", "need_step", action, {"need_id": need["id"], **extra})
        demo.count("needs")


async def _whistle(demo: Demo, grid: dict, n: int, party: Party) -> None:
    """街道吹哨: one department has reported and resolved, one has reported, one has not yet."""
    case = await _case(demo, grid, 3, "hotline")
    await _step(demo, case, A, {"level": "street", "note": "涉及多个部门职责"}, party)
    departments = [{"department_id": _department(demo), "name": name}
                   for name in DEPARTMENTS]
    result = await demo.call("dispatch", "whistle_case", {
        "case_id": case["id"], "departments": departments, "respond_within_hours": 2,
        "resolve_within_workdays": 5, "note": "街道吹哨，部门联合处置"})
    first, second, _ = result["parts"]
    for part in (first, second):
        await demo.call("dispatch", "whistle_step", "report", {"part_id": part["id"]})
    await demo.call("dispatch", "whistle_step", "resolve", {"part_id": first["id"], "note": "已拆除",
                                                            "handler_member_ids": _members(demo, party, 1)})
    demo.count("whistles")
