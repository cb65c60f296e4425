"""GraphQL inputs to RPC payloads: snake_case keys, unset fields left out, ids as strings."""
from __future__ import annotations

import dataclasses
from typing import Any

import strawberry


def payload(data: Any) -> dict[str, Any]:
    out = {}
    for f in dataclasses.fields(data):
        value = getattr(data, f.name)
        if value is strawberry.UNSET:
            continue
        out[f.name] = value
    return out
