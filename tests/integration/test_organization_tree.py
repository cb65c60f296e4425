"""The org tree through the gateway: build, move, refuse (CYCLE, TYPE_NOT_ALLOWED, CONFLICT,
VALIDATION_FAILED) with nothing written, dissolve into history, tenants and scopes apart."""
from __future__ import annotations

import time
import uuid

import sqlalchemy as sa
from shared.principal import Scope
from tests.integration.conftest import Client, token
from tests.integration.organization_ops import (
    APPOINT, DISSOLVE_ORG, MOVE_ORG, ORG_HISTORY, ORG_TREE, PARTY_ORG, RENAME_ORG, create_org, small_tree,
)


def count_orgs(superuser_db, **where) -> int:
    clause = " AND ".join(f"{k} = :{k}" for k in where) or "true"
    return superuser_db("organization", f"SELECT count(*) FROM orgs WHERE {clause}", **where)


def test_tree_comes_back_flat_with_parents_first(county_a):
    tree = small_tree(county_a)
    rows = county_a(ORG_TREE, d=False)["orgTree"]
    index = {row["id"]: i for i, row in enumerate(rows)}
    assert all(index[r["parentId"]] < index[r["id"]] for r in rows if r["parentId"])
    group = rows[index[tree["group"]]]
    assert (group["depth"], group["level"], group["streetId"]) == (4, "group", tree["street_place"])
    assert group["path"].count("/") == 6


def test_tree_changes_are_published_through_the_outbox(county_a, superuser_db):
    tree = small_tree(county_a)
    sent = ("SELECT count(*) FROM outbox WHERE event_type = :e AND sent_at IS NOT NULL "
            "AND payload::jsonb ->> 'org_id' = :o")
    deadline = time.monotonic() + 10
    while superuser_db("organization", sent, e="org.created", o=tree["group"]) == 0 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert superuser_db("organization", sent, e="org.created", o=tree["group"]) == 1
    county_a(DISSOLVE_ORG, input={"orgId": tree["group"], "reason": "撤并"})
    assert superuser_db("organization", "SELECT count(*) FROM outbox WHERE event_type = 'org.dissolved' "
                        "AND payload::jsonb ->> 'org_id' = :o", o=tree["group"]) == 1


def test_move_and_refusals(county_a, superuser_db):
    first, second = small_tree(county_a), small_tree(county_a)
    cycle = county_a(MOVE_ORG, input={"orgId": first["community"], "newParentId": first["group"]})["movePartyOrg"]
    assert (cycle["code"], cycle["field"]) == ("CYCLE", "newParentId")
    wrong = county_a(MOVE_ORG, input={"orgId": first["grid"], "newParentId": second["street"]})["movePartyOrg"]
    assert (wrong["code"], wrong["field"]) == ("TYPE_NOT_ALLOWED", "newParentId")
    assert count_orgs(superuser_db, parent_id=uuid.UUID(first["community"])) == 1  # nothing moved

    moved = county_a(MOVE_ORG, input={"orgId": first["grid"], "newParentId": second["community"]})["movePartyOrg"]
    assert moved["parentId"] == second["community"] and moved["communityId"] == second["community_place"]
    group = county_a(PARTY_ORG, id=first["group"])["partyOrg"]
    assert group is not None
    rows = {r["id"]: r for r in county_a(ORG_TREE, d=False)["orgTree"]}
    assert rows[first["group"]]["path"].startswith(rows[second["community"]]["path"])
    actions = [h["action"] for h in county_a(ORG_HISTORY, id=first["grid"])["orgHistory"]]
    assert actions == ["created", "moved"]


def test_type_and_duplicate_name_are_refused_in_both_languages(county_a, gateway_url, superuser_db):
    tree = small_tree(county_a)
    zh = Client(gateway_url, token("341181"), language="zh")
    wrong = create_org(zh, "错误的党委", "community_committee", tree["grid"])
    assert wrong["code"] == "TYPE_NOT_ALLOWED" and "不能" in wrong["message"]
    duplicate = create_org(county_a, "党小组重复", "party_group", tree["grid"])
    again = create_org(county_a, "党小组重复", "party_group", tree["grid"])
    assert duplicate["__typename"] == "PartyOrg" and (again["code"], again["field"]) == ("CONFLICT", "name")
    renamed = county_a(RENAME_ORG, input={"orgId": duplicate["id"],
                                          "name": county_a(PARTY_ORG, id=tree["group"])["partyOrg"]["name"]})
    assert renamed["renamePartyOrg"]["code"] == "CONFLICT"
    assert count_orgs(superuser_db, name="错误的党委") == 0
    assert count_orgs(superuser_db, name="党小组重复") == 1


