"""Paged lists for the gateway's Relay connections: newest first, keyset cursors
``"<time>|<id>"`` (stable while the row exists), and the filters county staff use."""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from services.dispatch.closed_loop import visible as case_visible
from services.dispatch.models import Case, WorkItem
from services.dispatch.workflow import visible as item_visible
from shared import keyset
from shared.contracts.dispatch import ListFilter
from shared.errors import ValidationFailed
from shared.principal import Principal

MAX_LIMIT = 101  # a page of 100 and one more to learn whether another follows


def bounded(limit) -> int:
    try:
        return max(1, min(int(limit), MAX_LIMIT))
    except (TypeError, ValueError):
        raise ValidationFailed([{"field": "first", "message": "first: not a number",
                                 "message_zh": "first：应为整数"}]) from None


def cursor(moment: str, row_id: str) -> str:
    return f"{moment}|{row_id}"


def page(query, time_column, id_column, limit, after: str | None):
    position = keyset.time_cursor(after)
    if position is not None:
        query = query.where(sa.tuple_(time_column, id_column) < sa.tuple_(*position))
    return query.order_by(time_column.desc(), id_column.desc()).limit(bounded(limit))


def _places(query, columns: dict, f: ListFilter):
    for key in ("street_id", "community_id", "grid_id"):
        value = getattr(f, key)
        if value is not None and columns.get(key) is not None:
            query = query.where(columns[key] == value)
    return query


def cases(session: Session, principal: Principal | None, limit, after, f: ListFilter) -> list[Case]:
    query = sa.select(Case).where(case_visible(principal))
    if f.status:
        query = query.where(Case.status.in_(f.status))
    if f.level is not None:
        query = query.where(Case.level == f.level)
    if f.category is not None:
        query = query.where(Case.category == f.category)
    if f.since is not None:
        query = query.where(Case.reported_at >= f.since)
    if f.until is not None:
        query = query.where(Case.reported_at < f.until)
    if f.supervised is True:
        query = query.where(Case.supervised_step == Case.deadline_step)
    elif f.supervised is False:
        query = query.where(sa.or_(Case.supervised_step.is_(None),
                                   Case.supervised_step != Case.deadline_step))
    query = _places(query, {"street_id": Case.street_id, "community_id": Case.community_id,
                            "grid_id": Case.grid_id}, f)
    return list(session.scalars(page(query, Case.reported_at, Case.id, limit, after)))


def items(session: Session, principal: Principal | None, kind: str, limit, after,
          f: ListFilter) -> list[WorkItem]:
    query = sa.select(WorkItem).where(WorkItem.kind == kind, item_visible(principal))
    if f.status:
        query = query.where(WorkItem.status.in_(f.status))
    if f.since is not None:
        query = query.where(WorkItem.created_at >= f.since)
    if f.until is not None:
        query = query.where(WorkItem.created_at < f.until)
    query = _places(query, {"street_id": WorkItem.street_id, "community_id": WorkItem.community_id,
                            "grid_id": WorkItem.grid_id}, f)
    return list(session.scalars(page(query, WorkItem.created_at, WorkItem.id, limit, after)))
