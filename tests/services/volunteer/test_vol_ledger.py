"""Ledger rules: balanced transactions, once per source, reversals, derived balances."""
import uuid
from datetime import date

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from services.volunteer import ledger, rules
from services.volunteer.models import Entry, PointTransaction
from shared.db import open_tenant_session
from shared.errors import Conflict, NotFound
from tests.services.volunteer.conftest import volunteer

DAY = date(2026, 11, 2)


def test_award_posts_balanced_legs_and_balance_is_the_sum(session):
    v = volunteer(session)
    txn = rules.award(session, volunteer_id=v.id, source_type="case", source_id="c1", points=30, day=DAY)
    session.commit()
    amounts = sorted(session.scalars(sa.select(Entry.amount).where(Entry.transaction_id == txn.id)))
    assert amounts == [-30, 30]
    account = ledger.volunteer_account(session, v.id)
    assert ledger.balance(session, account.id) == 30
    assert ledger.balance(session, ledger.account(session, ledger.ISSUANCE, "issuance").id) == -30
    assert ledger.balances(session, [v.id]) == {v.id: 30}


def test_same_source_posts_once(session):
    v = volunteer(session)
    first = rules.award(session, volunteer_id=v.id, source_type="case", source_id="c1", points=30, day=DAY)
    again = rules.award(session, volunteer_id=v.id, source_type="case", source_id="c1", points=30, day=DAY)
    session.commit()
    assert first is not None and again is None
    assert ledger.balances(session, [v.id]) == {v.id: 30}
    assert session.scalar(sa.select(sa.func.count()).select_from(PointTransaction)) == 1


def test_unbalanced_legs_are_refused(session):
    v = volunteer(session)
    target = ledger.volunteer_account(session, v.id)
    issuance = ledger.account(session, ledger.ISSUANCE, "issuance")
    with pytest.raises(ledger.Unbalanced):
        ledger.post(session, source_type="adjustment", source_id="x", occurred_on=DAY,
                    legs=[(issuance, -10), (target, 11)])
    with pytest.raises(ledger.Unbalanced):
        ledger.post(session, source_type="adjustment", source_id="y", occurred_on=DAY, legs=[])
    session.commit()
    assert session.scalar(sa.select(sa.func.count()).select_from(Entry)) == 0


def test_an_entry_written_around_post_is_caught_at_commit(session):
    v = volunteer(session)
    txn = rules.award(session, volunteer_id=v.id, source_type="case", source_id="c1", points=5, day=DAY)
    session.add(Entry(transaction_id=txn.id, account_id=ledger.volunteer_account(session, v.id).id,
                      amount=1, source_type="case", source_id="sneaky", occurred_on=DAY))
    with pytest.raises(ledger.Unbalanced):
        session.commit()
    session.rollback()
    assert ledger.balances(session, [v.id]) == {}


def test_same_source_key_and_account_is_unique_in_the_database(session):
    v = volunteer(session)
    txn = rules.award(session, volunteer_id=v.id, source_type="case", source_id="c1", points=5, day=DAY)
    session.flush()
    with pytest.raises(IntegrityError):
        with session.begin_nested():
            session.add(Entry(transaction_id=txn.id, account_id=ledger.volunteer_account(session, v.id).id,
                              amount=5, source_type="case", source_id="c1", occurred_on=DAY))
    session.rollback()


def test_reversal_mirrors_once_and_cannot_be_reversed(session):
    v = volunteer(session)
    txn = rules.award(session, volunteer_id=v.id, source_type="case", source_id="c1", points=20, day=DAY)
    back = ledger.reverse(session, txn.id, reason="duplicate case", occurred_on=DAY)
    session.commit()
    assert back.reverses_id == txn.id and ledger.balances(session, [v.id]) == {v.id: 0}
    with pytest.raises(Conflict):
        ledger.reverse(session, txn.id, reason="again", occurred_on=DAY)
    with pytest.raises(Conflict):
        ledger.reverse(session, back.id, reason="undo", occurred_on=DAY)
    with pytest.raises(NotFound) as info:
        ledger.reverse(session, uuid.uuid4(), reason="x", occurred_on=DAY)
    assert info.value.field == "transactionId"
    session.rollback()
    history = ledger.history(session, [v.id])
    assert sorted(h["amount"] for h in history) == [-20, 20]


def test_other_tenant_sees_no_entries(session, factory):
    v = volunteer(session)
    rules.award(session, volunteer_id=v.id, source_type="case", source_id="c1", points=7, day=DAY)
    session.commit()
    with open_tenant_session(factory, "341102") as other:
        assert ledger.tenant_total(other) == 0
        assert other.scalar(sa.select(sa.func.count()).select_from(Entry)) == 0


def test_a_fault_other_than_the_source_key_is_not_taken_for_a_repeat(session):
    v = volunteer(session)
    target = ledger.volunteer_account(session, v.id)
    ghost = ledger.Account(id=uuid.uuid4(), key="ghost", kind="store")  # never saved: FK fails
    with pytest.raises(IntegrityError):
        ledger.post(session, source_type="adjustment", source_id="g", occurred_on=DAY,
                    legs=[(ghost, -5), (target, 5)])
    session.rollback()


def test_history_of_several_volunteers_is_capped_per_volunteer(session):
    a, b = volunteer(session, name="甲"), volunteer(session, name="乙")
    for n in range(3):
        rules.award(session, volunteer_id=a.id, source_type="case", source_id=f"a{n}", points=1, day=DAY)
    rules.award(session, volunteer_id=b.id, source_type="case", source_id="b0", points=2, day=DAY)
    session.commit()
    rows = ledger.history(session, [a.id, b.id], limit=2)
    assert sorted((r["volunteer_id"], r["amount"]) for r in rows) == sorted(
        [(str(a.id), 1), (str(a.id), 1), (str(b.id), 2)])
