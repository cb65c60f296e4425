"""Turning the organization service's expected failures into OperationError data.

``gateway/errors.as_data`` knows the common codes; the org tree adds CYCLE and TYPE_NOT_ALLOWED,
which are the caller's mistakes too and must come back as data with nothing written.
"""
from __future__ import annotations

from typing import Any, Callable

import strawberry

from gateway.errors import EXPECTED, OperationError
from shared.errors import CivicError

ORG_EXPECTED = EXPECTED | {"CYCLE", "TYPE_NOT_ALLOWED"}


async def org_call(info: strawberry.Info, method: str, *args: Any,
                   build: Callable[[Any], Any]) -> Any:
    """Call an organization RPC and build the result, or return the failure as data."""
    try:
        return build(await info.context.call("organization", method, *args))
    except CivicError as exc:
        if exc.code in ORG_EXPECTED:
            return OperationError.from_exc(exc, info.context.language)
        raise

