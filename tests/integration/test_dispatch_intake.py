"""Intake through the gateway on RabbitMQ + PostgreSQL: evidence with content hashes (validated,
on the report and on later steps), the exact place, anonymous reporters, likely duplicates on
report and by query, merging a duplicate (timeline on both cases, case.merged), and reports
stored once per client request id (幂等键), per county, also when two deliveries race."""
from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor

from services.dispatch import intake
from services.dispatch.models import outbox
from shared.contracts.dispatch import CaseIn
from shared.contracts.validation import validate
from shared.db import make_engine, open_tenant_session, tenant_sessionmaker
from shared.outbox import record_event
from shared.principal import Scope
from tests.integration.conftest import Client, token
from tests.integration.dispatch_ops import (
    ACCEPT,
    MERGE,
    REPORT,
    RESOLVE,
    file_ref,
    run,
    wait_for,
)
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
    case = report(resident, place, anonymous=True, evidence=[file_ref(b"\xff\xd8 anonymous photo")])
    assert case["anonymous"] is True and case["reporter"] is not None  # the reporter sees themselves
    whose = "query($id: ID!) { case(id: $id) { reporter timeline { actor } evidence { addedBy } } }"
    seen = county_a(whose, id=case["id"])["case"]
    assert seen == {"reporter": None, "timeline": [{"actor": None}], "evidence": [{"addedBy": None}]}
    own = resident(whose, id=case["id"])["case"]  # the reporter still sees their own login
    assert own["evidence"] == [{"addedBy": case["reporter"]}] and own["reporter"] == case["reporter"]
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


# ---- idempotency key (幂等键) ------------------------------------------------------------------
KEYED = "SELECT count(*) FROM cases WHERE client_request_id = :k"
EVENTS = "SELECT count(*) FROM outbox WHERE event_type = 'case.reported' AND payload->>'case_id' = :c"


def test_same_client_request_id_twice_stores_one_case(county_a, superuser_db):
    place = lay_out(county_a)
    key = str(uuid.uuid4())
    first = report(county_a, place, description="路灯不亮", clientRequestId=key)
    again = report(county_a, place, description="路灯不亮", clientRequestId=key)
    assert (first["__typename"], again["__typename"]) == ("Case", "Case"), (first, again)
    assert again["id"] == first["id"]
    assert superuser_db("dispatch", KEYED, k=key) == 1
    assert superuser_db("dispatch", EVENTS, c=first["id"]) == 1
    # without a key each call is its own report (the gateway makes one key per call)
    plain = [report(county_a, place, description="路灯不亮")["id"] for _ in range(2)]
    assert len({*plain, first["id"]}) == 3


def test_client_request_id_reused_for_another_report_is_a_conflict(county_a, gateway_url,
                                                                   superuser_db):
    place = lay_out(county_a)
    key = str(uuid.uuid4())
    case = report(county_a, place, description="井盖缺失", clientRequestId=key)
    before = superuser_db("dispatch", "SELECT count(*) FROM cases")
    other_reporter = Client(gateway_url, token("341181", "county_admin"))
    for client, fields in [(county_a, {"description": "井盖又缺失"}),
                           (county_a, {"description": "井盖缺失", "category": "safety"}),
                           (other_reporter, {"description": "井盖缺失"})]:
        refused = report(client, place, clientRequestId=key, **fields)
        assert (refused["__typename"], refused["code"], refused["field"]) == (
            "OperationError", "CONFLICT", "clientRequestId"), (fields, refused)
        assert "clientRequestId" in refused["message"]
    assert superuser_db("dispatch", "SELECT count(*) FROM cases") == before
    assert report(county_a, place, description="井盖缺失", clientRequestId=key)["id"] == case["id"]
    for bad in ["", "has space", "k" * 65]:
        refused = report(county_a, place, clientRequestId=bad)
        assert (refused["code"], refused["field"]) == ("VALIDATION_FAILED", "clientRequestId"), bad


def test_client_request_id_is_scoped_to_the_county(county_a, county_b, superuser_db):
    key = str(uuid.uuid4())
    in_a = report(county_a, lay_out(county_a), description="占道经营", clientRequestId=key)
    in_b = report(county_b, lay_out(county_b), description="占道经营", clientRequestId=key)
    assert (in_a["__typename"], in_b["__typename"]) == ("Case", "Case"), (in_a, in_b)
    assert in_b["id"] != in_a["id"]
    assert superuser_db("dispatch", KEYED, k=key) == 2
    assert superuser_db("dispatch", "SELECT tenant_id FROM cases WHERE id = :c",
                        c=uuid.UUID(in_b["id"])) == "341102"


def test_two_deliveries_racing_with_one_key_store_one_case(county_a, pg_urls, superuser_db):
    """The second insert waits on the first's unique key, fails when it commits, and answers the
    first's case: one case, one event."""
    laid = lay_out(county_a)
    place = {"street_id": laid["street"], "community_id": laid["community"]}
    data = validate(CaseIn, {"grid_id": laid["grid"], "category": "parking",
                             "description": "同时送达两次", "client_request_id": str(uuid.uuid4())})
    engine = make_engine(pg_urls["app"].replace("{service}", "dispatch"))
    factory = tenant_sessionmaker(engine)

    def deliver(session):
        return intake.report(session, lambda s, t, p: record_event(s, outbox, t, p), data, place,
                             "race-reporter")

    def second_delivery():
        with open_tenant_session(factory, "341181") as session, session.begin():
            return deliver(session).id

    waiting = """SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()
                 AND wait_event_type = 'Lock' AND query LIKE 'INSERT INTO cases%'"""
    try:
        with open_tenant_session(factory, "341181") as first, ThreadPoolExecutor(1) as pool:
            with first.begin():
                stored = deliver(first)  # flushed: the key is taken, not yet committed
                second = pool.submit(second_delivery)
                wait_for(lambda: second.done() or superuser_db("dispatch", waiting),
                         what="the second delivery to wait on the key")
            answered = second.result()
    finally:
        engine.dispose()
    assert answered == stored.id
    assert superuser_db("dispatch", KEYED, k=data.client_request_id) == 1
    assert superuser_db("dispatch", EVENTS, c=str(stored.id)) == 1
