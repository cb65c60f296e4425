"""The points ledger (积分账本): double-entry, append-only, once per source event.

Every movement is a :class:`PointTransaction` whose entries sum to zero — checked here before the
insert, again by this session before COMMIT, and on PostgreSQL by a deferred constraint trigger.
A source event posts once: ``UNIQUE (tenant, source_type, source_id)`` on transactions and
``UNIQUE (tenant, source_type, source_id, account)`` on entries. Balances are sums of entries.
Corrections are reversing transactions; nothing is updated or deleted.
"""
from __future__ import annotations

import uuid
from datetime import date

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from services.volunteer.models import Account, Entry, PointTransaction
from shared.contracts.volunteer import EntryOut
from shared.errors import Conflict, Internal, NotFound

ISSUANCE, STORE = "issuance", "store"


class Unbalanced(Internal):
    """A bug, never the caller's mistake: the transaction is refused as a whole."""


def account(session: Session, key: str, kind: str, volunteer_id: uuid.UUID | None = None) -> Account:
    """The account with ``key``, created on first use (a savepoint absorbs a concurrent creator)."""
    row = session.scalar(sa.select(Account).where(Account.key == key))
    if row is not None:
        return row
    try:
        with session.begin_nested():
            row = Account(key=key, kind=kind, volunteer_id=volunteer_id)
            session.add(row)
    except IntegrityError:
        row = session.scalar(sa.select(Account).where(Account.key == key))
    return row


def volunteer_account(session: Session, volunteer_id: uuid.UUID) -> Account:
    return account(session, f"volunteer:{volunteer_id}", "volunteer", volunteer_id)


def balance(session: Session, account_id: uuid.UUID) -> int:
    return int(session.scalar(sa.select(sa.func.coalesce(sa.func.sum(Entry.amount), 0))
                              .where(Entry.account_id == account_id)))


def balances(session: Session, volunteer_ids: list[uuid.UUID]) -> dict[uuid.UUID, int]:
    rows = session.execute(sa.select(Account.volunteer_id, sa.func.sum(Entry.amount))
                           .join(Entry, sa.and_(Entry.tenant_id == Account.tenant_id,
                                                Entry.account_id == Account.id))
                           .where(Account.volunteer_id.in_(volunteer_ids))
                           .group_by(Account.volunteer_id))
    return {vid: int(total) for vid, total in rows}


def lock_account(session: Session, account_row: Account) -> None:
    """Serialize spending from one account (PostgreSQL row lock; SQLite serializes writers)."""
    session.execute(sa.select(Account.id).where(Account.id == account_row.id).with_for_update())


def _check_before_commit(session: Session) -> None:
    ids = session.info.get("ledger_transactions")
    if not ids:
        return
    session.flush()
    unbalanced = session.execute(sa.select(Entry.transaction_id).where(Entry.transaction_id.in_(ids))
                                 .group_by(Entry.transaction_id)
                                 .having(sa.func.sum(Entry.amount) != 0)).first()
    ids.clear()
    if unbalanced is not None:
        raise Unbalanced(f"points transaction {unbalanced[0]} is unbalanced", "积分交易借贷不平衡")


def _watch(session: Session, transaction_id: uuid.UUID) -> None:
    ids = session.info.setdefault("ledger_transactions", set())
    if not session.info.get("ledger_watched"):
        event.listen(session, "before_commit", _check_before_commit)
        session.info["ledger_watched"] = True
    ids.add(transaction_id)


def post(session: Session, *, source_type: str, source_id: str, legs: list[tuple[Account, int]],
         occurred_on: date, reason: str | None = None,
         reverses_id: uuid.UUID | None = None) -> PointTransaction | None:
    """Post one balanced transaction; None when this source event was already posted."""
    legs = [(acc, amount) for acc, amount in legs if amount != 0]
    if not legs or sum(amount for _, amount in legs) != 0:
        raise Unbalanced(f"legs of {source_type}:{source_id} do not sum to zero", "积分交易借贷不平衡")
    if len({acc.id for acc, _ in legs}) != len(legs):
        raise Unbalanced("an account appears twice in one transaction", "同一账户在一笔交易中出现两次")
    txn = PointTransaction(id=uuid.uuid4(), source_type=source_type, source_id=str(source_id),
                           reason=reason, occurred_on=occurred_on, reverses_id=reverses_id)
    try:
        with session.begin_nested():
            session.add(txn)
            session.flush()
            session.add_all(Entry(transaction_id=txn.id, account_id=acc.id, amount=amount,
                                  source_type=source_type, source_id=str(source_id),
                                  occurred_on=occurred_on) for acc, amount in legs)
    except IntegrityError:
        if session.scalar(sa.select(PointTransaction.id).where(
                PointTransaction.source_type == source_type,
                PointTransaction.source_id == str(source_id))) is None:
            raise  # not the source key: a real fault, never read as "already posted"
        return None  # the unique source key: this event was posted before
    _watch(session, txn.id)
    return txn


