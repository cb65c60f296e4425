"""Open311 GeoReport v2 (https://wiki.open311.org/GeoReport_v2) for hotline systems and citizen
apps: the county's case categories as services, creating a request (a case, through the same
``report_case`` RPC as GraphQL) and following its status.

    GET  /open311/v2/services.json
    GET  /open311/v2/services/<service_code>.json
    POST /open311/v2/requests.json          (form-encoded or JSON)
    GET  /open311/v2/requests/<id>.json
    GET  /open311/v2/requests.json?service_request_id=a,b | service_code, status, start_date, end_date

Authentication: an Open311 API key of the county (``o311_…``, created by a county admin with
``createOpen311Key``) as the ``api_key`` parameter GeoReport clients send, or as
``Authorization: Bearer o311_…``; the dispatch service resolves it to its county and the request
runs as a resident-like principal of that county (``open311:<key id>``, role ``resident``,
county scope). A user's bearer token in ``Authorization`` still works as it does for GraphQL;
as ``api_key`` it is refused (a URL parameter ends up in access logs, and a token there could
not be revoked apart from its user). Deviations and extensions, documented in
docs/DISPATCH.md: ``grid_id`` (or ``address_id``) is required — the grid the case belongs to;
``media_url`` needs ``media_sha256``, ``media_size`` and ``media_type`` (our evidence keeps a
content hash); contact fields are not stored; a status carries ``extended_attributes`` (our
status, level, rating, deadline, supervision, merge).
"""
from __future__ import annotations

import json
import uuid
from urllib.parse import parse_qsl

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from gateway.auth import TokenVerifier, Unauthenticated
from gateway.context import Context, preferred_language
from gateway.rpc_client import RpcClient
from shared.contracts.dispatch import OPEN311_KEY_SCHEME, OPEN_STATUSES
from shared.errors import CivicError
from shared.principal import LANGUAGE_KEY, Principal

_STATUS = {"UNAUTHENTICATED": 401, "TOKEN_EXPIRED": 401, "TOKEN_INVALID": 401,
           "TENANT_CLAIM_MISSING": 401, "FORBIDDEN": 403, "NOT_FOUND": 404,
           "UNAVAILABLE": 503, "TIMEOUT": 504, "INTERNAL": 500}


def _error(status: int, description: str, code: str | None = None, field: str | None = None):
    body = {"code": status, "description": description}
    if code:
        body.update(civicgrid_code=code, field=field)
    return JSONResponse([body], status_code=status)


def _refusal(exc: CivicError, language: str):
    text = exc.message_zh if language == "zh" else exc.message
    from gateway.errors import camel

    return _error(_STATUS.get(exc.code, 400), text, exc.code, camel(exc.field))


def service_out(category: dict) -> dict:
    return {"service_code": category["code"], "service_name": category["name"],
            "description": category["name"], "metadata": False, "type": "realtime",
            "keywords": "", "group": category["parent_code"] or ""}


def request_out(case: dict, steps: list[dict], services: dict[str, str]) -> dict:
    updated = max((s["at"] for s in steps), default=case["reported_at"])
    closed = case["status"] not in OPEN_STATUSES
    notes = [s["note"] for s in steps if s.get("note")]
    return {
        "service_request_id": case["id"], "status": "closed" if closed else "open",
        "status_notes": notes[-1] if notes else None,
        "service_name": services.get(case["category"], case["category"]),
        "service_code": case["category"], "description": case["description"],
        "agency_responsible": case.get("routed_department_name") or case.get("level"),
        "service_notice": None, "requested_datetime": case["reported_at"],
        "updated_datetime": updated, "expected_datetime": case.get("due_at"),
        "address": case.get("address"), "address_id": case["grid_id"],
        "lat": case.get("latitude"), "long": case.get("longitude"), "media_url": None,
        "extended_attributes": {"status": case["status"], "level": case.get("level"),
                                "rating": case.get("rating"), "due_at": case.get("due_at"),
                                "supervised": case.get("supervised", False),
                                "merged_into": case.get("merged_into"),
                                "grid_id": case["grid_id"]},
    }


async def _fields(request: Request) -> dict:
    if request.method != "POST":
        return dict(request.query_params)
    if request.headers.get("content-type", "").startswith("application/json"):
        try:
            body = await request.json()
        except (json.JSONDecodeError, UnicodeDecodeError):
            body = None
        if not isinstance(body, dict):
            raise CivicError("the body must be a JSON object", "请求体须为 JSON 对象",
                             code="VALIDATION_FAILED")
        return {**request.query_params, **body}
    # application/x-www-form-urlencoded, as GeoReport clients send it (no multipart uploads:
    # media is referenced by URL with its hash)
    body = (await request.body()).decode("utf-8", errors="replace")
    return {**request.query_params, **dict(parse_qsl(body, keep_blank_values=True))}


def _number(fields: dict, key: str, field: str) -> float | None:
    value = fields.get(key)
    if value in (None, ""):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        raise CivicError(f"{key}: not a number", f"{key}：应为数字", code="VALIDATION_FAILED",
                         field=field) from None


def case_input(fields: dict) -> dict:
    """A GeoReport request as our ``report_case`` input (validated by the service's contract)."""
    case = {"grid_id": fields.get("grid_id") or fields.get("address_id"),
            "category": fields.get("service_code"), "description": fields.get("description"),
            "source": "hotline", "address": fields.get("address_string") or None}
    lat, lon = _number(fields, "lat", "point.latitude"), _number(fields, "long", "point.longitude")
    if (lat is None) != (lon is None):
        raise CivicError("lat and long go together", "lat 与 long 须同时提供",
                         code="VALIDATION_FAILED", field="point")
    if lat is not None:
        case["point"] = {"latitude": lat, "longitude": lon}
    if fields.get("media_url"):
        size = _number(fields, "media_size", "evidence.0.size")
        case["evidence"] = [{"uri": fields["media_url"], "sha256": fields.get("media_sha256") or "",
                             "size": int(size) if size is not None else 0,
                             "media_type": fields.get("media_type") or ""}]
    return {k: v for k, v in case.items() if v is not None}


