"""A variable that does not coerce (a hostile Date, a missing or unknown input field) is the
client's mistake: VALIDATION_FAILED naming the field, in both languages — found by the fuzzer as
INTERNAL in 17 mutations."""
from __future__ import annotations

import asyncio

import pytest

from gateway.errors import format_error
from gateway.schema import schema

DOC = "mutation($input: SetCalendarDayInput!) { setCalendarDay(input: $input) { __typename } }"


@pytest.mark.parametrize(("variables", "field"), [
    ({"input": {"day": "'; DROP TABLE x; --", "working": True}}, "day"),
    ({"input": {"day": "2026-13-40", "working": True}}, "day"),
    ({"input": {"day": "2026-01-01"}}, "working"),
    ({"input": {"day": "2026-01-01", "working": True, "kind": "x"}}, "kind"),
    ({}, "input"),
])
def test_bad_variables_are_validation_errors_naming_the_field(variables, field):
    result = asyncio.run(schema.execute(DOC, variable_values=variables))
    assert result.errors
    for error in result.errors:
        shown = format_error(error, "zh", "rid")
        assert shown.extensions["code"] == "VALIDATION_FAILED" and shown.extensions["field"] == field
        assert shown.message == f"{field}：取值无效" and shown.extensions["message_en"].startswith("Variable")
