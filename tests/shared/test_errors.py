"""Errors cross the RPC wire as stable codes; unexpected ones never leak their text."""
import json

import pytest
from nameko.exceptions import MethodNotFound

from shared.errors import Conflict, Internal, NotFound, ValidationFailed, from_wire, to_wire

CASES = [
    NotFound("grid", "网格", "g-1", field="gridId"),
    ValidationFailed([{"field": "name", "message": "name: too short", "message_zh": "name：内容过短或为空"},
                      {"field": "code", "message": "code: bad", "message_zh": "code：格式不正确"}]),
    Conflict("a street named 'A' already exists", "已有名为“A”的街道", field="name",
             details={"existing": "A"}),
]


@pytest.mark.parametrize("exc", CASES, ids=lambda e: e.code)
def test_round_trip_keeps_everything(exc):
    wire = json.loads(json.dumps(to_wire(exc)))  # must survive the JSON serializer
    back = from_wire(wire)
    assert type(back) is type(exc)
    assert (back.code, back.message, back.message_zh, back.field, back.details, back.retryable) == (
        exc.code, exc.message, exc.message_zh, exc.field, exc.details, exc.retryable)
    assert wire["exc_path"] == "civicgrid.CivicError"


def test_unexpected_exception_becomes_internal_without_its_text():
    secret = "34118119900101123X"
    wire = to_wire(RuntimeError(f"insert failed for id_number={secret}"))
    assert wire["code"] == "INTERNAL"
    assert secret not in json.dumps(wire, ensure_ascii=False)
    assert "id_number" not in json.dumps(wire, ensure_ascii=False)
    assert isinstance(from_wire(wire), Internal)


def test_nameko_method_not_found_maps_to_its_code():
    wire = to_wire(MethodNotFound("grid.nope"))
    assert wire["code"] == "METHOD_NOT_FOUND"
    assert from_wire(wire).code == "METHOD_NOT_FOUND"
    # a reply from plain nameko (no ``code`` key) maps the same way
    assert from_wire({"exc_type": "MethodNotFound", "value": "nope"}).code == "METHOD_NOT_FOUND"
