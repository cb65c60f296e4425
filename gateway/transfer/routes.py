"""The HTTP side of sheets: authenticate, stream the body to disk, read rows off the event loop,
send them to the service in batches, answer a report; or page an export into a file.

openpyxl is synchronous and CPU-bound, so reading and writing run in worker threads; the event
loop only awaits RPCs. Memory stays flat: the upload is spooled to a temporary file, rows are
read one at a time, at most one batch is held, and only the first ``MAX_REPORTED_ERRORS`` row
errors are kept for the report (all are counted).
"""
from __future__ import annotations

import contextlib
import os
import tempfile
import uuid
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import quote

import anyio
from starlette.background import BackgroundTask
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse
from starlette.routing import Route

from gateway.auth import TokenVerifier
from gateway.context import Context, preferred_language
from gateway.rpc_client import RpcClient
from gateway.transfer import catalog
from gateway.transfer.specs import ExportSpec, ImportSpec
from shared.contracts.validation import parse_id
from shared.errors import CivicError, Forbidden, NotFound, ValidationFailed
from shared.spreadsheets import Row, SheetRejected, cell_value, read_rows

MAX_UPLOAD_BYTES = int(os.environ.get("CIVICGRID_IMPORT_MAX_BYTES", 200 * 1024 * 1024))
MAX_REPORTED_ERRORS = 1000
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_STATUS = {"UNAUTHENTICATED": 401, "FORBIDDEN": 403, "NOT_FOUND": 404, "TOO_LARGE": 413,
           "UNAVAILABLE": 503, "TIMEOUT": 504}


class TooLarge(CivicError):
    code = "TOO_LARGE"


def transfer_routes(rpc: RpcClient, verifier: TokenVerifier) -> list[Route]:
    def context(request: Request) -> Context:
        language = preferred_language(request.headers.get("accept-language"))
        request_id = request.headers.get("x-request-id") or uuid.uuid4().hex
        request.state.language, request.state.request_id = language, request_id
        principal = verifier.verify(request.headers.get("authorization"))
        return Context(request=request, response=None, principal=principal, rpc=rpc,
                       language=language, request_id=request_id)

    async def index(request: Request):
        try:
            context(request)
        except CivicError as exc:
            return _error(exc, request)
        return JSONResponse({
            "exports": [_describe(s, f"/exports/{s.name}.xlsx") for s in catalog.EXPORTS.values()],
            "imports": [_describe(s, f"/imports/{s.name}") for s in catalog.IMPORTS.values()],
        })

    async def export(request: Request):
        try:
            ctx = context(request)
            spec = _spec(catalog.EXPORTS, request.path_params["name"], ctx)
            return await _export(ctx, spec, request)
        except CivicError as exc:
            return _error(exc, request)

    async def import_(request: Request):
        try:
            ctx = context(request)
            spec = _spec(catalog.IMPORTS, request.path_params["name"], ctx)
            return await _import(ctx, spec, request)
        except CivicError as exc:
            return _error(exc, request)

    return [Route("/exports", index, methods=["GET"]),
            Route("/exports/{name}.xlsx", export, methods=["GET"]),
            Route("/imports/{name}", import_, methods=["POST"])]


def _describe(spec: ExportSpec | ImportSpec, path: str) -> dict[str, Any]:
    described = {"name": spec.name, "title": spec.title, "description": spec.description, "path": path,
                 "columns": [{"header": c.header, "alias": c.alias, "field": c.field, "kind": c.kind,
                              "required": c.required} for c in spec.columns]}
    if isinstance(spec, ExportSpec):
        described["filters"] = spec.filters
    return described


def _spec(specs: dict, name: str, ctx: Context):
    spec = specs.get(name)
    if spec is None:
        raise NotFound("sheet", "表格", name, field="name")
    if spec.roles is not None and not (ctx.principal and ctx.principal.has_role(*spec.roles)):
        raise Forbidden(f"{spec.name} needs one of the roles {', '.join(sorted(spec.roles))}",
                        f"{spec.title}需要以下角色之一：{'、'.join(sorted(spec.roles))}", field="role")
    return spec


# ---- export ------------------------------------------------------------------------------------
def _filters(spec: ExportSpec, request: Request) -> tuple[dict[str, Any], dict[str, Any]]:
    params = dict(request.query_params)
    export = {"id": uuid.uuid4().hex, "reason": params.pop("reason", None),
              "unmasked": params.pop("unmasked", "false").lower() in ("1", "true", "yes")}
    filters: dict[str, Any] = {}
    errors: list[dict[str, str]] = []
    for key, raw in params.items():
        kind = spec.filters.get(key)
        if kind is None:
            errors.append({"field": key, "message": f"unknown filter {key}; allowed: {', '.join(spec.filters) or 'none'}",
                           "message_zh": f"未知的筛选条件 {key}"})
        elif kind == "id":
            try:
                filters[key] = str(parse_id(raw, key))
            except ValidationFailed as exc:
                errors.extend(exc.details["errors"])
        elif kind == "bool":
            filters[key] = raw.lower() in ("1", "true", "yes")
        elif kind == "int":
            if not raw.lstrip("-").isdigit():
                errors.append({"field": key, "message": "must be a whole number", "message_zh": "应为整数"})
            else:
                filters[key] = int(raw)
        else:
            filters[key] = raw[:200]
    if errors:
        raise ValidationFailed(errors)
    return filters, export


