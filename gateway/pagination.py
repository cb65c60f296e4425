"""Relay-style lists (连接分页): `first` is required and capped at 100, `after` is the cursor of
the last edge seen, and every page says whether another follows.

A service's list RPC takes ``limit`` and ``after`` and returns rows ordered by its key; the
gateway asks for ``first + 1`` rows to learn whether a next page exists without counting.

    check_page(first, after)                     # refuses first ∉ 1..100 or a malformed cursor
    rows = await info.context.call("grid", "list_grids", limit=first + 1, after=after)
    return Connection.of(rows, first, Grid.from_rpc)   # Connection[Grid] → type GridConnection

Cursors are opaque strings to clients; today they are the row's key (an id, or ``<sort value>|<id>``
for sorted lists — see ``sort_cursor``), so a cursor stays valid while the row exists.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

import strawberry

from shared.errors import ValidationFailed

MAX_FIRST = 100

T = TypeVar("T")


@strawberry.type(description="Where this page ends and whether another follows (分页信息).")
class PageInfo:
    has_next_page: bool = strawberry.field(description="Another page follows (还有下一页).")
    end_cursor: str | None = strawberry.field(description="Pass as `after` for the next page (下一页游标).")


@strawberry.type(description="One item of a page with its cursor.")
class Edge(Generic[T]):
    cursor: str = strawberry.field(description="Opaque position of this item (游标).")
    node: T = strawberry.field(description="The item.")


@strawberry.type(description="A page of a list (分页列表): its edges and where it ends.")
class Connection(Generic[T]):
    edges: list[Edge[T]] = strawberry.field(description="The items of this page, in order.")
    page_info: PageInfo = strawberry.field(description="Where this page ends (分页信息).")

    @classmethod
    def of(cls, rows: Sequence[dict[str, Any]], first: int, wrap: Callable[[dict[str, Any]], T],
           cursor: Callable[[dict[str, Any]], str] | None = None) -> "Connection[T]":
        """Build a page from ``first + 1`` rows as a service returned them (the extra row only
        tells that a next page exists). ``cursor`` defaults to the row's ``id``."""
        key = cursor or (lambda row: str(row["id"]))
        edges = [Edge(cursor=key(row), node=wrap(row)) for row in rows[:first]]
        return cls(edges=edges, page_info=PageInfo(
            has_next_page=len(rows) > first, end_cursor=edges[-1].cursor if edges else None))


def check_first(first: int) -> None:
    if not 1 <= first <= MAX_FIRST:
        raise ValidationFailed([{"field": "first", "message": f"first must be 1..{MAX_FIRST}",
                                 "message_zh": f"first 须在 1 到 {MAX_FIRST} 之间"}])


def check_page(first: int, after: str | None, *, cursor_is_id: bool = True) -> None:
    """Refuse a page size outside 1..100, and (for id cursors) an ``after`` that is not an id."""
    from shared.contracts.validation import parse_id

    check_first(first)
    if after is not None and cursor_is_id:
        parse_id(after, "after")


def sort_cursor(value: Any, row_id: Any) -> str:
    """Cursor for a list sorted by ``value`` then id: ``"<value>|<id>"`` (services split on the
    last ``|``)."""
    return f"{value}|{row_id}"
