"""The gateway's ASGI app: /graphql (GraphiQL on GET in dev), /healthz, /readyz.

Runs on asyncio, never eventlet. Every GraphQL request is authenticated before execution; the
principal, language and request id go into the per-request context.
"""
from __future__ import annotations

import contextlib
import uuid

from graphql import GraphQLError
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route, WebSocketRoute
from strawberry.asgi import GraphQL
from strawberry.types import ExecutionResult

from gateway.auth import TokenVerifier, Unauthenticated
from gateway.context import Context, preferred_language
from gateway.errors import format_error
from gateway.rpc_client import RpcClient
from gateway.schema import schema
from gateway.transfer.routes import transfer_routes
from shared.errors import CivicError
from shared.settings import Settings, get_settings
from shared.telemetry import configure_tracing, tracing_enabled


class CivicGraphQL(GraphQL):
    def __init__(self, *, rpc: RpcClient, verifier: TokenVerifier, dev: bool):
        super().__init__(schema, graphql_ide="graphiql" if dev else None,
                         allow_queries_via_get=False)
        self.rpc = rpc
        self.verifier = verifier

    async def get_context(self, request, response) -> Context:
        state = request.scope["state"]
        # the GraphiQL page itself (GET, text/html) runs no operation and has no principal
        return Context(request=request, response=response, principal=state.get("principal"),
                       rpc=self.rpc, language=state["language"], request_id=state["request_id"])

    async def process_result(self, request, result: ExecutionResult):
        data = await super().process_result(request, result)
        if result.errors:
            state = request.scope["state"]
            data["errors"] = [format_error(e, state["language"], state["request_id"]).formatted
                              for e in result.errors]
        return data


class Authenticated:
    """ASGI wrapper: language and request id for every request, a verified principal for every
    operation (the GraphiQL page itself is served without one)."""

    def __init__(self, app: CivicGraphQL):
        self.app = app

    async def __call__(self, scope, receive, send):
        app = self.app
        if scope["type"] != "http":
            return await app(scope, receive, send)
        request = Request(scope)
        state = scope.setdefault("state", {})
        state["language"] = preferred_language(request.headers.get("accept-language"))
        state["request_id"] = request.headers.get("x-request-id") or uuid.uuid4().hex
        is_ide = request.method == "GET" and "text/html" in request.headers.get("accept", "")
        if not is_ide:
            try:
                state["principal"] = app.verifier.verify(request.headers.get("authorization"))
            except Unauthenticated as exc:
                return await _refuse(exc, state)(scope, receive, send)
        return await app(scope, receive, send)


def _refuse(exc: CivicError, state: dict) -> Response:
    error = GraphQLError(exc.message_zh if state["language"] == "zh" else exc.message,
                         extensions={"code": exc.code, "field": exc.field, "message_en": exc.message,
                                     "message_zh": exc.message_zh, "requestId": state["request_id"]})
    return JSONResponse({"data": None, "errors": [error.formatted]}, status_code=401,
                        headers={"WWW-Authenticate": "Bearer"})


def create_app(settings: Settings | None = None):
    settings = settings or get_settings()
    configure_tracing("civicgrid-gateway")
    rpc = RpcClient(settings.amqp_uri, timeout=settings.rpc_timeout)
    graphql = CivicGraphQL(rpc=rpc, verifier=TokenVerifier(settings), dev=settings.env != "production")

    async def healthz(_request):
        return JSONResponse({"status": "ok"})

    async def readyz(_request):
        ok = await rpc.ready()
        return JSONResponse({"status": "ready" if ok else "broker unreachable"},
                            status_code=200 if ok else 503)

    @contextlib.asynccontextmanager
    async def lifespan(_app):
        with contextlib.suppress(CivicError):
            await rpc.start()  # not fatal: calls retry the connection and /readyz reports it
        yield
        await rpc.close()

    app = Starlette(routes=[Route("/healthz", healthz), Route("/readyz", readyz),
                            Route("/graphql", Authenticated(graphql), methods=["GET", "POST"]),
                            WebSocketRoute("/graphql", graphql),
                            *transfer_routes(rpc, graphql.verifier)],
                    lifespan=lifespan)
    if tracing_enabled():
        from opentelemetry.instrumentation.asgi import OpenTelemetryMiddleware

        # probes would drown the traces; the request body (the query) is never recorded
        return OpenTelemetryMiddleware(app, excluded_urls="healthz,readyz")
    return app
