"""Keyset cursors as the services read them (shared/keyset.py)."""
from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

import pytest

from shared import keyset
from shared.errors import ValidationFailed

ID = uuid.UUID("b8b2a534-fe64-4cd2-b651-25e00469f3da")


def test_names_may_hold_the_separator():
    assert keyset.name_cursor(f"红马甲|志愿服务队|{ID}") == ("红马甲|志愿服务队", ID)
    assert keyset.name_cursor(None) is None


def test_times_without_offset_are_utc():
    assert keyset.time_cursor(f"2026-12-04T08:00:00|{ID}") == (datetime(2026, 12, 4, 8, tzinfo=UTC), ID)
    moment, _ = keyset.time_cursor(f"2026-12-04T16:00:00+08:00|{ID}")
    assert moment == datetime(2026, 12, 4, 8, tzinfo=UTC)


def test_dates_then_id():
    assert keyset.date_cursor(f"2026-12-04|{ID}") == (date(2026, 12, 4), ID)
    assert keyset.date_cursor(None) is None


@pytest.mark.parametrize("cursor", ["2026-12-04", f"2026-12-04T08:00:00|{ID}", f"2026-13-01|{ID}",
                                    f"|{ID}", f"2026-12-04|{ID}x", ""])
def test_malformed_date_cursors_name_after(cursor):
    with pytest.raises(ValidationFailed) as caught:
        keyset.date_cursor(cursor)
    assert caught.value.details["errors"][0]["field"] == "after"


def test_number_then_name_then_id():
    assert keyset.number_name_cursor(f"12.5|积分|超市|{ID}") == (12.5, "积分|超市", ID)


@pytest.mark.parametrize("cursor", ["no-separator", f"name|{ID}x", "not-a-time|" + str(ID), f"nan|a|{ID}",
                                    f"inf|a|{ID}", f"x|a|{ID}", str(ID)])
def test_malformed_cursors_name_after(cursor):
    parse = keyset.time_cursor if cursor.startswith("not-a-time") else (
        keyset.number_name_cursor if cursor.count("|") == 2 else keyset.name_cursor)
    with pytest.raises(ValidationFailed) as caught:
        parse(cursor)
    assert caught.value.details["errors"][0]["field"] == "after"


@pytest.mark.parametrize("limit", [0, 102, None, "x", -1])
def test_page_sizes_outside_the_gateway_range_name_first(limit):
    with pytest.raises(ValidationFailed) as caught:
        keyset.limit_of(limit)
    assert caught.value.details["errors"][0]["field"] == "first"
    assert keyset.limit_of(101) == 101 and keyset.limit_of("5") == 5
