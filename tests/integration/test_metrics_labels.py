"""The labels of the metrics stay bounded whatever clients send (no server needed)."""
from __future__ import annotations

from graphql import parse

from gateway import metrics as gateway_metrics
from shared import metrics
from shared.errors import Internal, NotFound, ValidationFailed


def test_error_codes_are_stable_codes_or_internal():
    assert metrics.error_code(NotFound("grid", "网格", "x", field="gridId")) == "NOT_FOUND"
    assert metrics.error_code(ValidationFailed([{"field": "name", "message": "m", "message_zh": "m"}])) \
        == "VALIDATION_FAILED"
    assert metrics.error_code(Internal("boom", "boom")) == "INTERNAL"
    assert metrics.error_code(KeyError("13912345678")) == "INTERNAL"  # never the message


def test_operation_label_is_root_fields_not_the_clients_operation_name():
    document = parse("mutation Sneaky_13912345678 { reportCase(input: {}) { __typename } }")
    assert gateway_metrics.operation_label(document, "Sneaky_13912345678") == "reportCase"
    both = parse("{ me { tenant } grids(first: 1) { edges { cursor } } }")
    assert gateway_metrics.operation_label(both, None) == "grids+me"
    assert gateway_metrics.operation_label(None, None) == "invalid"


def test_operation_labels_are_capped(monkeypatch):
    monkeypatch.setattr(gateway_metrics, "_seen", set())
    monkeypatch.setattr(gateway_metrics, "MAX_OPERATIONS", 3)
    labels = [gateway_metrics.operation_label(parse("{ f%d }" % i), None) for i in range(5)]
    assert labels == ["f0", "f1", "f2", "other", "other"]
    assert gateway_metrics.operation_label(parse("{ f1 }"), None) == "f1"  # known ones stay


def test_a_failing_source_reports_down_without_breaking_the_scrape():
    def broken():
        raise ConnectionError("database away")

    sources = metrics.Sources()
    sources.add(metrics.Source("outbox", "grid", broken, lambda _: [], ttl=0))
    sources.add(metrics.Source("outbox", "dispatch", lambda: (2, None),
                               lambda v: [(metrics.OUTBOX_UNPUBLISHED, ("dispatch",), v[0])], ttl=0))
    families = {f.name: f for f in sources.collect()}
    up = {s.labels["service"]: s.value for s in families[metrics.SOURCE_UP].samples}
    assert up == {"grid": 0.0, "dispatch": 1.0}
    (sample,) = families[metrics.OUTBOX_UNPUBLISHED].samples
    assert sample.labels == {"service": "dispatch"} and sample.value == 2.0
