"""The party member roster through the gateway: masked by default, exact search by ID number,
an audited unmasked read for county admins only, transfers with history and an event."""
from __future__ import annotations

import uuid

from shared.principal import Scope
from tests.integration.conftest import Client, token
from tests.integration.organization_ops import (
    ADD_MEMBER, BY_ID_NUMBER, MEMBERS, REVEAL, TRANSFER, add_member, create_org, small_tree,
)

TRANSFERS = "query($id: ID!) { memberTransfers(memberId: $id) { fromOrgId toOrgId reason } }"


def test_member_is_stored_encrypted_and_shown_masked(county_a, superuser_db):
    tree = small_tree(county_a)
    number = "341181198503071234"
    member = county_a(ADD_MEMBER, input={"orgId": tree["grid"], "name": "刘芳", "idNumber": number,
                                         "phone": "13800001111", "joinDate": "2012-07-01",
                                         "status": "probationary", "inService": True,
                                         "employerUnit": "市财政局"})["addPartyMember"]
    assert member["idNumberMasked"] == "341181********1234" and member["phoneMasked"] == "138****1111"
    stored = superuser_db("organization", "SELECT id_number_enc || phone_enc FROM party_members WHERE id = :i",
                          i=uuid.UUID(member["id"]))
    assert number not in stored and "13800001111" not in stored
    assert county_a(BY_ID_NUMBER, n=number)["partyMemberByIdNumber"]["id"] == member["id"]
    page = county_a(MEMBERS, org=tree["grid"], first=10, after=None)["partyMembers"]
    assert [m["id"] for m in page["items"]] == [member["id"]] and page["items"][0]["org"]["name"]
    again = county_a(ADD_MEMBER, input={"orgId": tree["community"], "name": "重复", "idNumber": number,
                                        "joinDate": "2012-07-01"})["addPartyMember"]
    assert (again["code"], again["field"]) == ("CONFLICT", "idNumber")


def test_reveal_is_audited_and_for_county_admins_only(county_a, gateway_url, superuser_db):
    tree = small_tree(county_a)
    member = add_member(county_a, tree["grid"])
    audits = "SELECT count(*) FROM member_access_audit WHERE member_id = :m"
    assert superuser_db("organization", audits, m=uuid.UUID(member["id"])) == 0
    shown = county_a(REVEAL, input={"memberId": member["id"], "reason": "组织关系核查"})["revealPartyMember"]
    assert shown["phone"] == "13912345678" and len(shown["idNumber"]) == 18
    assert superuser_db("organization", audits, m=uuid.UUID(member["id"])) == 2
    staff = Client(gateway_url, token("341181", "community_staff",
                                      scope=Scope("community", tree["community_place"])))
    denied = staff.raw(REVEAL, {"input": {"memberId": member["id"], "reason": "好奇"}}).json()
    assert denied["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert superuser_db("organization", audits, m=uuid.UUID(member["id"])) == 2
    seen = staff(MEMBERS, org=None, first=50, after=None)["partyMembers"]["items"]
    assert [m["id"] for m in seen] == [member["id"]] and seen[0]["idNumberMasked"].count("*") == 8


def test_transfer_keeps_history(county_a, superuser_db):
    tree = small_tree(county_a)
    member = add_member(county_a, tree["group"])
    other = create_org(county_a, f"第二网格党支部{uuid.uuid4().hex[:4]}", "grid_branch", tree["community"])
    same = county_a(TRANSFER, input={"memberId": member["id"], "toOrgId": tree["group"], "reason": "x"})
    assert same["transferPartyMember"]["code"] == "CONFLICT"
    moved = county_a(TRANSFER, input={"memberId": member["id"], "toOrgId": other["id"],
                                      "reason": "搬家"})["transferPartyMember"]
    assert (moved["fromOrgId"], moved["toOrgId"]) == (tree["group"], other["id"])
    history = county_a(TRANSFERS, id=member["id"])["memberTransfers"]
    assert history == [{"fromOrgId": tree["group"], "toOrgId": other["id"], "reason": "搬家"}]
    assert superuser_db("organization", "SELECT count(*) FROM outbox WHERE event_type = 'member.transferred' "
                        "AND payload::jsonb ->> 'member_id' = :m", m=member["id"]) == 1


def test_bad_member_input_writes_nothing(county_a, superuser_db):
    tree = small_tree(county_a)
    before = superuser_db("organization", "SELECT count(*) FROM party_members")
    bad = county_a(ADD_MEMBER, input={"orgId": tree["grid"], "name": "", "idNumber": "12345",
                                      "phone": "999", "joinDate": "2010-01-01", "status": "member"})
    bad = bad["addPartyMember"]
    assert bad["code"] == "VALIDATION_FAILED"
    assert {e["field"] for e in bad["fieldErrors"]} == {"name", "idNumber", "phone", "status"}
    unknown = add_member(county_a, str(uuid.uuid4()))
    assert (unknown["code"], unknown["field"]) == ("NOT_FOUND", "orgId")
    member = add_member(county_a, tree["grid"])
    nowhere = county_a(TRANSFER, input={"memberId": member["id"], "toOrgId": str(uuid.uuid4()), "reason": "x"})
    assert nowhere["transferPartyMember"]["field"] == "toOrgId"
    short = county_a(REVEAL, input={"memberId": member["id"], "reason": ""})["revealPartyMember"]
    assert short["code"] == "VALIDATION_FAILED" and short["field"] == "reason"
    assert superuser_db("organization", "SELECT count(*) FROM party_members") == before + 1
    assert superuser_db("organization", "SELECT count(*) FROM member_transfers WHERE member_id = :m",
                        m=uuid.UUID(member["id"])) == 0


def test_other_tenant_cannot_read_or_move_members(county_a, county_b, superuser_db):
    tree = small_tree(county_a)
    member = add_member(county_a, tree["grid"], name="甲县党员")
    assert member["id"] not in {m["id"] for m in county_b(MEMBERS, org=None, first=200, after=None)
                                ["partyMembers"]["items"]}
    revealed = county_b(REVEAL, input={"memberId": member["id"], "reason": "越权查看"})["revealPartyMember"]
    assert revealed["code"] == "NOT_FOUND"
    b_root = create_org(county_b, "中共乙县委员会", "county_committee")
    target = b_root["id"] if b_root["__typename"] == "PartyOrg" else str(uuid.uuid4())
    moved = county_b(TRANSFER, input={"memberId": member["id"], "toOrgId": target, "reason": "x"})
    assert moved["transferPartyMember"]["code"] == "NOT_FOUND"
    assert superuser_db("organization", "SELECT count(*) FROM member_access_audit WHERE member_id = :m",
                        m=uuid.UUID(member["id"])) == 0
    added = add_member(county_b, tree["grid"])
    assert added["code"] == "NOT_FOUND"