def reverse(session: Session, transaction_id: uuid.UUID, *, reason: str,
            occurred_on: date) -> PointTransaction:
    """Post the mirror image of a transaction; a transaction is reversed at most once."""
    original = session.get(PointTransaction, (session.info["tenant"], transaction_id))
    if original is None:
        raise NotFound("points transaction", "积分交易", transaction_id, field="transactionId")
    if original.source_type == "reversal":
        raise Conflict("a reversal cannot itself be reversed", "冲正交易不能再冲正", field="transactionId")
    entries = session.scalars(sa.select(Entry).where(Entry.transaction_id == original.id)).all()
    accounts = {a.id: a for a in session.scalars(
        sa.select(Account).where(Account.id.in_([e.account_id for e in entries])))}
    txn = post(session, source_type="reversal", source_id=str(original.id), reason=reason,
               legs=[(accounts[e.account_id], -e.amount) for e in entries],
               occurred_on=occurred_on, reverses_id=original.id)
    if txn is None:
        raise Conflict("this transaction was already reversed", "该交易已冲正", field="transactionId")
    return txn


def history(session: Session, volunteer_ids: list[uuid.UUID], limit: int = 200) -> list[EntryOut]:
    """Entries of several volunteers' accounts, newest first, at most ``limit`` per volunteer."""
    rows = session.execute(sa.select(Entry, PointTransaction, Account.volunteer_id)
                           .join(PointTransaction, sa.and_(
                               PointTransaction.tenant_id == Entry.tenant_id,
                               PointTransaction.id == Entry.transaction_id))
                           .join(Account, sa.and_(Account.tenant_id == Entry.tenant_id,
                                                  Account.id == Entry.account_id))
                           .where(Account.volunteer_id.in_(volunteer_ids))
                           .order_by(PointTransaction.created_at.desc(), Entry.id))
    out, seen = [], {}
    for e, t, volunteer_id in rows:
        seen[volunteer_id] = seen.get(volunteer_id, 0) + 1
        if seen[volunteer_id] <= limit:
            out.append({"volunteer_id": str(volunteer_id), "transaction_id": str(t.id),
                        "source_type": e.source_type, "source_id": e.source_id, "amount": e.amount,
                        "reason": t.reason, "occurred_on": e.occurred_on.isoformat(),
                        "created_at": t.created_at.isoformat()})
    return out


def tenant_total(session: Session) -> int:
    """Sum of every entry of the tenant: zero while the ledger is whole."""
    return int(session.scalar(sa.select(sa.func.coalesce(sa.func.sum(Entry.amount), 0))))


def page(session: Session, data, visible_clause) -> list[EntryOut]:
    """A page of entries on volunteers' accounts, newest first (cursor ``<created_at>|<entry id>``),
    of one volunteer or all, by source type and date, limited by ``visible_clause`` (volunteers)."""
    from services.volunteer.models import Volunteer
    from shared import keyset

    query = (sa.select(Entry, PointTransaction, Account.volunteer_id)
             .join(PointTransaction, sa.and_(PointTransaction.tenant_id == Entry.tenant_id,
                                             PointTransaction.id == Entry.transaction_id))
             .join(Account, sa.and_(Account.tenant_id == Entry.tenant_id, Account.id == Entry.account_id))
             .join(Volunteer, sa.and_(Volunteer.tenant_id == Account.tenant_id,
                                      Volunteer.id == Account.volunteer_id))
             .where(visible_clause)
             .order_by(PointTransaction.created_at.desc(), Entry.id.desc()).limit(data.limit))
    if data.volunteer_id is not None:
        query = query.where(Account.volunteer_id == data.volunteer_id)
    if data.source_type is not None:
        query = query.where(Entry.source_type == data.source_type)
    if data.since is not None:
        query = query.where(Entry.occurred_on >= data.since)
    if data.until is not None:
        query = query.where(Entry.occurred_on <= data.until)
    position = keyset.time_cursor(data.after)
    if position is not None:
        query = query.where(sa.or_(PointTransaction.created_at < position[0], sa.and_(
            PointTransaction.created_at == position[0], Entry.id < position[1])))
    return [{"id": str(e.id), "volunteer_id": str(volunteer_id), "transaction_id": str(t.id),
             "source_type": e.source_type, "source_id": e.source_id, "amount": e.amount,
             "reason": t.reason, "occurred_on": e.occurred_on.isoformat(),
             "created_at": t.created_at.isoformat()} for e, t, volunteer_id in session.execute(query)]