def open311_routes(rpc: RpcClient, verifier: TokenVerifier) -> list[Route]:
    async def key_principal(secret: str, language: str) -> Principal:
        if not secret.startswith(OPEN311_KEY_SCHEME):
            raise Unauthenticated("api_key must be an Open311 key of the county (o311_…); a user "
                                  "token goes in Authorization: Bearer",
                                  "api_key 应为本县的 Open311 接口密钥（o311_…）；用户令牌请放在 "
                                  "Authorization: Bearer 中", field="api_key")
        # no county yet: the dispatch service answers only the county of a valid key
        caller = await rpc.call("dispatch", "resolve_open311_key", secret,
                                context={LANGUAGE_KEY: language})
        return Principal(tenant=caller["tenant"], subject=f"open311:{caller['key_id']}",
                         roles=("resident",))

    async def context(request: Request, fields: dict) -> Context:
        language = preferred_language(request.headers.get("accept-language"))
        authorization = request.headers.get("authorization")
        scheme, _, bearer = (authorization or "").partition(" ")
        if authorization and scheme.lower() == "bearer" and bearer.strip().startswith(OPEN311_KEY_SCHEME):
            principal = await key_principal(bearer.strip(), language)
        elif not authorization and fields.get("api_key"):
            principal = await key_principal(str(fields["api_key"]).strip(), language)
        else:
            principal = verifier.verify(authorization)
        return Context(request=request, response=None, principal=principal, rpc=rpc,
                       language=language, request_id=request.headers.get("x-request-id") or uuid.uuid4().hex)

    async def categories(ctx: Context) -> list[dict]:
        return [c for c in await ctx.call("dispatch", "list_categories", limit=100) if c["active"]]

    def handler(work):
        async def endpoint(request: Request):
            language = preferred_language(request.headers.get("accept-language"))
            try:
                fields = await _fields(request)
                return await work(request, await context(request, fields), fields)
            except CivicError as exc:
                return _refusal(exc, language)
        return endpoint

    async def services(_request, ctx, _fields):
        return JSONResponse([service_out(c) for c in await categories(ctx)])

    async def definition(request, ctx, _fields):
        code = request.path_params["code"]
        if code not in {c["code"] for c in await categories(ctx)}:
            return _error(404, f"no service {code}")
        return JSONResponse({"service_code": code, "attributes": []})

    async def create(_request, ctx, fields):
        # a key of this request's own (幂等键): a redelivered RPC answers the same case
        case = await ctx.call("dispatch", "report_case",
                              {**case_input(fields), "client_request_id": str(uuid.uuid4())})
        duplicates = [d["id"] for d in case.get("likely_duplicates", [])]
        notice = f"likely duplicates: {', '.join(duplicates)}" if duplicates else None
        return JSONResponse([{"service_request_id": case["id"], "service_notice": notice,
                              "account_id": None}], status_code=201)

    async def statuses(ctx: Context, cases: list[dict]) -> JSONResponse:
        names = {c["code"]: c["name"] for c in await categories(ctx)}
        steps: dict[str, list[dict]] = {c["id"]: [] for c in cases}
        if cases:
            for step in await ctx.call("dispatch", "timelines", [c["id"] for c in cases]):
                steps[step["case_id"]].append(step)
        return JSONResponse([request_out(c, steps[c["id"]], names) for c in cases])

    async def one(request, ctx, _fields):
        try:
            case = await ctx.call("dispatch", "get_case", request.path_params["id"])
        except CivicError as exc:
            if exc.code in ("NOT_FOUND", "VALIDATION_FAILED"):
                return _error(404, f"no request {request.path_params['id']}")
            raise
        return await statuses(ctx, [case])

    async def search(_request, ctx, fields):
        ids = [i for i in (fields.get("service_request_id") or "").split(",") if i.strip()]
        if ids:
            cases = []
            for case_id in ids[:50]:
                try:
                    cases.append(await ctx.call("dispatch", "get_case", case_id.strip()))
                except CivicError as exc:
                    if exc.code not in ("NOT_FOUND", "VALIDATION_FAILED"):
                        raise
            return await statuses(ctx, cases)
        filters: dict = {}
        if fields.get("service_code"):
            filters["category"] = fields["service_code"]
        if fields.get("status") in ("open", "closed"):
            filters["status"] = list(OPEN_STATUSES) if fields["status"] == "open" else [
                "resolved", "verified", "rated", "archived", "rejected", "merged"]
        for key, ours in (("start_date", "since"), ("end_date", "until")):
            if fields.get(key):
                filters[ours] = fields[key]
        cases = await ctx.call("dispatch", "list_cases", limit=50, filters=filters)
        return await statuses(ctx, cases)

    async def create_or_search(request, ctx, fields):
        return await (create if request.method == "POST" else search)(request, ctx, fields)

    base = "/open311/v2"
    return [Route(f"{base}/services.json", handler(services), methods=["GET"]),
            Route(base + "/services/{code}.json", handler(definition), methods=["GET"]),
            Route(f"{base}/requests.json", handler(create_or_search), methods=["GET", "POST"]),
            Route(base + "/requests/{id}.json", handler(one), methods=["GET"])]
