"""Errors that cross the RPC wire as stable codes with bilingual messages.

A service raises a :class:`CivicError` subclass; the RPC entrypoint serializes it with
:func:`to_wire`; the gateway turns the ``code``/``message``/``field`` into a GraphQL error or a
result union member. Python module paths never reach a client.
"""
from __future__ import annotations

from typing import Any

WIRE_PATH = "civicgrid.CivicError"


class CivicError(Exception):
    """Base of every expected failure. ``code`` is stable and documented in docs/ERRORS.md."""

    code = "ERROR"
    retryable = False

    def __init__(self, message: str, message_zh: str | None = None, *, field: str | None = None,
                 code: str | None = None, details: dict[str, Any] | None = None):
        super().__init__(message)
        self.message = message
        self.message_zh = message_zh or message
        self.field = field
        self.details = details or {}
        if code:
            self.code = code

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "message": self.message,
            "message_zh": self.message_zh,
            "field": self.field,
            "details": self.details,
            "retryable": self.retryable,
        }


class ValidationFailed(CivicError):
    code = "VALIDATION_FAILED"

    def __init__(self, errors: list[dict[str, str]]):
        first = errors[0] if errors else {"field": None, "message": "invalid input", "message_zh": "输入无效"}
        super().__init__(first["message"], first.get("message_zh"), field=first.get("field"),
                         details={"errors": errors})


class NotFound(CivicError):
    code = "NOT_FOUND"

    def __init__(self, entity: str, entity_zh: str, ident: Any, *, field: str | None = None):
        super().__init__(f"{entity} {ident} does not exist", f"{entity_zh} {ident} 不存在",
                         field=field, details={"entity": entity, "id": str(ident)})


class Conflict(CivicError):
    code = "CONFLICT"


class Forbidden(CivicError):
    code = "FORBIDDEN"


class TenantRequired(CivicError):
    code = "TENANT_REQUIRED"

    def __init__(self, message: str = "no tenant in the call context; the message is rejected",
                 message_zh: str = "调用上下文中没有租户，消息被拒绝", **kwargs: Any):
        super().__init__(message, message_zh, **kwargs)


class Unavailable(CivicError):
    code = "UNAVAILABLE"
    retryable = True


class Timeout(CivicError):
    code = "TIMEOUT"
    retryable = True


class UnknownService(CivicError):
    code = "UNKNOWN_SERVICE"


class Internal(CivicError):
    code = "INTERNAL"


_BY_CODE = {cls.code: cls for cls in (CivicError, ValidationFailed, NotFound, Conflict, Forbidden,
                                      TenantRequired, Unavailable, Timeout, UnknownService, Internal)}


# nameko's own request errors, by class name (errors.py stays free of nameko imports)
NAMEKO_CODES = {"MethodNotFound": "METHOD_NOT_FOUND", "IncorrectSignature": "BAD_REQUEST",
                "MalformedRequest": "BAD_REQUEST"}


def is_expected(exc: BaseException) -> bool:
    return isinstance(exc, CivicError) or type(exc).__name__ in NAMEKO_CODES


def database_unavailable(exc: BaseException) -> bool:
    """SQLAlchemy's OperationalError / InterfaceError: the server is down, restarting, out of
    connection slots, or broke a deadlock — transient, unlike a bug."""
    cls = type(exc)
    return cls.__module__.startswith("sqlalchemy") and cls.__name__ in ("OperationalError", "InterfaceError")


def to_wire(exc: BaseException) -> dict[str, Any]:
    """Serialize an exception for an RPC reply.

    Keeps nameko's keys (its own clients then raise a RemoteError) and adds ours. Unexpected
    exceptions become ``INTERNAL`` without their text: it may hold personal data.
    """
    if isinstance(exc, CivicError):
        body = exc.to_dict()
        value = exc.message
    elif type(exc).__name__ in NAMEKO_CODES:
        body = CivicError(f"{type(exc).__name__}: {exc}", code=NAMEKO_CODES[type(exc).__name__]).to_dict()
        value = body["message"]
    elif database_unavailable(exc):  # a retry will do: say so (docs/RELIABILITY.md, fault 3)
        body = Unavailable("database unavailable; retry shortly", "数据库暂不可用，请稍后重试").to_dict()
        value = body["message"]
    else:
        body = Internal("internal error", "内部错误").to_dict()
        body["details"] = {"exc_type": type(exc).__name__}
        value = "internal error"
    body.update({
        "exc_type": type(exc).__name__,
        "exc_path": WIRE_PATH,
        "exc_args": [dict(body)],
        "value": value,
    })
    return body


def from_wire(error: dict[str, Any]) -> CivicError:
    """Rebuild an error reply (ours or nameko's own) as a CivicError."""
    code = error.get("code")
    if code is None:
        # nameko's own errors: MethodNotFound, IncorrectSignature, MalformedRequest ...
        exc_type = error.get("exc_type", "RemoteError")
        mapped = NAMEKO_CODES.get(exc_type, "INTERNAL")
        exc = CivicError(f"{exc_type}: {error.get('value', '')}", code=mapped)
        return exc
    cls = _BY_CODE.get(code, CivicError)
    exc = cls.__new__(cls)
    CivicError.__init__(exc, error.get("message", code), error.get("message_zh"),
                        field=error.get("field"), code=code, details=error.get("details") or {})
    if "retryable" in error:  # as the service said (a CONFLICT may be worth a retry)
        exc.retryable = bool(error["retryable"])
    return exc
