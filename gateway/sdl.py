"""The schema as a contract.

``python -m gateway.sdl`` prints the served schema as SDL (``make schema`` writes it to
gateway/schema.graphql, committed; a test fails when it is stale).
``python -m gateway.sdl --check`` lists breaking and dangerous changes against the last released
schema, gateway/schema.released.graphql (a test fails on any breaking change).
``python -m gateway.sdl --undescribed`` lists types and fields without a description.
``python -m gateway.sdl --release`` cuts a release: it copies the current schema into
schema.released.graphql. Do that when a version of the API is published to clients (docs/API.md).
"""
from __future__ import annotations

import sys
from pathlib import Path

from graphql import (
    BreakingChange, DangerousChange, GraphQLInputObjectType, GraphQLInterfaceType, GraphQLObjectType,
    build_schema, find_breaking_changes, find_dangerous_changes,
)

RELEASED_PATH = Path(__file__).with_name("schema.released.graphql")
BUILTIN_SCALARS = {"String", "Int", "Float", "Boolean", "ID"}


def current_sdl() -> str:
    from gateway.schema import schema

    return schema.as_str()


def changes_since_release(sdl: str | None = None) -> tuple[list[BreakingChange], list[DangerousChange]]:
    released = build_schema(RELEASED_PATH.read_text(encoding="utf-8"))
    current = build_schema(sdl if sdl is not None else current_sdl())
    return find_breaking_changes(released, current), find_dangerous_changes(released, current)


def undescribed() -> list[str]:
    """``Type`` and ``Type.field`` without a description, sorted."""
    from gateway.schema import schema

    out = set()
    for name, named in schema._schema.type_map.items():
        if name.startswith("__") or name in BUILTIN_SCALARS:
            continue
        if not named.description:
            out.add(name)
        if isinstance(named, (GraphQLObjectType, GraphQLInputObjectType, GraphQLInterfaceType)):
            out.update(f"{name}.{field}" for field, f in named.fields.items() if not f.description)
    return sorted(out)


def main(argv: list[str]) -> int:
    if "--release" in argv:
        RELEASED_PATH.write_text(current_sdl().strip() + "\n", encoding="utf-8")
        print(f"released: {RELEASED_PATH}")
        return 0
    if "--check" in argv:
        breaking, dangerous = changes_since_release()
        for change in breaking:
            print(f"BREAKING  {change.type.name}: {change.description}")
        for change in dangerous:
            print(f"dangerous {change.type.name}: {change.description}")
        return 1 if breaking else 0
    if "--undescribed" in argv:
        print("\n".join(undescribed()))
        return 0
    print(current_sdl())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
