"""Rules without nameko: wish and order credits, volunteers' places and data scope, place
leaderboards, pages of volunteers and ledger entries, and the monthly pioneer snapshot."""
import uuid
from datetime import date, datetime, timezone

import pytest

from services.volunteer import casework, ledger, people, pioneer, reports, rules, schedule
from shared.contracts.volunteer import (
    LeaderboardIn, LedgerPageIn, PointRuleIn, VolunteerIn, VolunteerPageIn,
)
from shared.db import open_tenant_session
from shared.errors import Conflict, Forbidden, NotFound
from shared.principal import Principal, Scope
from tests.services.volunteer.conftest import TENANT, volunteer

DAY = date(2026, 11, 2)
STREET, COMMUNITY, GRID, OTHER_GRID = (uuid.uuid4() for _ in range(4))
GRID_ROW = {"id": str(GRID), "community_id": str(COMMUNITY), "street_id": str(STREET)}


def who(level="county", place=None, role="county_admin", subject="staff"):
    return Principal(tenant=TENANT, subject=subject, roles=(role,),
                     scope=Scope(level, str(place) if place else None))


def test_wishes_and_orders_pay_by_the_rule_of_the_day_once_per_source(session):
    a = volunteer(session, name="党员甲", kind="party_member", member_id="M1")
    b = volunteer(session, name="党员乙", kind="party_member", member_id="M2")
    wish = uuid.uuid4()
    txn, credited, missing = casework.credit_helpers(session, "wish", wish, ["M1", "M2", "M9"], DAY)
    assert credited == {a.id: 5, b.id: 5} and missing == ["M9"]  # built-in default: 5 per wish
    again = casework.credit_helpers(session, "wish", wish, ["M1"], DAY)
    assert again[0] is None and again[1] == {}  # the source key: a wish pays once
    rules.set_rule(session, PointRuleIn(effective_from=date(2026, 12, 1), points_per_hour=10,
                                        points_per_wish=8, points_per_order=3))
    casework.credit_helpers(session, "order", uuid.uuid4(), ["M1"], date(2026, 12, 5))
    casework.credit_helpers(session, "order", uuid.uuid4(), ["M1"], DAY)  # before the rule: default 5
    session.commit()
    assert ledger.balance(session, ledger.volunteer_account(session, a.id).id) == 5 + 3 + 5
    assert [r["wishes"] for r in pioneer.index(session) if r["name"] == "党员甲"] == [1]
    assert txn.source_type == "wish" and txn.source_id == str(wish)


def test_a_grid_gives_community_and_street_and_a_mismatch_is_refused(session):
    row = people.register(session, VolunteerIn(name="网格志愿者", grid_id=GRID), GRID_ROW)
    assert (row.grid_id, row.community_id, row.street_id) == (GRID, COMMUNITY, STREET)
    with pytest.raises(Conflict) as refused:
        people.register(session, VolunteerIn(name="错社区", grid_id=GRID, community_id=uuid.uuid4()), GRID_ROW)
    assert refused.value.field == "gridId"
    moved = people.place(session, volunteer(session, name="后来入格").id, GRID_ROW)
    assert (moved.grid_id, moved.street_id) == (GRID, STREET)


def test_scope_limits_what_staff_and_residents_read(session):
    mine = people.register(session, VolunteerIn(name="本网格", grid_id=GRID), GRID_ROW)
    other = volunteer(session, name="别处", grid_id=OTHER_GRID, community_id=uuid.uuid4())
    own = volunteer(session, name="居民本人", subject="u-1", community_id=COMMUNITY)
    session.commit()

    def names(principal):
        return {v["name"] for v in people.page(session, VolunteerPageIn(limit=100), principal)}

    grid_worker = who("grid", GRID, "grid_worker")
    assert names(grid_worker) == {"本网格"}
    assert names(who("community", COMMUNITY, "community_staff")) == {"本网格", "居民本人"}
    assert names(who("street", STREET, "street_staff")) == {"本网格"}
    assert {"本网格", "别处", "居民本人"} <= names(who())
    assert names(who(role="resident", subject="u-1")) == {"居民本人"}
    with pytest.raises(NotFound):
        people.get_volunteer(session, other.id, principal=grid_worker)
    with pytest.raises(Forbidden):
        people.in_scope(session, grid_worker, other)
    assert people.visible_ids(session, grid_worker, [mine.id, other.id, own.id]) == [mine.id]


