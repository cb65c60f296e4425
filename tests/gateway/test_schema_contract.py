"""The schema as a contract: no breaking change against the last released schema, and a
description on every type and field."""
from __future__ import annotations

from graphql import (
    GraphQLArgument,
    GraphQLNonNull,
    GraphQLString,
    build_schema,
    find_breaking_changes,
)

from gateway.sdl import RELEASED_PATH, changes_since_release, current_sdl, undescribed


def test_no_breaking_change_since_the_last_release():
    breaking, _dangerous = changes_since_release()
    assert not breaking, (
        "breaking changes against gateway/schema.released.graphql:\n"
        + "\n".join(f"  {c.type.name}: {c.description}" for c in breaking)
        + "\nAdd instead of changing (a new field, a new optional argument), deprecate the old one; "
          "see docs/API.md, 'Schema as a contract'.")


def test_the_check_sees_a_removed_field_and_a_new_required_argument():
    released = build_schema(RELEASED_PATH.read_text(encoding="utf-8"))
    changed = build_schema(current_sdl())
    del changed.query_type.fields["me"]
    changed.query_type.fields["grids"].args["kind"] = GraphQLArgument(GraphQLNonNull(GraphQLString))
    found = {(c.type.name, c.description) for c in find_breaking_changes(released, changed)}
    assert ("FIELD_REMOVED", "Field Query.me was removed.") in found
    assert ("REQUIRED_ARG_ADDED", "A required argument Query.grids(kind:) was added.") in found


def test_every_type_and_field_has_a_description():
    missing = undescribed()
    assert not missing, ("types/fields without a description (add one, with the Chinese term where "
                         "there is one):\n  " + "\n  ".join(missing))


def test_the_description_check_sees_a_bare_field():
    from gateway.schema import schema

    field = schema._schema.query_type.fields["me"]
    kept, field.description = field.description, None
    try:
        assert "Query.me" in undescribed()
    finally:
        field.description = kept
