"""The organization service's calls from GraphQL: its refusals (CYCLE, TYPE_NOT_ALLOWED and the
common codes, see gateway/errors.EXPECTED) come back as OperationError data, nothing written."""
from __future__ import annotations

from typing import Any, Callable

import strawberry

from gateway.errors import mutate


async def org_call(info: strawberry.Info, method: str, *args: Any,
                   build: Callable[[Any], Any]) -> Any:
    return await mutate(info, "organization", method, *args, build=build)