def test_bad_input_names_the_field_and_writes_nothing(county_a, superuser_db):
    tree = small_tree(county_a)
    before = count_orgs(superuser_db)
    bad = create_org(county_a, "", "no_such_type", tree["grid"])
    assert bad["code"] == "VALIDATION_FAILED"
    assert {e["field"] for e in bad["fieldErrors"]} == {"name", "type"}
    unknown = create_org(county_a, "x", "party_group", str(uuid.uuid4()))
    assert (unknown["code"], unknown["field"]) == ("NOT_FOUND", "parentId")
    malformed = county_a(MOVE_ORG, input={"orgId": "nope", "newParentId": tree["grid"]})["movePartyOrg"]
    assert (malformed["code"], malformed["field"]) == ("VALIDATION_FAILED", "orgId")
    reason = county_a(DISSOLVE_ORG, input={"orgId": tree["group"], "reason": ""})["dissolvePartyOrg"]
    assert reason["code"] == "VALIDATION_FAILED" and reason["field"] == "reason"
    assert count_orgs(superuser_db) == before


def test_dissolve_keeps_the_org_in_history(county_a, superuser_db):
    tree = small_tree(county_a)
    busy = county_a(DISSOLVE_ORG, input={"orgId": tree["grid"], "reason": "撤并"})["dissolvePartyOrg"]
    assert busy["code"] == "CONFLICT"
    done = county_a(DISSOLVE_ORG, input={"orgId": tree["group"], "reason": "楼栋拆迁"})["dissolvePartyOrg"]
    assert done["status"] == "dissolved" and done["dissolvedAt"]
    assert tree["group"] not in {r["id"] for r in county_a(ORG_TREE, d=False)["orgTree"]}
    assert tree["group"] in {r["id"] for r in county_a(ORG_TREE, d=True)["orgTree"]}
    assert count_orgs(superuser_db, id=uuid.UUID(tree["group"]), status="dissolved") == 1
    history = county_a(ORG_HISTORY, id=tree["group"])["orgHistory"]
    assert history[-1]["action"] == "dissolved" and history[-1]["before"]["reason"] == "楼栋拆迁"


def test_officers_with_terms(county_a):
    tree = small_tree(county_a)
    first = county_a(APPOINT, input={"orgId": tree["community"], "name": "王建国", "role": "secretary",
                                     "termStart": "2021-06-01"})["appointOfficer"]
    assert first["__typename"] == "Officer" and first["termEnd"] is None
    clash = county_a(APPOINT, input={"orgId": tree["community"], "name": "李红", "role": "secretary",
                                     "termStart": "2024-01-01"})["appointOfficer"]
    assert (clash["code"], clash["field"]) == ("CONFLICT", "termStart")
    ended = county_a("mutation($id: ID!) { endOfficerTerm(officerId: $id, termEnd: \"2023-12-31\") "
                     "{ __typename ... on Officer { termEnd } } }", id=first["id"])["endOfficerTerm"]
    assert ended["termEnd"] == "2023-12-31"
    county_a(APPOINT, input={"orgId": tree["community"], "name": "李红", "role": "secretary",
                             "termStart": "2024-01-01"})
    county_a(APPOINT, input={"orgId": tree["community"], "name": "赵敏", "role": "member",
                             "termStart": "2024-01-01", "termEnd": "2028-12-31"})
    backwards = county_a(APPOINT, input={"orgId": tree["community"], "name": "钱", "role": "member",
                                         "termStart": "2024-01-01", "termEnd": "2020-01-01"})["appointOfficer"]
    assert (backwards["code"], backwards["field"]) == ("VALIDATION_FAILED", "termEnd")
    officers = county_a(PARTY_ORG, id=tree["community"])["partyOrg"]["officers"]
    assert [(o["name"], o["role"]) for o in officers][:2] == [("李红", "secretary"), ("赵敏", "member")]


