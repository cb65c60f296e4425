"""Keyset pages of the plain lists (teams, store items, pioneer index) for the gateway's Relay
connections (连接分页): ``limit`` rows after the cursor ``after``, in a stable order. Cursors are
the sort values then the id, ``|``-separated; a name may itself hold ``|``, so the number before
the first ``|`` and the id after the last one are split off and the rest is the name."""
from __future__ import annotations

import math
import uuid

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
    if after is None:
        return None
    name, sep, ident = str(after).rpartition("|")
    if not sep:
        raise bad_cursor()
    return name, _uuid(ident)


def number_name_cursor(after: str | None) -> tuple[float, str, uuid.UUID] | None:
    """``<number>|<name>|<id>`` → (number, name, id)."""
    if after is None:
        return None
    number, sep, rest = str(after).partition("|")
    name, sep2, ident = rest.rpartition("|")
    if not (sep and sep2):
        raise bad_cursor()
    try:
        value = float(number)
    except ValueError:
        raise bad_cursor() from None
    if not math.isfinite(value):
        raise bad_cursor()
    return value, name, _uuid(ident)


def _uuid(text: str) -> uuid.UUID:
    try:
        return uuid.UUID(text)
    except ValueError:
        raise bad_cursor() from None