def test_volunteer_pages_follow_the_cursor_without_gaps(session):
    made = [volunteer(session, name=f"志愿者{n:02d}", kind="resident") for n in range(7)]
    seen, after = [], None
    while True:
        rows = people.page(session, VolunteerPageIn(limit=3, after=after), None)
        seen += [r["id"] for r in rows]
        if len(rows) < 3:
            break
        after = f"{rows[-1]['created_at']}|{rows[-1]['id']}"
    assert sorted(seen) == sorted(str(v.id) for v in made) and len(seen) == len(set(seen))
    named = people.page(session, VolunteerPageIn(limit=10, name="志愿者03"), None)
    assert [r["name"] for r in named] == ["志愿者03"]


def test_place_leaderboard_and_ledger_page(session):
    a = people.register(session, VolunteerIn(name="甲", grid_id=GRID), GRID_ROW)
    b = people.register(session, VolunteerIn(name="乙", grid_id=GRID), GRID_ROW)
    c = volunteer(session, name="丙", grid_id=OTHER_GRID, community_id=COMMUNITY)
    for v, points in ((a, 30), (b, 20), (c, 40)):
        rules.award(session, volunteer_id=v.id, source_type="adjustment", source_id=f"s-{v.id}",
                    points=points, day=DAY)
    casework.credit_helpers(session, "order", uuid.uuid4(), [], DAY)
    session.commit()
    grids = reports.leaderboard(session, LeaderboardIn(start=DAY, end=DAY, by="grid"))
    assert [(r["place_id"], r["points"], r["rank"]) for r in grids] == [(str(GRID), 50, 1),
                                                                         (str(OTHER_GRID), 40, 2)]
    communities = reports.leaderboard(session, LeaderboardIn(start=DAY, end=DAY, by="community"))
    assert [(r["place_id"], r["points"]) for r in communities] == [(str(COMMUNITY), 90)]
    in_grid = reports.leaderboard(session, LeaderboardIn(start=DAY, end=DAY, grid_id=GRID))
    assert [r["name"] for r in in_grid] == ["甲", "乙"]
    seen_by_worker = reports.leaderboard(session, LeaderboardIn(start=DAY, end=DAY),
                                         who("grid", OTHER_GRID, "grid_worker"))
    assert [r["name"] for r in seen_by_worker] == ["丙"]
    entries = ledger.page(session, LedgerPageIn(limit=2), people.visible(None))
    assert len(entries) == 2
    rest = ledger.page(session, LedgerPageIn(limit=5, after=f"{entries[-1]['created_at']}|{entries[-1]['id']}"),
                       people.visible(None))
    assert {e["id"] for e in entries}.isdisjoint({e["id"] for e in rest}) and len(rest) == 1
    only_a = ledger.page(session, LedgerPageIn(limit=5, volunteer_id=a.id), people.visible(None))
    assert [e["amount"] for e in only_a] == [30]


def test_scheduler_freezes_last_month_once_and_skips_a_month_taken_by_hand(factory, session):
    volunteer(session, name="党员丙", kind="party_member", member_id="M3")
    engine = factory.kw["bind"]
    now = datetime(2026, 12, 1, 0, 30, tzinfo=timezone.utc)  # already December in China
    month = schedule.previous_month(now)
    assert month == "2026-11" and schedule.previous_month(datetime(2027, 1, 1, 1, tzinfo=timezone.utc)) == "2026-12"
    assert schedule.freeze_month(engine, month) == [TENANT]
    assert schedule.freeze_month(engine, month) == []  # taken: nothing more
    with open_tenant_session(factory, TENANT) as other:
        with pytest.raises(Conflict):
            pioneer.snapshot(other, month, "someone")
        pioneer.snapshot(other, "2026-10", "county-admin")
        other.commit()
    assert schedule.freeze_month(engine, "2026-10") == []
    assert [r["name"] for r in pioneer.snapshot_rows(session, month)] == ["党员丙"]
