"""Residents sheet import and export rules over migrated SQLite: per-row refusals with row and
field, households registered on first sight, idempotent re-import, masked keyset export, audit."""
from datetime import date

import sqlalchemy as sa

from services.grid import residents_import, sheets_export
from services.grid.idcard import check_digit
from services.grid.models import DataExport, Household, Resident, ResidentAccessAudit
from shared.principal import Principal, Scope
from tests.services.grid.conftest import TENANT, place

TODAY = date(2026, 11, 24)
ADMIN = Principal(TENANT, "admin", ("county_admin",))


def number(seq: int, prefix: str = "341181") -> str:
    body = f"{prefix}198001{seq % 28 + 1:02d}{seq % 1000:03d}"
    return body + check_digit(body)


def row(where, n: int, **extra) -> dict:
    return {"row": n + 1, "name": f"居民{n}", "id_number": number(n), "phone": "13912345678",
            "residency": "户籍人口", "special_groups": "独居老人、残疾人", "building_id": str(where["building"].id),
            "unit": "1", "floor": 3, "room": f"30{n % 3}", "grid_id": str(where["grid"].id), **extra}


def run(session, rows, principal=ADMIN, dry_run=False):
    plan = residents_import.plan_batch(session, principal, rows, today=TODAY)
    if not dry_run:
        residents_import.apply(session, plan)
    session.flush()
    session.expire_all()  # the batch wrote with Core statements: reload what the test looks at
    return plan


def test_mixed_batch_writes_good_rows_and_names_bad_ones(session):
    where = place(session, "东门")
    rows = [row(where, 1), row(where, 2),
            row(where, 3, id_number=number(3)[:-1] + ("0" if number(3)[-1] != "0" else "1")),  # check char
            row(where, 4, phone="12345"),
            row(where, 5, id_number=number(1)),  # same person as row 2 of the sheet
            row(where, 6, grid_id=None, room="999"),  # new household without a grid
            row(where, 7, residency="外星"), row(where, 8, id_number=number(8, prefix="991181"))]
    plan = run(session, rows)
    refused = {(e["row"], e["field"], e["code"]) for e in plan.result()["errors"]}
    assert refused == {(4, "id_number", "VALIDATION_FAILED"), (5, "phone", "VALIDATION_FAILED"),
                       (6, "id_number", "DUPLICATE_IN_BATCH"), (7, "grid_id", "VALIDATION_FAILED"),
                       (8, "residency", "VALIDATION_FAILED")}
    message = next(e for e in plan.result()["errors"] if e["row"] == 4)
    assert message["message"].startswith("身份证号: ") and "校验码" in message["message_zh"]
    assert plan.result() | {"errors": []} == {"accepted": 3, "created": 3, "updated": 0, "errors": []}
    stored = {r.name: r for r in session.scalars(sa.select(Resident))}
    assert set(stored) == {"居民1", "居民2", "居民8"}
    assert stored["居民8"].needs_review and stored["居民1"].special_groups == ["disabled", "elderly_alone"]
    assert number(1) not in stored["居民1"].id_number_enc
    # rooms 301, 302 and 302 (row 8): two households, counted on the grid
    assert session.scalar(sa.select(sa.func.count()).select_from(Household)) == 2
    session.refresh(where["grid"])
    assert where["grid"].household_count == 2


def test_reimport_updates_instead_of_duplicating(session):
    where = place(session, "东门")
    run(session, [row(where, 1), row(where, 2)])
    first = {r.name: (r.id, r.phone_enc) for r in session.scalars(sa.select(Resident))}
    again = run(session, [row(where, 1, name="居民1改", phone="13800000000", grid_id=None), row(where, 2)])
    assert again.result() | {"errors": []} == {"accepted": 2, "created": 0, "updated": 2, "errors": []}
    after = {r.id_number_index: r for r in session.scalars(sa.select(Resident).execution_options(
        populate_existing=True))}
    assert len(after) == 2
    renamed = next(r for r in after.values() if r.id == first["居民1"][0])
    assert renamed.name == "居民1改" and renamed.phone_enc != first["居民1"][1]
    kept = next(r for r in after.values() if r.id == first["居民2"][0])
    assert kept.phone_enc == first["居民2"][1]  # same phone: ciphertext untouched
    assert session.scalar(sa.select(sa.func.count()).select_from(Household)) == 2


