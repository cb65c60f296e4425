"""Service side of the gateway's Relay connections (连接分页): ``limit`` rows after the cursor
``after``, in a stable order. A cursor is the sort value(s) then the row's id, ``|``-separated
(``<name>|<id>``, ``<ISO time>|<id>``, ``<ISO date>|<id>``, ``<number>|<name>|<id>``); a name
may itself hold ``|``, so the id is what follows the last one (and a leading number what precedes
the first). A malformed cursor or page size is a ``VALIDATION_FAILED`` naming ``after`` or ``first``."""
from __future__ import annotations

import math
import uuid
from datetime import UTC, date, datetime

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


def bad_cursor() -> ValidationFailed:
    return ValidationFailed([{"field": "after", "message": "after: not a cursor of this list",
                              "message_zh": "after：不是本列表的游标"}])


def name_cursor(after: str | None) -> tuple[str, uuid.UUID] | None:
    """``<name>|<id>`` → (name, id)."""
    return None if after is None else _split(str(after))


def time_cursor(after: str | None) -> tuple[datetime, uuid.UUID] | None:
    """``<ISO 8601 time>|<id>`` → (time, id); a time without offset is UTC."""
    if after is None:
        return None
    value, ident = _split(str(after))
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise bad_cursor() from None
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)), ident


def date_cursor(after: str | None) -> tuple[date, uuid.UUID] | None:
    """``<ISO date>|<id>`` → (day, id)."""
    if after is None:
        return None
    value, ident = _split(str(after))
    try:
        return date.fromisoformat(value), ident
    except ValueError:
        raise bad_cursor() from None


def number_name_cursor(after: str | None) -> tuple[float, str, uuid.UUID] | None:
    """``<number>|<name>|<id>`` → (number, name, id)."""
    if after is None:
        return None
    number, sep, rest = str(after).partition("|")
    if not sep:
        raise bad_cursor()
    name, ident = _split(rest)
    try:
        value = float(number)
    except ValueError:
        raise bad_cursor() from None
    if not math.isfinite(value):
        raise bad_cursor()
    return value, name, ident


def _split(text: str) -> tuple[str, uuid.UUID]:
    value, sep, ident = text.rpartition("|")
    if not sep:
        raise bad_cursor()
    try:
        return value, uuid.UUID(ident)
    except ValueError:
        raise bad_cursor() from None
