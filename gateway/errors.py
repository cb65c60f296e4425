"""How errors reach GraphQL clients.

Expected failures of a mutation are data (:class:`OperationError` in a result union). Everything
else becomes a GraphQL error with ``extensions.code``; messages follow Accept-Language, and both
languages are in the extensions. Unexpected errors are masked and carry the request id.

Logging (:class:`CivicSchema`): an expected refusal — a code in :data:`REFUSALS`, a variable that
does not coerce, a document that does not validate — is one INFO line with the request id, the code
and the field, never the message (a message may repeat what the caller typed: an ID number, a
phone, a name). A service or broker outage is a WARNING, another coded failure an ERROR, both
without the message; an unexpected error is an ERROR with the request id and its traceback.
"""
from __future__ import annotations

import logging
import re

import strawberry
from graphql import GraphQLError, GraphQLSchema, GraphQLUnionType

from shared.errors import CivicError

log = logging.getLogger("civicgrid.gateway")
EXPECTED = {"VALIDATION_FAILED", "NOT_FOUND", "CONFLICT", "ILLEGAL_TRANSITION", "CYCLE",
            "TYPE_NOT_ALLOWED"}
# refusals of what the caller asked: logged at INFO by code and field, without the message
REFUSALS = EXPECTED | {"FORBIDDEN", "UNAUTHENTICATED", "TENANT_REQUIRED", "RATE_LIMITED", "TOO_LARGE",
                       "SHEET_REJECTED", "PERSISTED_QUERY_NOT_ALLOWED", "PERSISTED_QUERY_NOT_FOUND",
                       "INTROSPECTION_DISABLED", "SUBSCRIPTION_LAGGED", "GRAPHQL_PARSE_FAILED",
                       "GRAPHQL_VALIDATION_FAILED"}
OUTAGES = {"UNAVAILABLE", "TIMEOUT", "UNKNOWN_SERVICE"}


def camel(name: str | None) -> str | None:
    if not name:
        return name
    return re.sub(r"_([a-z])", lambda m: m.group(1).upper(), name)


def localized(exc: CivicError, language: str) -> str:
    return exc.message_zh if language == "zh" else exc.message


@strawberry.type(description="One invalid field and why (字段错误).")
class FieldError:
    field: str = strawberry.field(description="The input field as the client spells it (camelCase).")
    message: str = strawberry.field(description="Why it is invalid, in the request's language.")


@strawberry.type(description="An expected failure of a mutation (操作失败): nothing was written.")
class OperationError:
    code: str = strawberry.field(description="Stable error code (docs/ERRORS.md), e.g. VALIDATION_FAILED, "
                                             "NOT_FOUND, CONFLICT, ILLEGAL_TRANSITION.")
    message: str = strawberry.field(description="What went wrong, in the request's language "
                                                "(Accept-Language: English or Chinese).")
    field: str | None = strawberry.field(description="The input field at fault, when there is one.")
    retryable: bool = strawberry.field(description="Whether the same request may succeed later.")
    field_errors: list[FieldError] = strawberry.field(description="Every invalid field and why (字段错误).")

    @classmethod
    def from_exc(cls, exc: CivicError, language: str) -> OperationError:
        key = "message_zh" if language == "zh" else "message"
        details = exc.details.get("errors") or []
        return cls(code=exc.code, message=localized(exc, language), field=camel(exc.field),
                   retryable=exc.retryable,
                   field_errors=[FieldError(field=camel(e["field"]), message=e.get(key) or e["message"])
                                 for e in details])


def describe_result_unions(schema: GraphQLSchema) -> None:
    """Describe every mutation result union by the one pattern they all follow: the changed object
    on success, or an :class:`OperationError` (a rule, so that 70-odd unions do not each repeat
    the same sentence)."""
    for named in schema.type_map.values():
        if not isinstance(named, GraphQLUnionType) or named.description:
            continue
        others = [t.name for t in named.types if t.name != "OperationError"]
        if len(others) == len(named.types) - 1:
            named.description = (f"{' or '.join(others)} on success, or an OperationError naming the "
                                 f"field and the reason, with nothing written (操作结果或失败).")


