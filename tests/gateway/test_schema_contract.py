"""The schema as a contract: no breaking change against the last released schema, and a
description on every type and field (the recorded debt of older domain types may only shrink)."""
from __future__ import annotations

from pathlib import Path

from graphql import GraphQLArgument, GraphQLNonNull, GraphQLString, build_schema, find_breaking_changes

from gateway.sdl import RELEASED_PATH, changes_since_release, current_sdl, undescribed

DEBT = Path(__file__).with_name("description_debt.txt")
# types the gateway itself owns: never in the debt
GATEWAY_TYPES = {"Query", "Mutation", "Subscription", "OperationError", "FieldError", "CaseUpdate",
                 "EmergencyAcknowledgement"}


def recorded_debt() -> set[str]:
    return {line.strip() for line in DEBT.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")}


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
    missing = set(undescribed())
    new = sorted(missing - recorded_debt())
    assert not new, ("types/fields without a description (add one, with the Chinese term where there "
                     "is one):\n  " + "\n  ".join(new))
    assert not {m for m in missing if m.split(".")[0] in GATEWAY_TYPES}


def test_paid_off_debt_is_struck_from_the_record():
    """A described entry leaves description_debt.txt, so the file stays the true remaining debt."""
    paid = sorted(recorded_debt() - set(undescribed()))
    assert not paid, "described now, delete these lines from description_debt.txt:\n  " + "\n  ".join(paid)
