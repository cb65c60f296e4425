"""P5: the residents sheet imported through the real path vs PostgreSQL COPY of the same rows.

* **import (HTTP)**: an .xlsx of N synthetic residents POSTed to the gateway's
  ``/imports/residents`` — streamed read, per-row checks, batches of 500 over RPC to the grid
  service, which validates each row (contract, GB 11643), encrypts ID numbers and phones, computes
  blind indexes and writes each batch in one transaction.
* **import (RPC only)**: the same kind of rows sent straight to ``grid.import_residents`` in the
  same batches: the service's share of the cost, without the spreadsheet.
* **COPY**: the rows as the import stores them (households and residents, ciphertexts computed
  beforehand, untimed) copied into tables shaped like ``households`` and ``residents`` with their
  indexes — what PostgreSQL itself takes to load them.

``ratio`` = COPY time / HTTP import time (the target, ≥ 0.3, means the import runs at least at
0.3× COPY speed); N = 600,000 in the full run, 5,000 in quick mode. Data are synthetic and
reproducible (``SEED``); every run uses fresh ID numbers, so each run registers, never updates.
"""
from __future__ import annotations

import asyncio
import os
import io
import random
import time
import uuid
from datetime import date, datetime, timedelta, timezone

from services.grid.idcard import check_digit
from shared import personal_data as pd

SEED = 11643
TENANT = "341181"
BATCH = 500  # as the residents ImportSpec sends them
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂兰玉华红梅建国志文斌辉鹏飞宇浩然欣怡子涵"
GROUPS = ("", "", "", "", "独居老人", "残疾人", "留守儿童", "低保", "退役军人", "独居老人、大病")
HEADER = ["姓名", "身份证号", "手机号", "人口类型", "特殊人群", "楼栋编号", "单元", "楼层", "房号", "网格编号", "房屋类型"]
_runs = {"n": 0}


def _quick(ctx) -> bool:
    return getattr(ctx, "quick", ctx.n < 100)


def id_number(i: int) -> str:
    """The i-th synthetic ID number: unique for i < 25,000,000 (birth day × sequence)."""
    born = date(1940, 1, 1) + timedelta(days=i % 25000)
    body = f"341181{born:%Y%m%d}{(i // 25000) % 1000:03d}"
    return body + check_digit(body)


async def territory(ctx, *, grids: int, buildings: int) -> list[tuple[str, str]]:
    """A street of communities (ten grids each), one compound per grid, buildings spread over the
    grids; returns (building id, grid id) pairs."""
    from bench.scenarios import ADMIN

    call = lambda m, p: ctx.rpc.call("grid", m, p, context=ADMIN)  # noqa: E731
    tag = uuid.uuid4().hex[:6]
    street = await call("create_street", {"name": f"导入街道{tag}"})
    pairs: list[tuple[str, str]] = []
    per_grid = max(1, buildings // grids)
    for c in range((grids + 9) // 10):
        community = await call("create_community", {"street_id": street["id"], "name": f"导入社区{c}"})
        for g in range(min(10, grids - c * 10)):
            compound = await call("create_compound", {"community_id": community["id"], "name": f"小区{g}"})
            grid = await call("create_grid", {"community_id": community["id"], "compound_id": compound["id"],
                                              "name": f"网格{g}"})
            made = await asyncio.gather(*(call("create_building", {"compound_id": compound["id"], "name": f"{b + 1}号楼"})
                                          for b in range(per_grid)))
            pairs += [(b["id"], grid["id"]) for b in made]
    return pairs


def rows(n: int, first: int, places: list[tuple[str, str]], rng: random.Random) -> list[list]:
    """Sheet rows: three residents per household on average, households filling the buildings;
    rows of different ``first`` go to different (new) households."""
    out = []
    household = first
    i = 0
    while i < n:
        building, grid = places[household % len(places)]
        slot = household // len(places)  # 240 rooms per unit: 30 floors × 8
        unit, floor, room = str(slot // 240 + 1), slot // 8 % 30 + 1, f"{slot // 8 % 30 + 1:02d}{slot % 8 + 1:02d}"
        for _ in range(min(rng.choice((1, 2, 3, 3, 4, 5)), n - i)):
            phone = f"1{rng.choice('3456789')}{rng.randrange(10**9):09d}" if rng.random() < 0.8 else None
            out.append([rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.choice((1, 2)))),
                        id_number(first + i), phone, rng.choice(("户籍人口", "户籍人口", "流动人口")),
                        rng.choice(GROUPS) or None, building, unit, floor, room, grid,
                        rng.choice(("自住", "自住", "出租房"))])
            i += 1
        household += 1
    return out


def xlsx(lines: list[list]) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("居民台账")
    sheet.append(HEADER)
    for line in lines:
        sheet.append(line)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def rpc_rows(lines: list[list]) -> list[dict]:
    fields = ["name", "id_number", "phone", "residency", "special_groups", "building_id", "unit", "floor",
              "room", "grid_id", "household_kind"]
    return [{"row": n + 2, **dict(zip(fields, line, strict=True))} for n, line in enumerate(lines)]


def stored(lines: list[list]) -> tuple[list[tuple], list[tuple]]:
    """Households and residents as the import would store them (for COPY)."""
    from shared.contracts.grid import HOUSEHOLD_KIND_LABELS, RESIDENCY_LABELS, SPECIAL_GROUP_LABELS

    codes = {v: k for k, v in {**RESIDENCY_LABELS, **SPECIAL_GROUP_LABELS, **HOUSEHOLD_KIND_LABELS}.items()}
    now = datetime.now(timezone.utc)
    homes: dict[tuple, uuid.UUID] = {}
    household_rows, resident_rows = [], []
    places = {}
    for name, number, phone, residency, groups, building, unit, floor, room, grid, kind in lines:
        key = (building, unit, room)
        if key not in homes:
            homes[key] = uuid.uuid4()
            places[key] = grid
            household_rows.append((TENANT, homes[key], uuid.uuid4(), uuid.uuid4(), building, grid, unit, floor, room,
                                   codes[kind], now))
        special = sorted(codes[g] for g in groups.split("、")) if groups else []
        resident_rows.append((TENANT, uuid.uuid4(), uuid.uuid4(), uuid.uuid4(), grid, homes[key], name,
                              pd.encrypt(TENANT, number), pd.blind_index(TENANT, number),
                              pd.encrypt(TENANT, phone) if phone else None,
                              pd.blind_index(TENANT, phone) if phone else None,
                              "male" if int(number[16]) % 2 else "female",
                              date(int(number[6:10]), int(number[10:12]), int(number[12:14])),
                              codes[residency], str(special).replace("'", '"'), False, now, now))
    return household_rows, resident_rows


HOUSEHOLD_COLUMNS = "tenant_id, id, street_id, community_id, building_id, grid_id, unit, floor, room, kind, created_at"
RESIDENT_COLUMNS = ("tenant_id, id, street_id, community_id, grid_id, household_id, name, id_number_enc, "
                    "id_number_index, phone_enc, phone_index, gender, birth_date, residency, special_groups, "
                    "needs_review, created_at, updated_at")


def copy_baseline(admin_url: str, households: list[tuple], residents: list[tuple]) -> float:
    """Seconds to COPY the rows into fresh tables shaped like the grid service's (with indexes)."""
    import psycopg

    suffix = uuid.uuid4().hex[:6]
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f"CREATE TABLE bench_households_{suffix} (LIKE households INCLUDING DEFAULTS INCLUDING INDEXES)")
        conn.execute(f"CREATE TABLE bench_residents_{suffix} (LIKE residents INCLUDING DEFAULTS INCLUDING INDEXES)")
        try:
            started = time.perf_counter()
            with conn.transaction():
                with conn.cursor().copy(f"COPY bench_households_{suffix} ({HOUSEHOLD_COLUMNS}) FROM STDIN") as copy:
                    for row in households:
                        copy.write_row(row)
                with conn.cursor().copy(f"COPY bench_residents_{suffix} ({RESIDENT_COLUMNS}) FROM STDIN") as copy:
                    for row in residents:
                        copy.write_row(row)
            return time.perf_counter() - started
        finally:
            conn.execute(f"DROP TABLE bench_households_{suffix}, bench_residents_{suffix}")


