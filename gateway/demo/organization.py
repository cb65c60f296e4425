"""Demo party organization system of 天长市, scaled down from the seeds: the county committee, a
working committee per street, a party committee per community, a branch per grid with a party group,
a few agency/school/hospital/firm/property/owners' committee orgs, officers, ~200 members, dual
registration (seeds: 12,000 registered in 相山 — here ~30), big committees, a joint meeting, star
ratings, three deliberations and a service center per community with the 60-item checklist."""
from __future__ import annotations


from gateway.demo.context import Demo
from gateway.demo.territory import STREETS

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈"
GIVEN = ["伟", "芳", "娜", "敏", "静", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英",
         "建国", "海燕", "志强", "红梅", "立新", "卫东", "桂兰", "文博", "子涵", "思远", "晓东", "春生", "玉兰"]
WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
UNITS = [("天长市财政局机关党委", "agency", "committee", "天长市财政局"),
         ("天长市住房和城乡建设局机关党委", "agency", "committee", "天长市住建局"),
         ("天长市人民医院党委", "hospital", "committee", "天长市人民医院"),
         ("天长市实验小学党支部", "school", "branch", "天长市实验小学"),
         ("国网天长市供电公司党委", "state_firm", "committee", "国网天长供电公司")]


def id_number(demo: Demo) -> str:
    """A well-formed 18-digit number with a correct GB 11643 check digit."""
    rng = demo.rng
    body = f"341181{rng.randint(1950, 2000)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(0, 999):03d}"
    return body + "10X98765432"[sum(int(c) * w for c, w in zip(body, WEIGHTS)) % 11]


def person(demo: Demo) -> str:
    return demo.rng.choice(SURNAMES) + demo.rng.choice(GIVEN)


async def org(demo: Demo, name: str, type: str, parent: dict | None = None, **extra) -> dict:
    made = await demo.call("organization", "create_org", {
        "name": name, "type": type, "parent_id": parent["id"] if parent else None, **extra})
    demo.count("party_orgs")
    return made


async def secretary(demo: Demo, target: dict, since: str = "2021-06-01") -> None:
    await demo.call("organization", "appoint_officer", {"org_id": target["id"], "name": person(demo),
                                                        "role": "secretary", "term_start": since})
    demo.count("officers")


async def members(demo: Demo, target: dict, n: int, **extra) -> list[dict]:
    made = []
    for _ in range(n):  # one at a time: SQLite (make run) refuses concurrent read-then-write transactions
        made.append(await demo.call("organization", "add_member", {
            "org_id": target["id"], "name": person(demo), "id_number": id_number(demo),
            "phone": f"139{demo.rng.randint(0, 99_999_999):08d}",
            "join_date": f"{demo.rng.randint(1975, 2024)}-07-01",
            "status": "probationary" if demo.rng.random() < 0.08 else "full", **extra}))
    demo.count("party_members", n)
    return made


async def seed(demo: Demo) -> None:
    county = await org(demo, "中共天长市委员会", "county_committee")
    await secretary(demo, county)
    streets: dict[str, dict] = {}
    for (street_name, _), street_id in zip(STREETS, dict.fromkeys(g["street_id"] for g in demo.grids)):
        streets[street_id] = await org(demo, f"中共{street_name}工作委员会", "street_working_committee", county,
                                       street_id=street_id)
        await secretary(demo, streets[street_id])
    communities = {}
    for community in demo.communities:
        grid = next(g for g in demo.grids if g["community_id"] == community["id"])
        communities[community["id"]] = made = await org(
            demo, f"中共{community['name']}委员会", "community_committee", streets[grid["street_id"]],
            community_id=community["id"])
        await secretary(demo, made)
    branches = []
    for grid in demo.grids:
        community = communities[grid["community_id"]]
        branch = await org(demo, f"{community['name'][2:-3]}{grid['name']}党支部", "grid_branch", community,
                           grid_id=grid["id"])
        await org(demo, "1号楼党小组", "party_group", branch)
        branches.append(branch)
    for branch in branches:
        await members(demo, branch, 4)
    units = [await org(demo, name, kind, county, level=level) for name, kind, level, _ in UNITS]
    first_street = next(iter(streets.values()))
    firm = await org(demo, "天康集团党委", "private_firm", first_street, level="committee")
    property_org = await org(demo, "天长市安居物业有限公司党支部", "property_company",
                             next(iter(communities.values())))
    await org(demo, "滨湖小区业主委员会党支部", "owners_committee", list(communities.values())[1])
    await members(demo, property_org, 3)
    await members(demo, firm, 8, employer_unit="天康集团")
    homes = list(communities)
    for unit, (_, _, _, employer) in zip(units, UNITS):
        staff = await members(demo, unit, 10, in_service=True, employer_unit=employer,
                              residence_community_id=demo.rng.choice(homes))
        for member in staff[:6]:
            await demo.call("organization", "register_with_community", {
                "member_id": member["id"], "duties": "楼栋议事、政策宣讲",
                "pledge": "每月到社区服务不少于两次"})
            demo.count("dual_registrations")
        await demo.call("organization", "pair_unit", {"org_id": unit["id"], "community_id": demo.rng.choice(homes),
                                                      "pledge": "认领社区需求清单，共建共治"})
        demo.count("unit_pairings")
    await seed_big_committees(demo, first_street, next(iter(communities.values())), units, firm, property_org)
    await seed_meetings_and_stars(demo, first_street, list(communities.values()))
    await seed_deliberations(demo, list(communities.values())[:3])
    await seed_venues(demo, list(communities.values()))