def as_data(exc: CivicError, language: str) -> OperationError:
    """Return an expected failure as data; re-raise anything else as a GraphQL error."""
    if exc.code in EXPECTED:
        return OperationError.from_exc(exc, language)
    raise exc


async def mutate(info: strawberry.Info, service: str, method: str, *args, build):
    """A mutation's call: the built result, or the service's expected refusal as data."""
    try:
        return build(await info.context.call(service, method, *args))
    except CivicError as exc:
        return as_data(exc, info.context.language)


def _variable_field(error: GraphQLError) -> str | None:
    """The input field of a variable that did not coerce, from graphql-core's message."""
    found = (re.search(r" at \.?([\w.\[\]]+):", error.message) or re.search(r"field '(\w+)'", error.message)
             or re.search(r"Variable '\$(\w+)'", error.message))
    return re.sub(r"\[\d+\]", "", found.group(1)).split(".")[-1] if found else None


def classify(error: GraphQLError) -> tuple[str, str | None]:
    """The code and field a client sees for ``error`` (as :func:`format_error` reports them)."""
    original = error.original_error
    if isinstance(original, CivicError):
        return original.code, camel(original.field)
    if original is None:
        return ("GRAPHQL_PARSE_FAILED" if "Syntax Error" in error.message else "GRAPHQL_VALIDATION_FAILED"), None
    if error.message.startswith("Variable '$"):
        return "VALIDATION_FAILED", _variable_field(error)
    return "INTERNAL", None


def log_errors(errors: list[GraphQLError], request_id: str | None) -> None:
    """One line per error, without its message (see the module's docstring)."""
    for error in errors:
        code, field = classify(error)
        original = error.original_error
        if code in REFUSALS:
            log.info("request %s refused: %s (field %s)", request_id, code, field)
        elif code in OUTAGES:
            log.warning("request %s failed: %s (field %s)", request_id, code, field)
        elif isinstance(original, CivicError):
            log.error("request %s failed: %s (field %s)", request_id, code, field)
        else:
            log.error("unexpected error in request %s", request_id, exc_info=original)


class CivicSchema(strawberry.Schema):
    """strawberry's schema, logging errors by :func:`log_errors` instead of strawberry's own
    ERROR line with each message."""

    def process_errors(self, errors, execution_context=None) -> None:
        context = getattr(execution_context, "context", None)
        log_errors(errors, getattr(context, "request_id", None))


def format_error(error: GraphQLError, language: str, request_id: str) -> GraphQLError:
    original = error.original_error
    if isinstance(original, CivicError):
        extensions = {"code": original.code, "field": camel(original.field),
                      "retryable": original.retryable, "message_en": original.message,
                      "message_zh": original.message_zh, "requestId": request_id}
        if "retry_after" in original.details:
            extensions["retryAfter"] = original.details["retry_after"]
        return GraphQLError(localized(original, language), nodes=error.nodes, source=error.source,
                            positions=error.positions, path=error.path, extensions=extensions)
    if original is None:  # parse and validation errors of the query itself
        code = "GRAPHQL_PARSE_FAILED" if "Syntax Error" in error.message else "GRAPHQL_VALIDATION_FAILED"
        return GraphQLError(error.message, nodes=error.nodes, source=error.source,
                            positions=error.positions, path=error.path,
                            extensions={"code": code, "requestId": request_id})
    if error.message.startswith("Variable '$"):  # a variable did not coerce (e.g. a bad Date)
        field = _variable_field(error)
        zh = f"{field}：取值无效" if field else "输入值无效"
        return GraphQLError(zh if language == "zh" else error.message, nodes=error.nodes,
                            source=error.source, positions=error.positions, path=error.path,
                            extensions={"code": "VALIDATION_FAILED", "field": field, "retryable": False,
                                        "message_en": error.message, "message_zh": zh,
                                        "requestId": request_id})
    # logged once, with its traceback, by CivicSchema.process_errors
    message = "内部错误，请求编号 %s" if language == "zh" else "internal error, request id %s"
    return GraphQLError(message % request_id, nodes=error.nodes, path=error.path,
                        positions=error.positions,
                        extensions={"code": "INTERNAL", "requestId": request_id})
