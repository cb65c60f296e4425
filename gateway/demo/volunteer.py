"""Demo volunteer points: three teams (蒲公英志愿服务队 among them), a dozen volunteers of whom
four are party members of the roster (credited a month of grid-branch duty), each placed in a grid, a points rule, four activities with
attendance and confirmed hours, and a points store (积分超市) with a few items and redemptions."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from gateway.demo.context import Demo

TEAMS = ["蒲公英志愿服务队", "红马甲志愿服务队", "银发先锋志愿服务队"]
NAMES = ["王秀英", "李建国", "张桂兰", "刘志强", "陈美华", "杨德明", "赵玉珍", "黄海涛", "周丽娟",
         "吴国庆", "徐春梅", "孙立新"]
ACTIVITIES = [("垃圾分类政策宣讲", "policy_talk", "仁和社区党群服务中心"),
              ("滨湖小区环境整治", "cleanup", "滨湖小区中心广场"),
              ("邻里纠纷调解日", "mediation", "金桥社区调解室"),
              ("独居老人上门探访", "care", "万寿社区")]
ITEMS = [("洗衣液", 50, 20), ("大米 5kg", 120, 10), ("理发服务", 30, 15), ("家电维修服务", 80, 5)]


async def seed(demo: Demo) -> None:
    call = demo.call
    await call("volunteer", "set_point_rule", {"effective_from": "2026-01-01", "points_per_hour": 10,
                                               "points_per_case": 5, "points_per_duty": 20,
                                               "points_per_wish": 5, "points_per_order": 5, "daily_cap": 80,
                                               "monthly_cap": 400})
    teams = []
    for n, name in enumerate(TEAMS):
        community = demo.communities[n]["id"] if n < len(demo.communities) else None
        teams.append(await call("volunteer", "create_team", {"name": name, "community_id": community}))
        demo.count("volunteer_teams")
    # party member volunteers are members of the roster (the organization seed ran first) other
    # than those registered with a community (双报到), who become volunteers by that event
    registered = {r["member_id"] for r in await call("organization", "registrations")}
    roster = [m["id"] for m in await call("organization", "list_members", None, 200)
              if m["id"] not in registered]
    volunteers = []
    for n, name in enumerate(NAMES):
        party = n % 3 == 0
        team = teams[n % len(teams)]
        # each in a grid (所在网格) of the team's community: community and street follow, so grid
        # leaderboards have rows
        grids = [g for g in demo.grids if not team.get("community_id")
                 or str(g["community_id"]) == str(team["community_id"])]
        volunteers.append(await call("volunteer", "register_volunteer", {
            "name": name, "kind": "party_member" if party else "resident",
            "member_id": roster[n // 3] if party else None,
            "team_id": team["id"],
            "grid_id": grids[n % len(grids)]["id"] if grids else None}))
        demo.count("volunteers")
    start = datetime.now(timezone.utc).replace(minute=0, second=0, microsecond=0) - timedelta(days=6)
    for n, (title, kind, place) in enumerate(ACTIVITIES):
        begins = start + timedelta(days=n)
        activity = await call("volunteer", "create_activity", {
            "title": title, "kind": kind, "place": place, "capacity": 8,
            "starts_at": begins.isoformat(), "ends_at": (begins + timedelta(hours=3)).isoformat(),
            "team_id": teams[n % len(teams)]["id"]})
        demo.count("volunteer_activities")
        code = await call("volunteer", "checkin_code", activity["id"])
        for volunteer in demo.rng.sample(volunteers, 5):
            await call("volunteer", "sign_up", volunteer["id"], activity["id"])
            await call("volunteer", "check_in", volunteer["id"], activity["id"], code)
            await call("volunteer", "confirm_hours", {"volunteer_id": volunteer["id"],
                                                      "activity_id": activity["id"],
                                                      "hours": demo.rng.choice([1.5, 2, 2.5, 3])})
            demo.count("volunteer_hours_confirmed")
    month = datetime.now(timezone(timedelta(hours=8))).strftime("%Y-%m")
    for volunteer in volunteers:
        if volunteer["kind"] == "party_member" and month >= "2026-01":
            await call("volunteer", "award_duty", {"volunteer_id": volunteer["id"], "month": month,
                                                   "role": "grid_branch"})
            demo.count("duty_months")
    items = [await call("volunteer", "create_store_item", {"name": name, "price": price, "stock": stock})
             for name, price, stock in ITEMS]
    demo.count("store_items", len(items))
    for volunteer in volunteers[:3]:
        result = await _try_redeem(demo, volunteer["id"], items[2]["id"])
        demo.count("redemptions", int(result))


async def _try_redeem(demo: Demo, volunteer_id: str, item_id: str) -> bool:
    from shared.errors import CivicError

    try:
        await demo.call("volunteer", "redeem", volunteer_id, item_id)
        return True
    except CivicError as exc:  # not enough points after the random attendance: fine for a demo
        if exc.code != "CONFLICT":
            raise
        return False
