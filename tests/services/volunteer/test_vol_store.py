"""Points store rules: balance and stock never negative; cancel refunds by reversal."""
from datetime import date

import pytest
import sqlalchemy as sa

from services.volunteer import ledger, pioneer, rules, store
from services.volunteer.models import PointTransaction, StoreItem
from shared.contracts.volunteer import LeaderboardIn, StoreItemIn
from shared.errors import Conflict, NotFound
from tests.services.volunteer.conftest import volunteer

DAY = date(2026, 11, 2)


def funded(session, points, **kw):
    v = volunteer(session, **kw)
    rules.award(session, volunteer_id=v.id, source_type="adjustment", source_id=f"seed-{v.id}",
                points=points, day=DAY, reason="opening")
    session.commit()
    return v


def test_redeem_pays_the_store_and_takes_stock(session):
    v = funded(session, 100)
    item = store.create_item(session, StoreItemIn(name="洗衣液", price=40, stock=2))
    session.commit()
    store.redeem(session, v.id, item.id, DAY)
    store.redeem(session, v.id, item.id, DAY)
    session.commit()
    session.expire_all()
    assert session.get(StoreItem, (item.tenant_id, item.id)).stock == 0
    assert ledger.balances(session, [v.id]) == {v.id: 20}
    assert ledger.balance(session, ledger.account(session, ledger.STORE, "store").id) == 80


def test_not_enough_points_or_stock_is_refused(session):
    v = funded(session, 50)
    dear = store.create_item(session, StoreItemIn(name="电饭煲", price=60, stock=5))
    empty = store.create_item(session, StoreItemIn(name="毛巾", price=5, stock=0))
    session.commit()
    with pytest.raises(Conflict) as info:
        store.redeem(session, v.id, dear.id, DAY)
    assert info.value.details == {"balance": 50, "price": 60}
    session.rollback()
    with pytest.raises(Conflict):
        store.redeem(session, v.id, empty.id, DAY)
    session.rollback()
    assert ledger.balances(session, [v.id]) == {v.id: 50}
    with pytest.raises(Conflict):
        store.create_item(session, StoreItemIn(name="毛巾", price=5, stock=1))


def test_cancel_refunds_by_reversal_and_returns_stock(session):
    v = funded(session, 30)
    item = store.create_item(session, StoreItemIn(name="理发服务", price=30, stock=1))
    session.commit()
    redemption = store.redeem(session, v.id, item.id, DAY)
    session.commit()
    store.cancel(session, redemption.id, DAY)
    session.commit()
    session.expire_all()
    assert ledger.balances(session, [v.id]) == {v.id: 30}
    assert session.get(StoreItem, (item.tenant_id, item.id)).stock == 1
    assert session.scalar(sa.select(sa.func.count()).select_from(PointTransaction)
                          .where(PointTransaction.source_type == "reversal")) == 1
    with pytest.raises(Conflict):
        store.cancel(session, redemption.id, DAY)
    with pytest.raises(Conflict):
        store.confirm_pickup(session, redemption.id, )


def test_picked_up_cannot_be_cancelled(session):
    v = funded(session, 30)
    item = store.create_item(session, StoreItemIn(name="理发服务", price=30, stock=1))
    redemption = store.redeem(session, v.id, item.id, DAY)
    store.confirm_pickup(session, redemption.id)
    session.commit()
    with pytest.raises(Conflict) as info:
        store.cancel(session, redemption.id, DAY)
    assert info.value.field == "redemptionId"
    session.rollback()
    with pytest.raises(NotFound):
        store.redeem(session, v.id, v.id, DAY)


