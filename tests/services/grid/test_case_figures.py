"""Grid figures from dispatch events: open cases never below zero, quarters in China time, upserts."""
import uuid

from services.grid import figures
from services.grid.models import Grid
from tests.services.grid.conftest import TENANT, place


def test_quarter_is_in_china_time():
    assert figures.quarter_of("2026-09-30T16:30:00+00:00") == "2026Q4"  # 00:30 on 1 October in China
    assert figures.quarter_of("2026-03-31T15:59:00+00:00") == "2026Q1"


def test_open_cases_and_quarter_figures(session):
    grid = place(session, "东门")["grid"]
    session.flush()
    assert figures.open_cases(session, grid.id, 1) and figures.open_cases(session, grid.id, -1)
    assert figures.open_cases(session, grid.id, -1)  # a close without a report: stays at zero
    assert figures.open_cases(session, uuid.uuid4(), 1) is False
    figures.bump(session, grid.id, "2026-11-01T00:00:00+00:00", reported=1)
    figures.bump(session, grid.id, "2026-11-02T00:00:00+00:00", reported=1, closed=1)
    figures.bump(session, grid.id, "2026-12-02T00:00:00+00:00", rated=1, unsatisfied=1)
    figures.bump(session, grid.id, "2026-01-02T00:00:00+00:00", overdue=1)
    session.commit()
    session.expire_all()
    assert session.get(Grid, (TENANT, grid.id)).open_case_count == 0
    q4 = figures.of_quarter(session, "2026Q4")[grid.id]
    assert (q4.reported, q4.closed, q4.overdue, q4.rated, q4.unsatisfied) == (2, 1, 0, 1, 1)
    assert figures.of_quarter(session, "2026Q1")[grid.id].overdue == 1
