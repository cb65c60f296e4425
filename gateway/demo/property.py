"""Demo red property (红色物业), scaled down from 相山 (81 companies: 34 with their own party
branch, 47 with an assigned instructor): 6 companies, the demo compounds in all three management
modes, the 十不宜 list, four committees, October's inspections, the county's indicator set and a
published 2025 evaluation (4:4:2, with 10% inspections and 10% satisfaction in the total), the
third quarter's satisfaction surveys and a week of three-party meetings."""
from __future__ import annotations

from gateway.demo.context import Demo
from services.property.credit_code import ALPHABET, check_character

COMPANIES = [("天长市金鼎物业服务有限公司", "branch", "金鼎物业党支部"),
             ("天长市同心物业管理有限公司", "branch", "同心物业党支部"),
             ("安徽千秋物业服务有限公司", "instructor", "陈建华"),
             ("天长市滨湖物业有限公司", "instructor", "刘文娟"),
             ("天长市广陵物业服务有限公司", "instructor", "周立新"),
             ("天长市永安物业管理有限公司", "branch", "永安物业联合党支部")]
NEGATIVE_LIST = ["受过刑事处罚的", "被列为失信被执行人的", "拖欠物业费或专项维修资金经催缴仍不缴纳的",
                 "违章搭建、侵占公共部位拒不整改的", "本人或近亲属在本小区物业服务企业任职的",
                 "组织、煽动群体性事件的", "参加邪教等非法组织的", "有损害业主共同利益行为的",
                 "有严重违反社会公德行为的", "其他不宜担任的情形"]
SOURCES = [("residents", 60000), ("operations", 24000), ("project_funds", 50000), ("subsidy", 120000)]


def credit_code(rng) -> str:
    first17 = "91341181" + "".join(rng.choice(ALPHABET) for _ in range(9))
    return first17 + check_character(first17)


async def seed(demo: Demo) -> None:
    rng, call = demo.rng, demo.call
    firms = []
    for name, coverage, who in COMPANIES:
        extra = {"branch_name": who} if coverage == "branch" else {"instructor_name": who}
        firms.append(await call("property", "register_company", {
            "name": name, "credit_code": credit_code(rng), "contact_name": "经理",
            "contact_phone": f"139{rng.randint(10_000_000, 99_999_999)}", "coverage": coverage, **extra}))
        demo.count("property_companies")
    compounds = demo.compounds
    for n, compound in enumerate(compounds):
        base = {"compound_id": compound["id"], "compound_name": compound["name"]}
        if n % 6 < 4:  # two thirds company-managed
            firm = firms[n % len(firms)]
            await call("property", "add_management_contract", {
                **base, "company_id": firm["id"], "starts_on": "2024-01-01", "ends_on": "2026-12-31"})
            await call("property", "set_compound_mode", {**base, "mode": "company", "company_id": firm["id"]})
        elif n % 6 == 4:
            await call("property", "set_compound_mode", {**base, "mode": "self"})
        else:  # 三无小区 with fallback service funded a bit from each source
            kind = "community_team" if n % 12 == 5 else "non_profit"
            provider = "社区托管服务队" if kind == "community_team" else "天长市惠民公益物业"
            await call("property", "set_compound_mode", {**base, "mode": "none", "fallback_kind": kind,
                                                         "fallback_provider": provider})
            for month, (source, amount) in enumerate(SOURCES, 1):
                await call("property", "record_funding", {"compound_id": compound["id"], "on": f"2026-0{month}-15",
                                                          "direction": "income", "source": source,
                                                          "amount_fen": amount})
            await call("property", "record_funding", {"compound_id": compound["id"], "on": "2026-06-30",
                                                      "direction": "spending", "amount_fen": 210000,
                                                      "note": "保洁、垃圾清运、门岗"})
        demo.count("compound_modes")
    for k, text in enumerate(NEGATIVE_LIST, 1):
        await call("property", "define_negative_item", {"code": f"N{k:02d}", "text": text})
    await seed_committees(demo, compounds[:4])
    await seed_oversight(demo, firms)
    await seed_surveys_and_meetings(demo)


