"""Keyset pages for the gateway's Relay connections (连接分页) of the roster, dual registrations and
service records: ``limit`` rows after the cursor ``after``, in a stable order. A cursor is the
sort value then the id, ``|``-separated (``<name>|<id>`` or ``<ISO time>|<id>``); a name may hold
``|`` itself, so the id is what follows the last one."""
from __future__ import annotations

import uuid
from datetime import UTC, datetime

from shared.errors import ValidationFailed

MAX_LIMIT = 101  # the gateway asks for first + 1 rows, first ≤ 100


def limit_of(limit) -> int:
    try:
        number = int(limit)
    except (TypeError, ValueError):
        number = 0
    if not 1 <= number <= MAX_LIMIT:
        raise ValidationFailed([{"field": "first", "message": f"first must be 1..{MAX_LIMIT - 1}",
                                 "message_zh": f"first 须在 1 到 {MAX_LIMIT - 1} 之间"}])
    return number


def _bad_cursor() -> ValidationFailed:
    return ValidationFailed([{"field": "after", "message": "after: not a cursor of this list",
                              "message_zh": "after：不是本列表的游标"}])


def _split(after) -> tuple[str, uuid.UUID]:
    value, sep, ident = str(after).rpartition("|")
    if not sep:
        raise _bad_cursor()
    try:
        return value, uuid.UUID(ident)
    except ValueError:
        raise _bad_cursor() from None


def name_cursor(after: str | None) -> tuple[str, uuid.UUID] | None:
    """``<name>|<id>`` → (name, id)."""
    return None if after is None else _split(after)


def time_cursor(after: str | None) -> tuple[datetime, uuid.UUID] | None:
    """``<ISO 8601 time>|<id>`` → (time, id); a time without offset is UTC."""
    if after is None:
        return None
    value, ident = _split(after)
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise _bad_cursor() from None
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)), ident
