"""Keys for idempotent mutations (幂等键), the gateway's half of :mod:`shared.idempotency`.

While a root mutation field resolves, every RPC it makes carries a key derived from:

* the client's ``Idempotency-Key`` header (8–128 characters of ``A-Z a-z 0-9 _ - . :``), with the
  county, the caller and the field's alias — so a retried request makes the same keys and gets
  the first answers; without the header, a random value per field — so only a redelivery of the
  same RPC message (the service died between commit and acknowledgement) is recognised;
* the call: service, method, arguments and how many identical calls came before in this field —
  so a key stands for one exact call, whatever order a resolver's calls run in.

A retry with the same header but other arguments is another call and runs. Keys are kept by the
services for ``CIVICGRID_IDEMPOTENCY_DAYS`` (7).
"""
from __future__ import annotations

import hashlib
import inspect
import json
import re
import uuid
from contextvars import ContextVar
from typing import Any

from graphql import OperationType
from strawberry.extensions import SchemaExtension

from shared.errors import ValidationFailed

HEADER = "Idempotency-Key"
_VALID = re.compile(r"[A-Za-z0-9_.:-]{8,128}")
_NAMESPACE = uuid.UUID("0b6f6c2e-5a51-4c36-9f8e-1a3c0c9a3a11")


class FieldCalls:
    """The keys of one root mutation field's RPCs."""

    def __init__(self, base: str):
        self.base = base
        self.seen: dict[str, int] = {}

    def key(self, service: str, method: str, args: tuple, kwargs: dict) -> str:
        call = json.dumps([service, method, args, kwargs], sort_keys=True, default=str, ensure_ascii=False)
        n = self.seen[call] = self.seen.get(call, 0) + 1
        return hashlib.sha256(f"{self.base}\x1f{call}\x1f{n}".encode()).hexdigest()

    def request_uuid(self) -> str:
        """A stable id for this field's request (e.g. a case's client request id): the same on a
        retry with the same header, new otherwise."""
        return str(uuid.uuid5(_NAMESPACE, self.base))


CURRENT: ContextVar[FieldCalls | None] = ContextVar("civicgrid_mutation_calls", default=None)


def header_key(request) -> str | None:
    value = request.headers.get(HEADER) if request is not None else None
    if value is None:
        return None
    if not _VALID.fullmatch(value):
        raise ValidationFailed([{"field": HEADER, "message": f"{HEADER}: 8 to 128 characters of letters, digits, "
                                 "'_', '-', '.' or ':'", "message_zh": f"{HEADER}：须为 8 到 128 个字母、数字或 _ - . :"}])
    return value


def request_uuid() -> str:
    """The current mutation field's stable request id, or a new one outside a mutation."""
    calls = CURRENT.get()
    return calls.request_uuid() if calls is not None else str(uuid.uuid4())


class IdempotentMutations(SchemaExtension):
    """Sets :data:`CURRENT` while each root mutation field resolves."""

    def resolve(self, _next, root, info, *args: Any, **kwargs: Any):
        if info.path.prev is not None or info.operation.operation != OperationType.MUTATION:
            return _next(root, info, *args, **kwargs)
        context = info.context
        header = header_key(getattr(context, "request", None))
        principal = getattr(context, "principal", None)
        if header is None:
            base = uuid.uuid4().hex
        else:
            who = (principal.tenant, principal.subject) if principal is not None else ("", "")
            base = "\x1f".join((*who, header, info.path.key))
        calls = FieldCalls(base)
        token = CURRENT.set(calls)
        try:
            result = _next(root, info, *args, **kwargs)
        finally:
            CURRENT.reset(token)
        if not inspect.isawaitable(result):
            return result

        async def keyed():
            inner = CURRENT.set(calls)
            try:
                return await result
            finally:
                CURRENT.reset(inner)
        return keyed()
