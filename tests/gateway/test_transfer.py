"""Spreadsheet import/export over HTTP through the gateway and a real nameko service."""
from __future__ import annotations

import io
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import pytest
from openpyxl import Workbook, load_workbook

from gateway.app import create_app
from gateway.rpc_client import RpcClient
from gateway.transfer import catalog
from gateway.transfer.specs import ExportSpec, ImportSpec
from shared.settings import Settings
from shared.spreadsheets import Column
from shared.tokens import mint_dev_token
from tests.support import TEST_JWT_SECRET

ROOT = Path(__file__).resolve().parents[2]
COLUMNS = (Column("姓名", "name", required=True, alias="Name"),
           Column("身份证号", "id_number", kind="id_number", required=True, alias="ID number"),
           Column("人口", "size", kind="int"))
IDS = [f"34118119900101{n:03d}X" for n in range(300)]


@pytest.fixture(scope="module")
def sheet_service(amqp_uri: str):
    log = tempfile.NamedTemporaryFile("w+", prefix="sheet-service-", suffix=".log", delete=False)
    proc = subprocess.Popen([sys.executable, "-m", "shared.runner", "tests.gateway.sheet_service:SheetService"],
                            cwd=ROOT, env={**os.environ, "AMQP_URI": amqp_uri, "PYTHONUNBUFFERED": "1"},
                            stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 30
    try:
        while "ready:" not in Path(log.name).read_text(encoding="utf-8", errors="replace"):
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail("sheet service did not start:\n" + Path(log.name).read_text()[-3000:])
            time.sleep(0.1)
        yield proc
    finally:
        proc.terminate()
        proc.wait(timeout=15)
        log.close()
        os.unlink(log.name)


@pytest.fixture(scope="module")
def specs():
    exports = {"people": ExportSpec("people", "人员名单", "test", COLUMNS, "sheets", "export_people",
                                    filters={"name": "text"}, page_size=100),
               "admins-only": ExportSpec("admins-only", "仅管理员", "test", COLUMNS, "sheets", "export_people",
                                         roles=frozenset({"county_admin"}))}
    imports = {"people": ImportSpec("people", "人员名单", "test", COLUMNS, "sheets", "import_people", batch_size=50)}
    saved = dict(catalog.EXPORTS), dict(catalog.IMPORTS)
    catalog.EXPORTS.update(exports)
    catalog.IMPORTS.update(imports)
    yield
    catalog.EXPORTS.clear(), catalog.IMPORTS.clear()
    catalog.EXPORTS.update(saved[0]), catalog.IMPORTS.update(saved[1])


def token(tenant: str, roles=("community_staff",)) -> dict[str, str]:
    bearer = mint_dev_token(Settings(jwt_secret=TEST_JWT_SECRET), tenant=tenant, roles=list(roles))
    return {"Authorization": f"Bearer {bearer}", "Accept-Language": "en"}


@pytest.fixture
async def gateway(amqp_uri, sheet_service, specs):
    app = create_app(Settings(env="test", jwt_secret=TEST_JWT_SECRET, AMQP_URI=amqp_uri))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://gateway",
                                 timeout=60) as client:
        yield client
    # the app's RPC client was started lazily by the first call
    for route in app.routes:
        endpoint = getattr(route, "endpoint", None)
        rpc = getattr(getattr(endpoint, "app", None), "rpc", None)
        if isinstance(rpc, RpcClient):
            await rpc.close()
            break


def workbook(header, rows) -> bytes:
    book = Workbook(write_only=True)
    ws = book.create_sheet()
    ws.append(header)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


async def test_import_reports_row_by_row_and_export_returns_the_rows(gateway):
    rows = [[f"居民{i}", IDS[i], i % 5] for i in range(250)]
    rows[10] = ["=HYPERLINK(\"http://x\")", IDS[10], 1]  # refused by the sheet checks
    rows[20] = ["拒绝", IDS[20], 1]  # refused by the service
    rows[30] = ["王五", 3.41181199001011e17, 1]  # ID mangled by Excel
    body = workbook(["姓名", "身份证号", "人口"], rows)
    dry = await gateway.post("/imports/people?dryRun=true", content=body, headers=token("341181"))
    assert dry.status_code == 200, dry.text
    assert (dry.json()["accepted"], dry.json()["rejected"]) == (247, 3)
    empty = await gateway.get("/exports/people.xlsx", headers=token("341181"))
    assert empty.headers["x-rows"] == "0"  # a dry run wrote nothing

    report = (await gateway.post("/imports/people", content=body, headers=token("341181"))).json()
    assert (report["rows"], report["accepted"], report["rejected"]) == (250, 247, 3)
    assert {(e["row"], e["field"], e["code"]) for e in report["errors"]} == {
        (12, "name", "FORMULA_REFUSED"), (22, "name", "CONFLICT"), (32, "id_number", "NUMBER_MANGLED")}
    again = (await gateway.post("/imports/people", content=body, headers=token("341181"))).json()
    assert again["accepted"] == 247  # the same sheet again updates, it does not duplicate

    response = await gateway.get("/exports/people.xlsx", headers=token("341181"))
    assert response.status_code == 200 and response.headers["x-rows"] == "247"
    assert "filename*=UTF-8''" in response.headers["content-disposition"]
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0]
    values = list(sheet.iter_rows(values_only=True))
    assert values[0] == ("姓名", "身份证号", "人口") and len(values) == 248
    assert {v[1] for v in values[1:]} == set(IDS[:250]) - {IDS[10], IDS[20], IDS[30]}

    filtered = await gateway.get("/exports/people.xlsx?name=居民7", headers=token("341181"))
    assert filtered.headers["x-rows"] == "1"
    # another county sees none of it
    other = await gateway.get("/exports/people.xlsx", headers=token("340100"))
    assert other.headers["x-rows"] == "0"


async def test_bad_requests_are_refused_with_codes_and_both_languages(gateway):
    wrong = workbook(["姓名", "身份证"], [["张三", IDS[0]]])
    response = await gateway.post("/imports/people", content=wrong, headers=token("341181"))
    error = response.json()["error"]
    assert response.status_code == 400 and error["code"] == "SHEET_REJECTED"
    assert error["details"]["missing"] == ["身份证号"] and "缺少列" in error["message_zh"]

    response = await gateway.post("/imports/people", content=b"not a zip", headers=token("341181"))
    assert response.json()["error"]["code"] == "SHEET_REJECTED"
    response = await gateway.post("/imports/people", content=b"", headers=token("341181"))
    assert response.json()["error"]["field"] == "file"

    response = await gateway.get("/exports/people.xlsx?colour=red", headers=token("341181"))
    assert response.status_code == 400 and response.json()["error"]["field"] == "colour"
    response = await gateway.get("/exports/nothing.xlsx", headers=token("341181"))
    assert response.status_code == 404
    response = await gateway.get("/exports/admins-only.xlsx", headers=token("341181"))
    assert response.status_code == 403 and response.json()["error"]["code"] == "FORBIDDEN"
    response = await gateway.get("/exports/people.xlsx")
    assert response.status_code == 401 and response.json()["error"]["code"] == "UNAUTHENTICATED"

    listing = (await gateway.get("/exports", headers=token("341181"))).json()
    assert {e["name"] for e in listing["exports"]} >= {"people", "admins-only"}
    people = next(i for i in listing["imports"] if i["name"] == "people")
    assert people["columns"][1]["header"] == "身份证号"
