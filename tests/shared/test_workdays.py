"""Working-day arithmetic over China's holidays and adjusted workdays (调休)."""
from datetime import date

import pytest

from shared.workdays import Calendar, add_working_days, working_days_between

D = date.fromisoformat


@pytest.mark.parametrize("day, working", [
    ("2025-01-01", False),  # 元旦
    ("2025-01-26", True),   # Sunday, 调休上班
    ("2025-02-03", False),  # Monday inside 春节
    ("2025-02-08", True),   # Saturday, 调休上班
    ("2025-02-09", False),  # ordinary Sunday
    ("2025-02-10", True),   # ordinary Monday
    ("2026-01-04", True),   # Sunday, 调休上班 after 元旦
    ("2026-02-23", False),  # Monday, last day of 春节
    ("2026-05-09", True),   # Saturday, 调休上班 after 劳动节
    ("2026-10-08", True),   # Thursday after 国庆
    ("2026-10-10", True),   # Saturday, 调休上班
])
def test_national_calendar(day, working):
    assert Calendar().is_working_day(D(day)) is working


def test_three_working_days_across_spring_festival_2026_with_adjusted_saturday():
    # Thu 12 Feb + 3: Fri 13, Sat 14 (调休上班), then 15–23 off, Tue 24
    assert add_working_days(D("2026-02-12"), 3) == D("2026-02-24")
    # ignoring 调休 the answer would be Wed 25: the adjusted Saturday counts
    plain = Calendar(overrides={D("2026-02-14"): False})
    assert add_working_days(D("2026-02-12"), 3, plain) == D("2026-02-25")


def test_national_day_2026_block():
    # Sep 30 (Wed) + 1 → Oct 8 (Thu); + 3 → Sat Oct 10 (调休上班); + 4 → Mon Oct 12
    assert add_working_days(D("2026-09-30"), 1) == D("2026-10-08")
    assert add_working_days(D("2026-09-30"), 3) == D("2026-10-10")
    assert add_working_days(D("2026-09-30"), 4) == D("2026-10-12")


def test_start_on_a_holiday_counts_from_the_next_working_day():
    assert add_working_days(D("2025-10-03"), 1) == D("2025-10-09")
    assert add_working_days(D("2025-10-03"), 0) == D("2025-10-09")
    assert add_working_days(D("2025-10-09"), 0) == D("2025-10-09")


def test_tenant_overrides_win():
    # a county rests on Monday 9 March and works on Saturday 7 March instead
    county = Calendar(overrides={D("2026-03-09"): False, D("2026-03-07"): True})
    assert add_working_days(D("2026-03-06"), 1) == D("2026-03-09")
    assert add_working_days(D("2026-03-06"), 1, county) == D("2026-03-07")
    assert add_working_days(D("2026-03-06"), 2, county) == D("2026-03-10")
    assert not Calendar().is_working_day(D("2026-03-07"))


def test_working_days_between_and_bad_input():
    assert working_days_between(D("2026-02-12"), D("2026-02-24")) == 3
    assert working_days_between(D("2026-02-24"), D("2026-02-24")) == 0
    with pytest.raises(ValueError):
        add_working_days(D("2026-01-05"), -1)