def test_scope_and_places(session):
    east, west = place(session, "东门"), place(session, "西门")
    worker = Principal(TENANT, "w", ("grid_worker",), Scope("grid", str(east["grid"].id)))
    plan = run(session, [row(east, 1), row(west, 2),
                         row(east, 3, grid_id=str(west["grid"].id)),
                         row(east, 4, building_id="00000000-0000-4000-8000-000000000000")], principal=worker)
    refused = {(e["row"], e["field"], e["code"]) for e in plan.result()["errors"]}
    assert refused == {(3, "grid_id", "NOT_FOUND"), (4, "grid_id", "NOT_FOUND"),
                       (5, "building_id", "NOT_FOUND")}
    assert plan.result()["created"] == 1
    community = Principal(TENANT, "c", ("community_staff",), Scope("community", str(west["community"].id)))
    plan = run(session, [row(east, 1, grid_id=None)], principal=community)
    assert [(e["field"], e["code"]) for e in plan.result()["errors"]] == [("building_id", "NOT_FOUND")]


def test_dry_run_writes_nothing(session):
    where = place(session, "东门")
    plan = run(session, [row(where, 1)], dry_run=True)
    assert plan.result()["accepted"] == 1
    assert session.scalar(sa.select(sa.func.count()).select_from(Resident)) == 0


def test_moving_household_reports_the_move(session):
    where = place(session, "东门")
    run(session, [row(where, 1, room="101")])
    from services.grid import territory
    from shared.contracts.grid import GridIn

    other = territory.create_grid(session, GridIn(community_id=where["community"].id, name="二网格"))
    plan = run(session, [row(where, 1, room="201", grid_id=str(other.id))])
    assert plan.result()["updated"] == 1
    assert [(m["from_grid_id"], m["to_grid_id"]) for m in plan.moved] == [(str(where["grid"].id), str(other.id))]


def test_export_pages_masked_and_audited(session):
    where = place(session, "东门")
    run(session, [row(where, n) for n in range(1, 6)])
    export = {"id": "6f1c1f9e3a8b4d7c9e2f00112233aabb", "unmasked": False, "reason": None}
    seen, after = [], None
    while True:
        page = sheets_export.residents_page(session, ADMIN, after=after, limit=2, filters={}, unmasked=False,
                                            reason="r")
        sheets_export.record_export(session, ADMIN, "residents", export, {}, len(page["rows"]))
        seen += page["rows"]
        after = page["next"]
        if not after:
            break
    assert len(seen) == 5 and len({r["resident_id"] for r in seen}) == 5
    assert all("*" in r["id_number"] and r["phone"] == "139****5678" for r in seen)
    assert seen[0]["residency"] == "户籍人口" and seen[0]["special_groups"] == "独居老人、残疾人"
    audit = session.scalars(sa.select(DataExport)).one()
    assert (audit.rows, audit.sheet, audit.unmasked) == (5, "residents", False)
    pages = session.scalars(sa.select(ResidentAccessAudit).order_by(ResidentAccessAudit.seq)).all()
    assert [(a.field, a.record_id.hex, a.reason.split("; ")[1]) for a in pages] == [  # one chained entry a page
        ("sheet:residents", export["id"], f"{n} rows") for n in (2, 2, 1)]
    clear = sheets_export.residents_page(session, ADMIN, after=None, limit=10,
                                         filters={"gridId": str(where["grid"].id)}, unmasked=True, reason="核对")
    assert {r["id_number"] for r in clear["rows"]} == {number(n) for n in range(1, 6)}
    assert session.scalar(sa.select(sa.func.count()).select_from(ResidentAccessAudit)) == 3 + 10
    groups = sheets_export.residents_page(session, ADMIN, after=None, limit=10,
                                          filters={"specialGroup": "veteran"}, unmasked=False, reason="r")
    assert groups["rows"] == []
    households = sheets_export.households_page(session, ADMIN, after=None, limit=10, filters={})
    assert sorted(h["residents"] for h in households["rows"]) == [1, 2, 2]
    grids = sheets_export.grids_page(session, ADMIN, after=None, limit=10, filters={})
    assert [(g["name"], g["household_count"], g["size_flag"]) for g in grids["rows"]] == [("东门网格", 3, "不足300户")]
