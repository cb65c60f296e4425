"""Every sheet download of the party organization system is in the auditors' trail (PARTY_MEMBERS),
masked or not: one hash-chained entry a page, with who, the export's id, its reason, rows and
filters; the chain still holds."""
from __future__ import annotations

import json
import re
import uuid

from tests.integration.conftest import Client, token
from tests.integration.organization_ops import add_member, small_tree
from tests.integration.test_grid_helpers import login
from tests.integration.test_grid_sheets import export

AUDIT_LOG = """query($subject: String) { auditLog(trail: PARTY_MEMBERS, first: 20, subject: $subject) {
  edges { node { seq subject action field recordId reason hash } } } }"""
CHAIN = "{ auditChain(trail: PARTY_MEMBERS) { entries intact brokenAt reason } }"
HEAD = re.compile(r"^export ([0-9a-f-]{36}): (.*); (\d+) rows; filters (.*)$")


def test_masked_member_and_org_exports_are_chained_entries(county_a, gateway_url):
    tree = small_tree(county_a)
    for name in ("张三", "李四"):
        assert add_member(county_a, tree["grid"], name)["__typename"] == "PartyMember"
    staff = f"exporter-{uuid.uuid4().hex[:6]}"
    bearer = login(staff, "county_admin")
    header, members = export(gateway_url, "party-members", bearer=bearer, orgId=tree["grid"])
    assert len(members) == 2 and all("*" in r[header.index("身份证号")] for r in members)  # masked
    header, orgs = export(gateway_url, "party-orgs", bearer=bearer, type="grid_branch", reason="季度核对")
    assert tree["grid"] in [r[header.index("党组织编号")] for r in orgs]

    auditor = Client(gateway_url, token("341181", "auditor"))
    nodes = [e["node"] for e in auditor(AUDIT_LOG, subject=staff)["auditLog"]["edges"]]
    assert {(n["subject"], n["action"]) for n in nodes} == {(staff, "export")}
    by_field: dict[str, list[dict]] = {}
    for n in nodes:  # newest first
        by_field.setdefault(n["field"], []).append(n)
    assert set(by_field) == {"sheet:members", "sheet:orgs"}
    (member_page,) = by_field["sheet:members"]  # masked: no entry per value, one for the page
    ident, why, rows, filters = HEAD.match(member_page["reason"]).groups()
    assert (member_page["recordId"], why, int(rows), json.loads(filters)) == (ident, "sheet", 2,
                                                                              {"orgId": tree["grid"]})
    org_pages = by_field["sheet:orgs"]
    heads = [HEAD.match(n["reason"]).groups() for n in org_pages]
    assert {(h[0], h[1], h[3]) for h in heads} == {(org_pages[0]["recordId"], "季度核对",
                                                   '{"type":"grid_branch"}')}
    assert sum(int(h[2]) for h in heads) == len(orgs) and org_pages[0]["recordId"] != ident
    assert max(n["seq"] for n in by_field["sheet:members"]) < min(n["seq"] for n in org_pages)
    check = auditor(CHAIN)["auditChain"]
    assert check["intact"] and check["brokenAt"] is None and check["entries"] >= 2
