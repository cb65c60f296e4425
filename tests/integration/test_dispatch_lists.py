"""The case list as a Relay connection: filters (status, level, category, period, place),
stable cursors across pages, the scope of the caller, bad pages refused."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from shared.principal import Scope
from tests.integration.conftest import Client, token
from tests.integration.dispatch_ops import ACCEPT, ESCALATE, report, run
from tests.integration.territory_ops import lay_out

CASES = """query($first: Int!, $after: String, $filter: CaseFilter) {
  cases(first: $first, after: $after, filter: $filter) {
    edges { cursor node { id status level category } } pageInfo { hasNextPage endCursor } } }"""


def all_pages(client, first: int, **filter_) -> list[dict]:
    nodes, after = [], None
    while True:
        page = client(CASES, first=first, after=after, filter=filter_)["cases"]
        nodes += [e["node"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            return nodes
        after = page["pageInfo"]["endCursor"]


def test_case_list_filters_and_pages(county_a, gateway_url):
    place = lay_out(county_a)
    ids = [report(county_a, place["grid"], category=c) for c in ("parking", "parking", "dispute", "parking")]
    run(county_a, ACCEPT, caseId=ids[1])
    run(county_a, ACCEPT, caseId=ids[2])
    run(county_a, ESCALATE, caseId=ids[2])
    mine = all_pages(county_a, 2, gridId=place["grid"])
    assert [n["id"] for n in mine] == ids[::-1]  # newest first, across pages of two
    parking = all_pages(county_a, 1, gridId=place["grid"], category="parking", status=["reported"])
    assert [n["id"] for n in parking] == [ids[3], ids[0]]
    escalated = all_pages(county_a, 10, gridId=place["grid"], level="COMMUNITY")
    assert [(n["id"], n["status"]) for n in escalated] == [(ids[2], "escalated")]
    future = (datetime.now(timezone.utc) + timedelta(days=1)).isoformat()
    assert all_pages(county_a, 10, gridId=place["grid"], since=future) == []
    assert len(all_pages(county_a, 10, communityId=place["community"], until=future)) == 4
    other = lay_out(county_a)
    worker = Client(gateway_url, token("341181", "grid_worker", scope=Scope("grid", other["grid"])))
    assert all_pages(worker, 10, gridId=place["grid"]) == []
    assert all_pages(Client(gateway_url, token("341102")), 10, gridId=place["grid"]) == []


def test_bad_pages_are_refused(county_a):
    for variables, field in (({"first": 0}, "first"), ({"first": 101}, "first"),
                             ({"first": 5, "after": "nonsense"}, "after")):
        body = county_a.raw(CASES, variables).json()
        assert body["errors"][0]["extensions"]["field"] == field, body