async def seed_big_committees(demo: Demo, street: dict, community: dict, units: list[dict], *others: dict) -> None:
    """One community's big party committee (1+1+X+N) and the street's big working committee, whose
    department deputies each lead one or two projects this year."""
    await demo.call("organization", "appoint_officer", {"org_id": community["id"], "name": "周立新",
                                                        "role": "first_secretary", "term_start": "2024-01-01"})
    for unit in [*units[:3], *others]:
        await demo.call("organization", "add_member_unit", {"committee_id": community["id"],
                                                            "unit_org_id": unit["id"], "joined_on": "2024-03-01"})
        demo.count("member_units")
    projects = {"天长市住建局副局长": ["老旧小区加装电梯", "雨污分流改造"], "天长市城管局副局长": ["背街小巷环境整治"],
                "国网天长供电公司副总经理": ["小区充电桩建设", "楼道照明改造"]}
    for deputy, titles in projects.items():
        officer = await demo.call("organization", "appoint_officer", {
            "org_id": street["id"], "name": deputy, "role": "part_time_member", "term_start": "2024-01-01"})
        for title in titles:
            project = await demo.call("organization", "add_committee_project",
                                      {"officer_id": officer["id"], "year": 2026, "title": title})
            await demo.call("organization", "update_project_progress", {
                "project_id": project["id"], "progress": demo.rng.choice([20, 40, 60, 80, 100])})
            demo.count("committee_projects")


async def seed_meetings_and_stars(demo: Demo, street: dict, communities: list[dict]) -> None:
    meeting = await demo.call("organization", "hold_meeting", {
        "org_id": street["id"], "level": "street", "held_on": "2026-03-12", "title": "街道大工委联席会议（一季度）",
        "attending_units": ["天长市住建局", "天长市城管局", "国网天长供电公司", "天长市安居物业"],
        "agenda": "老旧小区加装电梯；背街小巷路灯；小区消防通道", "minutes": "各成员单位逐项认领，限期办结。",
        "decisions": [{"text": "制定老旧小区加装电梯补贴方案", "owner_unit": "天长市住建局", "due_date": "2026-04-30"},
                      {"text": "修复背街小巷路灯 42 盏", "owner_unit": "国网天长供电公司", "due_date": "2026-04-15"},
                      {"text": "清理小区消防通道堆放物", "owner_unit": "天长市城管局", "due_date": "2026-03-31"}]})
    await demo.call("organization", "mark_decision_done", meeting["decisions"][2]["id"])
    demo.count("joint_meetings")
    tasks = [{"title": "规范落实“三会一课”", "owner": "支部书记", "deadline": "2026-06-30"},
             {"title": "建成红色驿站并对外开放", "owner": "组织委员", "deadline": "2026-09-30"},
             {"title": "在职党员双报到全覆盖", "owner": "宣传委员", "deadline": "2026-12-31"}]
    for i, community in enumerate(communities):
        await demo.call("organization", "set_star_plan", {"org_id": community["id"], "year": 2026, "tasks": tasks})
        if i % 3 != 2:  # two thirds are rated; the rest are still working through their plan
            stars = demo.rng.choice([3, 4, 4, 5])
            await demo.call("organization", "evaluate_stars", {
                "org_id": community["id"], "year": 2026, "stars": stars,
                "reasons": "班子坚强、阵地规范、服务群众成效明显",
                "demonstration_title": "五星级党组织" if stars == 5 else None})
        demo.count("star_plans")


TOPICS = [("小区夜间停车难", "居民反映夜间车位不足，消防通道被占", 6),
          ("老旧小区加装电梯", "低层住户担心采光与噪音，高层住户诉求强烈", 4),
          ("楼道堆物清理", "部分楼道长期堆放杂物，存在火灾隐患", 2)]
STEP_NOTES = ["两委会议确定议题", "入户走访 40 户，形成调研报告", "居民议事会协商表决", "表决结果在公示栏公示 7 天",
              "物业与网格员跟踪落实，每月回访"]


async def seed_deliberations(demo: Demo, communities: list[dict]) -> None:
    """Three topics at different steps of the six (协商议事)."""
    for community, (title, description, steps) in zip(communities, TOPICS):
        topic = await demo.call("organization", "collect_topic", {"org_id": community["id"], "title": title,
                                                                  "description": description})
        for step, note in list(zip(("fixed", "researched", "voted", "published", "followed_up"), STEP_NOTES))[:steps - 1]:
            votes = {"votes_for": 27, "votes_against": 6, "abstentions": 3} if step == "voted" else None
            await demo.call("organization", "advance_deliberation", {"deliberation_id": topic["id"], "step": step,
                                                                     "note": note, "votes": votes})
        demo.count("deliberations")


CLASSES = ["阵地标识", "功能布局", "制度规范", "服务功能", "信息化建设"]  # 60 requirements in 5 classes


async def seed_venues(demo: Demo, communities: list[dict]) -> None:
    """The 60-requirement checklist and a party-mass service center per community around 天长
    (119.0°E, 32.69°N), each meeting a share of the requirements."""
    items = [{"code": f"{c + 1}.{n + 1:02d}", "class_name": name, "text": f"{name}第{n + 1}项要求"}
             for c, name in enumerate(CLASSES) for n in range(12)]
    await demo.call("organization", "set_venue_standards", items)
    for i, community in enumerate(communities):
        venue = await demo.call("organization", "create_venue", {
            "org_id": community["id"], "name": f"{community['name'][2:-3]}党群服务中心", "kind": "center",
            "lng": round(118.98 + 0.012 * (i % 4), 4), "lat": round(32.67 + 0.012 * (i // 4), 4),
            "opening_hours": "周一至周日 8:00-20:00"})
        met = demo.rng.sample([item["code"] for item in items], demo.rng.randint(40, 60))
        await demo.call("organization", "record_venue_compliance", {"venue_id": venue["id"], "met_codes": met})
        demo.count("venues")