async def seed_committees(demo: Demo, compounds: list[dict]) -> None:
    # (kind, party members of five incl. a party chair?, cross-appointed?)
    plans = [("owners", 4, True), ("owners", 3, False), ("owners", 2, False), ("management", 3, True)]
    for compound, (kind, party, cross) in zip(compounds, plans):
        committee = await demo.call("property", "create_committee", {
            "compound_id": compound["id"], "compound_name": compound["name"], "kind": kind,
            "term_starts": "2024-07-01", "term_ends": "2029-06-30", "branch_name": f"{compound['name']}党支部"})
        for m in range(5):
            await demo.call("property", "add_committee_member", {
                "committee_id": committee["id"], "name": f"{'主任' if m == 0 else '委员'}{m + 1}",
                "role": "chair" if m == 0 else "member", "party_member": m < party,
                "branch_post": "支部委员" if cross and m == 0 else None})
        demo.count("committees")
    await demo.call("property", "review_candidate", {"committee_id": committee["id"], "candidate_name": "候选人甲"})
    await demo.call("property", "review_candidate", {
        "committee_id": committee["id"], "candidate_name": "候选人乙",
        "hits": [{"item_code": "N03", "reason": "欠缴物业费两年，经两次书面催缴未缴"}]})


async def seed_oversight(demo: Demo, firms: list[dict]) -> None:
    rng, call = demo.rng, demo.call
    draw = await call("property", "draw_inspections", {"year": 2026, "month": 10, "sample_size": 4,
                                                       "seed": "341181-2026-10"})
    checklist = await call("property", "checklist")
    grid_of = {g["compound_id"]: g["id"] for g in demo.grids if g.get("compound_id")}  # findings are filed there
    for compound_id in draw["sample"]:
        checks = [{"item": c["item"], "score": c["max_score"] - rng.randint(0, 2),
                   "finding": "消防通道有车辆停放" if c["item"] == "fire" and rng.random() < 0.5 else None}
                  for c in checklist]
        await call("property", "record_inspection", {"draw_id": draw["id"], "compound_id": compound_id,
                                                     "grid_id": grid_of.get(compound_id),
                                                     "inspected_on": "2026-10-15", "inspector": "住建局物业科",
                                                     "checks": checks})
        demo.count("inspections")
    # the county's own indicator set (the built-in 60, party building 40 / environment 30 / management 30)
    indicators = await call("property", "indicators")
    await call("property", "define_indicator_set", {"name": "天长市物业服务企业考评指标", "effective_year": 2025,
                                                     "indicators": indicators})
    evaluation = await call("property", "open_evaluation", {"year": 2025, "red_count": 2, "black_count": 1,
                                                            "inspection_percent": 10, "survey_percent": 10})
    codes = [i["code"] for i in indicators]
    for quality, firm in zip([5, 5, 4, 4, 3, 2], firms):
        for party in ("authority", "party_org", "owners"):
            scores = [{"code": c, "score": max(0, min(5, quality - (rng.random() < 0.3)))} for c in codes]
            await call("property", "submit_scores", {"evaluation_id": evaluation["id"], "company_id": firm["id"],
                                                     "party": party, "scores": scores})
    await call("property", "publish_evaluation", evaluation["id"], "2026-01-20")
    demo.count("evaluations")


async def seed_surveys_and_meetings(demo: Demo) -> None:
    rng, call = demo.rng, demo.call
    for compound in demo.compounds[:8]:
        survey = await call("property", "open_survey", {"compound_id": compound["id"], "compound_name": compound["name"],
                                                        "year": 2026, "quarter": 3})
        for n in range(6):
            rating = rng.choices(["satisfied", "basically_satisfied", "unsatisfied"], [6, 3, 1])[0]
            await call("property", "answer_survey", {"survey_id": survey["id"], "household": f"{n // 2 + 1}-1-{n % 2 + 1}01",
                                                     "rating": rating})
        demo.count("surveys")
    for community in demo.communities[:4]:
        await call("property", "record_meeting", {
            "community_id": community["id"], "community_name": community["name"], "held_on": "2026-10-16",
            "attendees": [{"side": "party_org", "name": "社区党委书记"}, {"side": "company", "name": "物业项目经理"},
                          {"side": "committee", "name": "业委会主任"}],
            "decisions": ["楼道堆物本周内清理", "电动车充电桩选址公示"]})
        demo.count("three_party_meetings")
