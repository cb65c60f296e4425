"""Shared by the case GraphQL modules: inputs as RPC payloads."""
from __future__ import annotations

import dataclasses
from datetime import date
from enum import Enum
from typing import Any

from gateway.payloads import payload


def rpc_payload(data: Any) -> dict[str, Any]:
    """Like :func:`payload`, with enums as their values and dates as ISO text."""
    def plain(value):
        if dataclasses.is_dataclass(value):
            return rpc_payload(value)
        if isinstance(value, Enum):
            return value.value
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, list):
            return [plain(v) for v in value]
        return value

    return {key: plain(value) for key, value in payload(data).items()}