def test_other_tenant_and_narrow_scope_see_nothing(county_a, county_b, gateway_url, superuser_db):
    tree = small_tree(county_a)
    assert county_b(PARTY_ORG, id=tree["street"])["partyOrg"] is None
    assert tree["street"] not in {r["id"] for r in county_b(ORG_TREE, d=False)["orgTree"]}
    refused = create_org(county_b, "越权党小组", "party_group", tree["grid"])
    assert (refused["code"], refused["field"]) == ("NOT_FOUND", "parentId")
    moved = county_b(MOVE_ORG, input={"orgId": tree["grid"], "newParentId": tree["community"]})["movePartyOrg"]
    assert moved["code"] == "NOT_FOUND"
    assert count_orgs(superuser_db, name="越权党小组") == 0
    community = Client(gateway_url, token("341181", "community_staff",
                                          scope=Scope("community", tree["community_place"])))
    seen = [r["id"] for r in community(ORG_TREE, d=False)["orgTree"]]
    assert seen == [tree["community"], tree["grid"], tree["group"]]
    denied = community.raw("mutation($i: CreatePartyOrgInput!) { createPartyOrg(input: $i) { __typename } }",
                           {"i": {"name": "x", "type": "party_group", "parentId": tree["grid"]}}).json()
    assert denied["errors"][0]["extensions"]["code"] == "FORBIDDEN"


def test_app_role_without_tenant_sees_no_organization_rows(county_a, pg_urls, superuser_db):
    small_tree(county_a)
    assert superuser_db("organization", "SELECT count(*) FROM orgs") > 0
    tables = ("orgs", "org_history", "org_officers", "party_members", "member_access_audit", "member_transfers",
              "registrations", "meetings", "meeting_decisions", "star_plans", "member_units", "committee_projects",
              "deliberations", "deliberation_steps", "member_service_records")
    engine = sa.create_engine(pg_urls["app"].replace("{service}", "organization"))
    try:
        with engine.connect() as conn:
            for table in tables:
                assert conn.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one() == 0, table
            rls = conn.execute(sa.text("SELECT count(*) FROM pg_class WHERE relname = ANY(:t) "
                                       "AND relrowsecurity AND relforcerowsecurity"), {"t": list(tables)}).scalar_one()
            assert rls == len(tables)
    finally:
        engine.dispose()


def test_thousand_org_tree_fetch_time(gateway_url, pg_urls):
    """Measured, not asserted: 1,000 orgs in a tenant of their own, fetched in one call."""
    tenant = "341299"
    client = Client(gateway_url, token(tenant))
    root = uuid.uuid4()
    rows = [{"t": tenant, "id": root, "p": None, "n": "县委", "ty": "county_committee", "l": "committee",
             "path": f"/{root.hex}/", "d": 0}]
    for s in range(9):
        street = uuid.uuid4()
        rows.append({"t": tenant, "id": street, "p": root, "n": f"街道{s}", "ty": "street_working_committee",
                     "l": "working_committee", "path": f"/{root.hex}/{street.hex}/", "d": 1})
        for g in range(110):
            child = uuid.uuid4()
            rows.append({"t": tenant, "id": child, "p": street, "n": f"社区{g}", "ty": "community_committee",
                         "l": "committee", "path": f"/{root.hex}/{street.hex}/{child.hex}/", "d": 2})
    engine = sa.create_engine(pg_urls["superuser"].replace("{service}", "organization"))
    with engine.begin() as conn:  # inserted directly: 1,000 create calls would only measure writes
        conn.execute(sa.text("INSERT INTO orgs (tenant_id, id, parent_id, name, type, level, status, path, "
                             "depth, created_at) VALUES (:t, :id, :p, :n, :ty, :l, 'active', :path, :d, now())"),
                     rows)
    engine.dispose()
    client(ORG_TREE, d=False)  # warm the connection
    started = time.perf_counter()
    fetched = client(ORG_TREE, d=False)["orgTree"]
    elapsed = time.perf_counter() - started
    print(f"\nORG TREE FETCH through the gateway: {len(fetched)} orgs in {elapsed * 1000:.0f} ms")
    assert len(fetched) == len(rows) == 1000
