"""The gateway's ASGI app: /graphql (GraphiQL on GET in dev; subscriptions over
graphql-transport-ws on the same path), /healthz, /readyz.

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
from starlette.routing import Mount, Route, WebSocketRoute
from strawberry.asgi import GraphQL
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.types import ExecutionResult

from gateway.auth import TokenVerifier, Unauthenticated
from gateway.cases.open311 import open311_routes
from gateway.context import Context, preferred_language
from gateway.dashboard import static_app as dashboard_app
from gateway.errors import format_error
from gateway.limits import Gate
from gateway.metrics import metrics_endpoint
from gateway.rpc_client import RpcClient
from gateway.schema import schema
from gateway.subscriptions.bus import EventBus
from gateway.subscriptions.places import Places
from gateway.subscriptions.transport import (
    CivicTransportWS, authenticate, connection_language, new_request_id,
)
from gateway.transfer.routes import transfer_routes
from shared.errors import CivicError
from shared.settings import Settings, get_settings
from shared.telemetry import configure_tracing, tracing_enabled


class CivicGraphQL(GraphQL):
    graphql_transport_ws_handler_class = CivicTransportWS

    def __init__(self, *, rpc: RpcClient, verifier: TokenVerifier, dev: bool, gate: Gate | None = None,
                 bus: EventBus | None = None):
        super().__init__(schema, graphql_ide="graphiql" if dev else None,
                         allow_queries_via_get=False,
                         subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL,),
                         max_subscriptions_per_connection=25)
        self.rpc = rpc
        self.verifier = verifier
        self.gate = gate
        self.bus = bus

    async def get_context(self, request, response) -> Context:
        if request.scope["type"] == "websocket":  # the principal arrives with connection_init
            return Context(request=request, response=response, principal=None, rpc=self.rpc,
                           language=connection_language(request, {}), request_id=new_request_id(request),
                           gate=self.gate, bus=self.bus)
        state = request.scope["state"]
        # the GraphiQL page itself (GET, text/html) runs no operation and has no principal
        return Context(request=request, response=response, principal=state.get("principal"),
                       rpc=self.rpc, language=state["language"], request_id=state["request_id"],
                       gate=self.gate, bus=self.bus)

    async def on_ws_connect(self, context: Context):
        return authenticate(context, self.verifier)

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
    bus = EventBus(settings.amqp_uri, Places(rpc))
    graphql = CivicGraphQL(rpc=rpc, verifier=TokenVerifier(settings), dev=settings.env != "production",
                           gate=Gate.from_settings(settings), bus=bus)

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
        with contextlib.suppress(CivicError):
            await bus.start()  # not fatal either: the first subscription retries
        yield
        await bus.close()
        await rpc.close()

    app = Starlette(routes=[Route("/healthz", healthz), Route("/readyz", readyz),
                            Route("/metrics", metrics_endpoint),
                            Route("/graphql", Authenticated(graphql), methods=["GET", "POST"]),
                            WebSocketRoute("/graphql", graphql),
                            Mount("/dashboard", dashboard_app()),  # the 驾驶舱 page (docs/DASHBOARD.md)
                            *transfer_routes(rpc, graphql.verifier),
                            *open311_routes(rpc, graphql.verifier)],  # GeoReport v2 intake
                    lifespan=lifespan)
    if tracing_enabled():
        from opentelemetry.instrumentation.asgi import OpenTelemetryMiddleware

        # probes would drown the traces; the request body (the query) is never recorded
        return OpenTelemetryMiddleware(app, excluded_urls="healthz,readyz,metrics")
    return app
