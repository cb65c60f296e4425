"""Member sheet import without nameko: GB 11643 checks, org by name, dates, duplicates, updates."""
from datetime import date

from services.organization import roster, sheets
from tests.services.organization.orgs_fixture import county_tree

TODAY = date(2026, 12, 1)
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def valid(first17: str) -> str:
    return first17 + "10X98765432"[sum(int(d) * w for d, w in zip(first17, WEIGHTS)) % 11]


def test_id_number_problems():
    good = valid("34118119850307123")
    assert sheets.id_number_problem(good, TODAY) is None
    assert sheets.id_number_problem(good[:-1] + ("0" if good[-1] != "0" else "1"), TODAY)[1] == "校验码不正确"
    assert sheets.id_number_problem(valid("34118119850230123"), TODAY)[1] == "出生日期不存在"
    assert sheets.id_number_problem(valid("34118120990101123"), TODAY) is not None  # born in the future
    assert sheets.id_number_problem("3411811985030712", TODAY) is not None


def test_import_writes_good_rows_and_updates_by_id_number(session, record):
    orgs = county_tree(session, record)
    a, b = valid("34118119850307123"), valid("34118119900101456")
    rows = [{"row": 2, "name": "王红", "id_number": a, "org_name": orgs["grid"].name, "phone": "13912340001",
             "join_date": "2010-07-01", "status": "正式党员", "in_service": True},
            {"row": 3, "name": "李明", "id_number": b, "org_id": str(orgs["group"].id), "join_date": "2021-03-01",
             "status": "预备党员"},
            {"row": 4, "name": "无组织", "id_number": valid("34118119700101111"), "org_name": "不存在",
             "join_date": "2010-07-01"},
            {"row": 5, "name": "坏状态", "id_number": valid("34118119700101222"), "org_name": orgs["grid"].name,
             "join_date": "2010-07-01", "status": "积极分子"}]
    result = sheets.import_members(session, None, rows, today=TODAY, dry_run=False)
    assert result["accepted"] == 2
    assert {(e["row"], e["field"]) for e in result["errors"]} == {(4, "org_name"), (5, "status")}
    again = sheets.import_members(session, None, [{**rows[0], "phone": "13912340009"}], today=TODAY, dry_run=False)
    assert again == {"accepted": 1, "errors": []}
    members = roster.list_members(session, None, org_id=None, limit=10, after=None)
    assert sorted(m.name for m in members) == ["李明", "王红"]
    assert next(m for m in members if m.name == "王红").phone_masked == "139****0009"