def grid_admin_url(ctx) -> str:
    """The grid database as the PostgreSQL superuser (setup and baselines only)."""
    return ctx.platform.admin_database_url.replace("{service}", "grid")


async def run(ctx) -> dict:
    """One run: HTTP import, RPC-only import and COPY of N fresh rows each."""
    from bench.scenarios import ADMIN

    quick = _quick(ctx)
    # CIVICGRID_BENCH_P5_ROWS overrides the size (e.g. to profile a longer import)
    n = int(os.environ.get("CIVICGRID_BENCH_P5_ROWS") or (5_000 if quick else 600_000))
    if "import_places" not in ctx.data:
        ctx.data["import_places"] = await territory(ctx, grids=5 if quick else 273,
                                                    buildings=50 if quick else 3_000)
    places = ctx.data["import_places"]
    _runs["n"] += 1
    rng = random.Random(SEED + _runs["n"])
    base = _runs["n"] * 3 * n  # fresh ID numbers for every path of every run

    sheet_rows = rows(n, base, places, rng)
    body = await asyncio.to_thread(xlsx, sheet_rows)
    started = time.perf_counter()
    response = await ctx.http.post("/imports/residents", content=body, timeout=3600)
    http_s = time.perf_counter() - started
    report = response.json()
    if response.status_code != 200 or report["accepted"] != n:
        raise RuntimeError(f"import refused rows: {str(report)[:500]}")

    batches = rpc_rows(rows(n, base + n, places, rng))
    started = time.perf_counter()
    for i in range(0, n, BATCH):
        result = await ctx.rpc.call("grid", "import_residents", rows=batches[i:i + BATCH], context=ADMIN, timeout=600)
        if result["errors"]:
            raise RuntimeError(f"rpc import refused rows: {result['errors'][:3]}")
    rpc_s = time.perf_counter() - started

    households, residents = await asyncio.to_thread(stored, rows(n, base + 2 * n, places, rng))
    copy_s = await asyncio.to_thread(copy_baseline, grid_admin_url(ctx), households, residents)
    return {"rows": n, "xlsx_bytes": len(body), "http_import_s": round(http_s, 3), "rpc_import_s": round(rpc_s, 3),
            "copy_s": round(copy_s, 3), "http_rows_per_s": round(n / http_s, 1), "rpc_rows_per_s": round(n / rpc_s, 1),
            "copy_rows_per_s": round(n / copy_s, 1), "ratio": round(copy_s / http_s, 3),
            "rpc_ratio": round(copy_s / rpc_s, 3)}
