"""A database that is away is a retryable UNAVAILABLE on the wire, never an INTERNAL (fault 3);
anything else unexpected stays INTERNAL without its text."""
from __future__ import annotations

import sqlalchemy.exc as sa_exc

from shared.errors import from_wire, to_wire


def test_database_errors_are_retryable_unavailable():
    for exc in (sa_exc.OperationalError("SELECT 1", {}, Exception("too many clients 身份证")),
                sa_exc.InterfaceError("SELECT 1", {}, Exception("connection already closed"))):
        wire = to_wire(exc)
        assert (wire["code"], wire["retryable"]) == ("UNAVAILABLE", True)
        assert "身份证" not in str(wire) and "SELECT" not in str(wire)
        assert from_wire(wire).retryable


def test_other_errors_stay_internal_and_mute():
    wire = to_wire(sa_exc.IntegrityError("INSERT", {}, Exception("duplicate 340000199001011234")))
    assert (wire["code"], wire["retryable"]) == ("INTERNAL", False)
    assert "340000199001011234" not in str(wire)
