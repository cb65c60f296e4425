"""The audit trail through the gateway on PostgreSQL: every unmasked read lands in it with who,
what and why; only auditors read it, only their county's; the chain check and `civicgrid audit
verify` catch an entry changed behind the platform's back."""
from __future__ import annotations

import subprocess
import sys
import uuid

import pytest

from tests.integration.conftest import Client, token
from tests.integration.test_grid_helpers import lay_out_building, login, resident
from tests.support import ROOT

RESIDENTS = """query($gridId: ID) { residents(first: 10, gridId: $gridId, unmasked: true,
  reason: "入户核实") { edges { node { id idNumber } } } }"""
AUDIT_LOG = """query($after: String, $subject: String) { auditLog(trail: RESIDENTS, first: 3,
  after: $after, subject: $subject) { edges { cursor node { seq subject action field recordId
  reason hash } } pageInfo { hasNextPage endCursor } } }"""
CHAIN = "{ auditChain(trail: RESIDENTS) { entries intact brokenAt reason head } }"

# the shared platform may be migrated and started inside the first test
pytestmark = pytest.mark.timeout(900)


def test_unmasked_reads_are_in_the_auditors_log(county_a, gateway_url):
    place = lay_out_building(county_a)
    made = resident(county_a, place)
    staff = f"staff-{uuid.uuid4().hex[:6]}"
    reader = Client(gateway_url, login(staff, "county_admin"))
    reader(RESIDENTS, gridId=place["grid"])
    auditor = Client(gateway_url, token("341181", "auditor"))
    edges = auditor(AUDIT_LOG, subject=staff)["auditLog"]["edges"]
    assert sorted((e["node"]["field"], e["node"]["recordId"], e["node"]["reason"], e["node"]["action"])
                  for e in edges) == [("idNumber", made["id"], "入户核实", "unmask"),
                                      ("phone", made["id"], "入户核实", "unmask")]
    seqs = [e["node"]["seq"] for e in edges]
    assert seqs == sorted(seqs, reverse=True) and len({e["node"]["hash"] for e in edges}) == 2
    # pages: newest first, the cursor is the last seq seen
    first = auditor(AUDIT_LOG)["auditLog"]
    assert first["pageInfo"]["hasNextPage"] or len(first["edges"]) <= 3
    if first["pageInfo"]["hasNextPage"]:
        nxt = auditor(AUDIT_LOG, after=first["pageInfo"]["endCursor"])["auditLog"]["edges"]
        assert max(e["node"]["seq"] for e in nxt) < min(e["node"]["seq"] for e in first["edges"])
    check = auditor(CHAIN)["auditChain"]
    assert check["intact"] and check["entries"] >= 2 and check["brokenAt"] is None


def test_only_auditors_and_only_their_county(county_a, gateway_url):
    refused = county_a.raw(AUDIT_LOG, {}).json()
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    other = Client(gateway_url, token("341102", "auditor"))
    assert other(AUDIT_LOG)["auditLog"]["edges"] == []
    bad = Client(gateway_url, token("341181", "auditor")).raw(AUDIT_LOG, {"after": "x' OR 1=1"}).json()
    assert bad["errors"][0]["extensions"]["code"] == "VALIDATION_FAILED"
    assert bad["errors"][0]["extensions"]["field"] == "after"


def test_tampering_is_detected_by_the_chain_check_and_the_cli(county_a, gateway_url, superuser_db,
                                                               platform_env):
    tenant = "341183"  # a county of this test's own: the tampering must not break other tests
    admin = Client(gateway_url, token(tenant, "county_admin"))
    place = lay_out_building(admin)
    resident(admin, place)
    admin(RESIDENTS, gridId=place["grid"])
    admin(RESIDENTS, gridId=place["grid"])
    auditor = Client(gateway_url, token(tenant, "auditor"))
    assert auditor(CHAIN)["auditChain"]["intact"]
    cli = [sys.executable, "-m", "gateway.cli", "audit", "verify", "--tenant", tenant, "--service", "grid"]
    ok = subprocess.run(cli, cwd=ROOT, env=platform_env, capture_output=True, text=True, timeout=60, check=False)
    assert ok.returncode == 0 and "chain intact" in ok.stdout, ok.stderr
    # a superuser hides what was read: the append-only trigger has to be switched off first
    superuser_db("grid", "ALTER TABLE resident_access_audit DISABLE TRIGGER resident_access_audit_append_only")
    try:
        superuser_db("grid", "UPDATE resident_access_audit SET reason = '例行' WHERE tenant_id = :t AND seq = 3",
                     t=tenant)
    finally:
        superuser_db("grid", "ALTER TABLE resident_access_audit ENABLE TRIGGER resident_access_audit_append_only")
    check = auditor(CHAIN)["auditChain"]
    assert (check["intact"], check["brokenAt"]) == (False, 3) and "changed" in check["reason"]
    bad = subprocess.run(cli, cwd=ROOT, env=platform_env, capture_output=True, text=True, timeout=60, check=False)
    assert bad.returncode == 1 and "TAMPERED at seq 3" in bad.stdout


def test_the_app_role_cannot_rewrite_the_trail(county_a, pg_urls):
    import sqlalchemy as sa

    place = lay_out_building(county_a)
    resident(county_a, place)
    county_a(RESIDENTS, gridId=place["grid"])
    engine = sa.create_engine(pg_urls["app"].replace("{service}", "grid"))
    try:
        with engine.connect() as conn:
            for sql in ("UPDATE resident_access_audit SET reason = 'x'", "DELETE FROM resident_access_audit"):
                conn.execute(sa.text("SELECT set_config('app.tenant_id', '341181', true)"))
                assert conn.execute(sa.text("SELECT count(*) FROM resident_access_audit")).scalar_one() > 0
                try:
                    conn.execute(sa.text(sql))
                except sa.exc.DatabaseError as exc:
                    assert "append-only" in str(exc)
                    conn.rollback()
                else:
                    raise AssertionError(f"{sql} was allowed")
    finally:
        engine.dispose()
