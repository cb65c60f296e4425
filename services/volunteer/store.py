"""The points store (积分超市 / 道德银行): redeem, pick up, cancel with a refund.

Redeeming locks the volunteer's account row, then takes one unit of stock with a conditional
UPDATE (``stock >= 1``), then pays the price into the store account. Concurrent redemptions
therefore wait on the same rows and the loser sees the new balance or stock: neither goes below
zero (the stock also has a CHECK constraint). Cancelling reverses the payment and returns the unit.
"""
from __future__ import annotations

import uuid
from datetime import date

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from services.volunteer import ledger, people
from services.volunteer.models import PointTransaction, Redemption, StoreItem
from shared.contracts.volunteer import RedemptionOut, StoreItemIn, StoreItemOut
from shared.errors import Conflict, NotFound


def item_out(row: StoreItem) -> StoreItemOut:
    return {"id": str(row.id), "name": row.name, "price": row.price, "stock": row.stock}


def redemption_out(row: Redemption) -> RedemptionOut:
    return {"id": str(row.id), "item_id": str(row.item_id), "volunteer_id": str(row.volunteer_id),
            "points": row.points, "status": row.status, "created_at": row.created_at.isoformat()}


def create_item(session: Session, data: StoreItemIn) -> StoreItem:
    try:
        with session.begin_nested():
            row = StoreItem(**data.model_dump())
            session.add(row)
    except IntegrityError:
        raise Conflict(f"an item named {data.name!r} already exists", f"已有名为“{data.name}”的商品",
                       field="name") from None
    return row


def list_items(session: Session) -> list[StoreItem]:
    return list(session.scalars(sa.select(StoreItem).order_by(StoreItem.price, StoreItem.name)))


def items_page(session: Session, *, limit: int, after: tuple[int, str, uuid.UUID] | None) -> list[StoreItem]:
    """Cheapest first, then by name and id (cursor ``<price>|<name>|<id>``): ``limit`` items after
    ``after``."""
    query = sa.select(StoreItem).order_by(StoreItem.price, StoreItem.name, StoreItem.id).limit(limit)
    if after is not None:
        price, name, ident = after
        query = query.where(sa.or_(
            StoreItem.price > price,
            sa.and_(StoreItem.price == price, StoreItem.name > name),
            sa.and_(StoreItem.price == price, StoreItem.name == name, StoreItem.id > ident)))
    return list(session.scalars(query))


def redeem(session: Session, volunteer_id: uuid.UUID, item_id: uuid.UUID, today: date) -> Redemption:
    people.get_volunteer(session, volunteer_id)
    item = session.get(StoreItem, (session.info["tenant"], item_id))
    if item is None:
        raise NotFound("store item", "积分商品", item_id, field="itemId")
    account = ledger.volunteer_account(session, volunteer_id)
    ledger.lock_account(session, account)
    balance = ledger.balance(session, account.id)
    if balance < item.price:
        raise Conflict("not enough points", "积分不足", field="itemId",
                       details={"balance": balance, "price": item.price})
    taken = session.execute(sa.update(StoreItem).where(StoreItem.id == item_id, StoreItem.stock >= 1)
                            .values(stock=StoreItem.stock - 1))
    if taken.rowcount != 1:
        raise Conflict("out of stock", "库存不足", field="itemId")
    row = Redemption(id=uuid.uuid4(), item_id=item_id, volunteer_id=volunteer_id, points=item.price)
    session.add(row)
    session.flush()
    store = ledger.account(session, ledger.STORE, "store")
    ledger.post(session, source_type="redemption", source_id=str(row.id), reason=item.name,
                legs=[(account, -item.price), (store, item.price)], occurred_on=today)
    return row


def _redemption(session: Session, redemption_id: uuid.UUID) -> Redemption:
    row = session.scalar(sa.select(Redemption).where(Redemption.id == redemption_id).with_for_update())
    if row is None:
        raise NotFound("redemption", "兑换记录", redemption_id, field="redemptionId")
    return row


def owner_of(session: Session, redemption_id: uuid.UUID) -> uuid.UUID:
    return _redemption(session, redemption_id).volunteer_id


def confirm_pickup(session: Session, redemption_id: uuid.UUID) -> Redemption:
    row = _redemption(session, redemption_id)
    if row.status != "reserved":
        raise Conflict(f"the redemption is {row.status}", "该兑换已领取或已取消", field="redemptionId")
    row.status = "picked_up"
    return row


def cancel(session: Session, redemption_id: uuid.UUID, today: date) -> Redemption:
    """Refund by a reversing transaction and return the unit to stock (only before pickup)."""
    row = _redemption(session, redemption_id)
    if row.status != "reserved":
        raise Conflict(f"the redemption is {row.status}", "该兑换已领取或已取消", field="redemptionId")
    payment = session.scalar(sa.select(PointTransaction.id).where(
        PointTransaction.source_type == "redemption",
        PointTransaction.source_id == str(row.id)))
    ledger.reverse(session, payment, reason="redemption cancelled", occurred_on=today)
    session.execute(sa.update(StoreItem).where(StoreItem.id == row.item_id)
                    .values(stock=StoreItem.stock + 1))
    row.status = "cancelled"
    return row


def redemptions_of(session: Session, volunteer_ids: list[uuid.UUID]) -> list[Redemption]:
    return list(session.scalars(sa.select(Redemption).where(Redemption.volunteer_id.in_(volunteer_ids))
                                .order_by(Redemption.created_at.desc())))