def test_pioneer_index_normalizes_within_tenant(session):
    a = volunteer(session, name="党员甲", kind="party_member", member_id="M1")
    b = volunteer(session, name="党员乙", kind="party_member", member_id="M2")
    volunteer(session, name="居民丙")
    for n in range(2):
        rules.award(session, volunteer_id=a.id, source_type="case", source_id=f"c{n}", points=5, day=DAY)
    rules.award(session, volunteer_id=b.id, source_type="case", source_id="c9", points=5, day=DAY)
    undone = rules.award(session, volunteer_id=b.id, source_type="case", source_id="c8", points=5, day=DAY)
    ledger.reverse(session, undone.id, reason="wrong handler", occurred_on=DAY)
    session.commit()
    rows = pioneer.index(session)
    assert [r["name"] for r in rows] == ["党员甲", "党员乙"]
    assert (rows[0]["cases"], rows[0]["cases_score"], rows[0]["index"]) == (2, 30.0, 30.0)
    assert (rows[1]["cases"], rows[1]["cases_score"], rows[1]["hours_score"]) == (1, 15.0, 0.0)


def test_leaderboard_counts_earnings_not_spending(session):
    from services.volunteer import reports as leaderboard

    community = __import__("uuid").uuid4()
    a = funded(session, 100, name="甲", community_id=community)
    b = funded(session, 60, name="乙")
    funded(session, 60, name="丙", community_id=community)
    item = store.create_item(session, StoreItemIn(name="米", price=50, stock=5))
    store.redeem(session, a.id, item.id, DAY)
    undone = rules.award(session, volunteer_id=b.id, source_type="case", source_id="c1", points=20, day=DAY)
    ledger.reverse(session, undone.id, reason="wrong", occurred_on=DAY)
    session.commit()
    def board(**kw):
        return leaderboard.leaderboard(session, LeaderboardIn(**{"start": DAY, "end": DAY, **kw}))

    assert [(r["rank"], r["name"], r["points"]) for r in board()] == [(1, "甲", 100), (2, "丙", 60), (2, "乙", 60)]
    assert [r["name"] for r in board(community_id=community)] == ["甲", "丙"]
    assert board(start=date(2027, 1, 1), end=date(2027, 12, 31)) == []
    # a page after position 1: ranks are still counted from the top (ties keep rank 2)
    assert [(r["rank"], r["position"]) for r in board(after=1, limit=2)] == [(2, 2), (2, 3)]


def test_pioneer_month_and_snapshot_frozen(session):
    a = volunteer(session, name="党员甲", kind="party_member", member_id="M1")
    rules.award(session, volunteer_id=a.id, source_type="case", source_id="oct", points=5,
                day=date(2026, 10, 31))
    late = rules.award(session, volunteer_id=a.id, source_type="case", source_id="nov", points=5,
                       day=date(2026, 11, 1))
    session.commit()
    assert [r["cases"] for r in pioneer.index(session, "2026-11")] == [1]
    assert [r["cases"] for r in pioneer.index(session)] == [2]
    frozen = pioneer.snapshot(session, "2026-11")
    session.commit()
    with pytest.raises(Conflict) as info:
        pioneer.snapshot(session, "2026-11")
    assert info.value.field == "month"
    ledger.reverse(session, late.id, reason="wrong handler", occurred_on=date(2026, 11, 5))
    session.commit()
    assert pioneer.index(session, "2026-11")[0]["cases"] == 0
    kept = pioneer.snapshot_rows(session, "2026-11")
    assert [(r["name"], r["cases"], r["index"]) for r in kept] == [("党员甲", 1, frozen[0]["index"])]
    assert frozen[0]["index"] == 30.0


def test_yearly_statement(session):
    from services.volunteer import reports

    v = funded(session, 100)  # dated DAY, 2026
    rules.award(session, volunteer_id=v.id, source_type="activity", source_id="s1", points=30,
                day=date(2027, 3, 1))
    item = store.create_item(session, StoreItemIn(name="米", price=50, stock=5))
    kept = store.redeem(session, v.id, item.id, date(2027, 4, 1))
    undone = store.redeem(session, v.id, item.id, date(2027, 4, 2))
    store.cancel(session, undone.id, date(2027, 4, 3))
    session.commit()
    account = ledger.volunteer_account(session, v.id).id
    out = reports.statement(session, account, 2027)
    assert (out["opening"], out["earned"], out["spent"], out["closing"]) == (100, 30, 50, 80)
    assert {line["source_type"]: line["amount"] for line in out["lines"]} == {"activity": 30, "redemption": -50}
    assert out["closing"] == ledger.balance(session, account)
    assert kept.status == "reserved"