async def _export(ctx: Context, spec: ExportSpec, request: Request):
    filters, export = _filters(spec, request)
    from openpyxl import Workbook  # the writer is fed page by page from the event loop

    fd, path = tempfile.mkstemp(suffix=".xlsx", prefix="civicgrid-export-")
    os.close(fd)
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=spec.title[:31])
    sheet.append([c.header for c in spec.columns])
    try:
        after, written = None, 0
        while written < spec.max_rows:
            page = await ctx.call(spec.service, spec.method, after=after, limit=spec.page_size,
                                  filters=filters, export=export)
            rows = page["rows"][: spec.max_rows - written]
            await anyio.to_thread.run_sync(_append, sheet, spec, rows)
            written += len(rows)
            after = page.get("next")
            if not after:
                break
        await anyio.to_thread.run_sync(book.save, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(path)
        raise
    filename = f"{spec.title}.xlsx"
    return FileResponse(path, media_type=XLSX, background=BackgroundTask(os.unlink, path), headers={
        "Content-Disposition": f"attachment; filename=\"{spec.name}.xlsx\"; filename*=UTF-8''{quote(filename)}",
        "X-Rows": str(written)})


def _append(sheet, spec: ExportSpec, rows: list[dict[str, Any]]) -> None:
    for row in rows:
        sheet.append([cell_value(row.get(c.field), c) for c in spec.columns])


# ---- import ------------------------------------------------------------------------------------
async def _spool(request: Request) -> str:
    fd, path = tempfile.mkstemp(suffix=".xlsx", prefix="civicgrid-import-")
    size = 0
    try:
        with os.fdopen(fd, "wb") as out:
            async for chunk in request.stream():
                size += len(chunk)
                if size > MAX_UPLOAD_BYTES:
                    raise TooLarge(f"the file is larger than {MAX_UPLOAD_BYTES} bytes",
                                   f"文件超过 {MAX_UPLOAD_BYTES} 字节", field="file")
                out.write(chunk)
    except BaseException:
        os.unlink(path)
        raise
    if size == 0:
        os.unlink(path)
        raise SheetRejected("empty body: send the .xlsx file as the request body",
                            "请求体为空：请将 .xlsx 文件作为请求体发送", field="file")
    return path


def _batches(rows: Iterator[Row], size: int) -> Callable[[], list[Row]]:
    def next_batch() -> list[Row]:
        batch: list[Row] = []
        try:
            for row in rows:
                batch.append(row)
                if len(batch) >= size:
                    break
        except CivicError:
            raise
        except Exception as exc:  # a workbook broken past its header (bad XML, bad cell types)
            at = batch[-1].number + 1 if batch else "?"
            raise SheetRejected(f"the workbook cannot be read near row {at}",
                                f"工作簿在第 {at} 行附近无法读取", field="file") from exc
        return batch
    return next_batch


async def _import(ctx: Context, spec: ImportSpec, request: Request):
    dry_run = request.query_params.get("dryRun", "false").lower() in ("1", "true", "yes")
    import_id = uuid.uuid4().hex
    path = await _spool(request)
    report = {"name": spec.name, "importId": import_id, "dryRun": dry_run,
              "rows": 0, "accepted": 0, "rejected": 0, "errors": [], "errorsNotShown": 0}
    try:
        rows = read_rows(path, spec.columns, max_rows=spec.max_rows)
        # atomic: the whole sheet in one batch (+1: a sheet with too many rows is refused before any call)
        next_batch = _batches(rows, spec.max_rows + 1 if spec.atomic else spec.batch_size)
        while True:
            batch = await anyio.to_thread.run_sync(next_batch)
            if not batch:
                break
            report["rows"] += len(batch)
            clean = []
            for row in batch:
                if row.errors:
                    report["rejected"] += 1
                    _report_errors(report, [e.to_dict() for e in row.errors])
                else:
                    clean.append({"row": row.number, **row.values})
            if clean:
                held = spec.atomic and report["rejected"] > 0  # checked for the report, not written
                result = await ctx.call(spec.service, spec.method, rows=clean, dry_run=dry_run or held,
                                        import_id=import_id, **({"timeout": spec.timeout} if spec.timeout else {}))
                report["accepted"] += result["accepted"]
                refused_rows = {e["row"] for e in result["errors"]}
                report["rejected"] += len(refused_rows)
                _report_errors(report, result["errors"])
    finally:
        os.unlink(path)
    if spec.atomic and report["rejected"]:
        report["accepted"] = 0
    return JSONResponse(report)


def _report_errors(report: dict[str, Any], errors: list[dict[str, Any]]) -> None:
    room = MAX_REPORTED_ERRORS - len(report["errors"])
    report["errors"].extend(errors[:max(room, 0)])
    report["errorsNotShown"] += max(len(errors) - max(room, 0), 0)


def _error(exc: CivicError, request: Request) -> JSONResponse:
    language = getattr(request.state, "language", "zh")
    body = {"error": {"code": exc.code, "message": exc.message_zh if language == "zh" else exc.message,
                      "message_en": exc.message, "message_zh": exc.message_zh, "field": exc.field,
                      "retryable": exc.retryable, "details": exc.details,
                      "requestId": getattr(request.state, "request_id", None)}}
    status = _STATUS.get(exc.code, 400 if exc.code in ("VALIDATION_FAILED", "SHEET_REJECTED") else 500)
    if exc.code == "INTERNAL":
        body["error"]["details"] = {}
    return JSONResponse(body, status_code=status)
