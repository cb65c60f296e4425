"""Intake through the gateway on RabbitMQ + PostgreSQL: evidence with content hashes (validated,
on the report and on later steps), the exact place, anonymous reporters, likely duplicates on
report and by query, and merging a duplicate (timeline on both cases, case.merged)."""
from __future__ import annotations

import uuid

from shared.principal import Scope
from tests.integration.conftest import Client, token
from tests.integration.dispatch_ops import ACCEPT, MERGE, REPORT, RESOLVE, file_ref, run
from tests.integration.territory_ops import lay_out

DUPLICATES = """query($id: ID!) { case(id: $id) { likelyDuplicates { id } evidence { seq sha256 }
  timeline { seq action actor note } } }"""


def report(client, place, **fields) -> dict:
    data = {"gridId": place["grid"], "category": "environment", "description": "楼道堆放杂物", **fields}
    return client(REPORT, input=data)["reportCase"]


def test_evidence_on_report_and_later_steps(county_a, superuser_db):
    place = lay_out(county_a)
    photo = file_ref(b"\xff\xd8 photo of the corridor")
    case = report(county_a, place, evidence=[photo], point={"longitude": 118.99, "latitude": 32.69},
                  address="幸福小区3栋2单元")
    assert case["__typename"] == "Case"
    assert case["compoundId"] == place["compound"]  # the grid's compound by default
    assert (case["longitude"], case["latitude"], case["address"]) == (118.99, 32.69, "幸福小区3栋2单元")
    assert case["evidence"] == [{"seq": 1, "sha256": photo["sha256"], "size": photo["size"],
                                 "mediaType": "image/jpeg", "uri": photo["uri"]}]
    after = file_ref(b"%PDF cleaned up", "application/pdf")
    run(county_a, ACCEPT, caseId=case["id"])
    resolved = run(county_a, RESOLVE, caseId=case["id"], evidence=[after])
    assert resolved["status"] == "resolved"
    got = county_a(DUPLICATES, id=case["id"])["case"]
    assert [(e["seq"], e["sha256"]) for e in got["evidence"]] == [(1, photo["sha256"]), (3, after["sha256"])]
    assert superuser_db("dispatch", "SELECT count(*) FROM case_evidence WHERE case_id = :c",
                        c=uuid.UUID(case["id"])) == 2
    again = run(county_a, ACCEPT, caseId=case["id"])
    assert again["code"] == "ILLEGAL_TRANSITION"


def test_bad_evidence_and_place_name_the_field_and_write_nothing(county_a, superuser_db):
    place, other = lay_out(county_a), lay_out(county_a)
    before = superuser_db("dispatch", "SELECT count(*) FROM cases")
    good = file_ref(b"x")
    refusals = [
        ({"evidence": [{**good, "sha256": "abc"}]}, "evidence.0.sha256"),
        ({"evidence": [{**good, "size": 0}]}, "evidence.0.size"),
        ({"evidence": [{**good, "mediaType": "application/x-msdownload"}]}, "evidence.0.mediaType"),
        ({"evidence": [{**good, "uri": "file:///etc/passwd"}]}, "evidence.0.uri"),
        ({"evidence": [good, good]}, "evidence"),
        ({"point": {"longitude": 200, "latitude": 32}}, "point.longitude"),
        ({"compoundId": other["compound"]}, "compoundId"),
        ({"buildingId": str(uuid.uuid4())}, "buildingId"),
    ]
    for fields, field in refusals:
        result = report(county_a, place, **fields)
        assert (result["__typename"], result["code"], result["field"]) == (
            "OperationError", "VALIDATION_FAILED", field), (fields, result)
    assert superuser_db("dispatch", "SELECT count(*) FROM cases") == before
    case = report(county_a, place, evidence=[good])
    twice = run(county_a, ACCEPT, caseId=case["id"], evidence=[good])
    assert (twice["code"], twice["field"]) == ("CONFLICT", "evidence")
    assert superuser_db("dispatch", "SELECT status FROM cases WHERE id = :c",
                        c=uuid.UUID(case["id"])) == "reported"


def test_anonymous_reporter_is_hidden_from_handlers_not_from_the_system(county_a, gateway_url,
                                                                       superuser_db):
    place = lay_out(county_a)
    resident = Client(gateway_url, token("341181", "resident"))
    case = report(resident, place, anonymous=True)
    assert case["anonymous"] is True and case["reporter"] is not None  # the reporter sees themselves
    seen = county_a("query($id: ID!) { case(id: $id) { reporter timeline { actor } } }", id=case["id"])["case"]
    assert seen == {"reporter": None, "timeline": [{"actor": None}]}
    assert superuser_db("dispatch", "SELECT reporter FROM cases WHERE id = :c",
                        c=uuid.UUID(case["id"])) == case["reporter"]


def test_likely_duplicates_and_merge(county_a, gateway_url, superuser_db):
    place, elsewhere = lay_out(county_a), lay_out(county_a)
    first = report(county_a, place, description="垃圾亭满溢")
    assert first["likelyDuplicates"] == []
    report(county_a, elsewhere, description="别处的垃圾亭")  # another compound: not a duplicate
    report(county_a, place, category="parking", description="乱停车")  # another category
    second = report(county_a, place, description="垃圾亭又满了")
    assert [d["id"] for d in second["likelyDuplicates"]] == [first["id"]]
    assert [d["id"] for d in county_a(DUPLICATES, id=first["id"])["case"]["likelyDuplicates"]] == [second["id"]]
    worker = Client(gateway_url, token("341181", "grid_worker", scope=Scope("grid", place["grid"])))
    merged = run(worker, MERGE, caseId=second["id"], intoCaseId=first["id"], note="同一垃圾亭")
    assert (merged["status"], merged["mergedInto"]) == ("merged", first["id"])
    survivor = county_a(DUPLICATES, id=first["id"])["case"]
    assert survivor["likelyDuplicates"] == []  # a merged case is no longer open
    assert [(t["action"], t["note"]) for t in survivor["timeline"]] == [("report", None),
                                                                         ("merge_in", "同一垃圾亭")]
    assert [t["action"] for t in county_a(DUPLICATES, id=second["id"])["case"]["timeline"]] == [
        "report", "merge"]
    events = superuser_db("dispatch", """SELECT string_agg(event_type, ',' ORDER BY created_at) FROM outbox
                          WHERE payload->>'case_id' = :id""", id=second["id"])
    assert events == "case.reported,case.merged,case.closed"
    assert superuser_db("dispatch", """SELECT payload->>'into_case_id' FROM outbox
                        WHERE event_type = 'case.merged' AND payload->>'case_id' = :id""",
                        id=second["id"]) == first["id"]
