"""graphql-transport-ws at /graphql: the token comes in the connection_init payload and is checked
by the same verifier as HTTP; errors carry the same codes and languages as over HTTP."""
from __future__ import annotations

import logging
import uuid

from graphql import GraphQLError, GraphQLSyntaxError
from starlette.websockets import WebSocket
from strawberry.exceptions import ConnectionRejectionError
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import BaseGraphQLTransportWSHandler
from strawberry.types.execution import PreExecutionError

from gateway.auth import TokenVerifier, Unauthenticated
from gateway.context import preferred_language
from gateway.errors import format_error
from shared.errors import CivicError

log = logging.getLogger("civicgrid.gateway")


def connection_language(websocket: WebSocket, params: dict) -> str:
    return preferred_language(params.get("Accept-Language") or websocket.headers.get("accept-language"))


def new_request_id(websocket: WebSocket) -> str:
    return websocket.headers.get("x-request-id") or uuid.uuid4().hex


def authenticate(context, verifier: TokenVerifier) -> dict:
    """On connection_init: verify ``{"Authorization": "Bearer <token>"}`` (or ``{"token": ...}``)
    from the payload, put the principal in the connection's context, or refuse with close 4403."""
    params = context.connection_params or {}
    authorization = params.get("Authorization") or params.get("authorization")
    if not authorization and isinstance(params.get("token"), str):
        authorization = f"Bearer {params['token']}"
    if params.get("Accept-Language"):
        context.language = preferred_language(str(params["Accept-Language"]))
    try:
        context.principal, context.expires_at = verifier.verify_with_expiry(
            authorization if isinstance(authorization, str) else None)
    except Unauthenticated as exc:
        log.info("websocket connection %s refused: %s", context.request_id, exc.code)
        raise ConnectionRejectionError({"code": exc.code}) from None
    return {"tenant": context.principal.tenant, "requestId": context.request_id}


def _ours(error: GraphQLError) -> bool:
    """Errors this module formats; the protocol handler's own (syntax, operation type) stay."""
    return not isinstance(error, GraphQLSyntaxError) and (
        error.original_error is None or isinstance(error.original_error, CivicError)
        or not type(error.original_error).__module__.startswith("strawberry"))


class CivicTransportWS(BaseGraphQLTransportWSHandler):
    async def _send_result_stream(self, operation, result_source):
        ctx = self.context

        async def formatted():
            try:
                async for result in result_source:
                    if getattr(result, "errors", None):
                        result.errors = [format_error(e, ctx.language, ctx.request_id) if _ours(e) else e
                                         for e in result.errors]
                    yield result
            except CivicError as exc:  # the gate refused before execution (rate, allowlist)
                error = GraphQLError(exc.message, original_error=exc)
                yield PreExecutionError(data=None, errors=[format_error(error, ctx.language, ctx.request_id)])

        await super()._send_result_stream(operation, formatted())
