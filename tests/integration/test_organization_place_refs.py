"""The organization service stores street, community and grid ids only of the caller's own county
(issue 10): an org, a member's residence community, a dual registration, a unit pairing and the org
roster import naming another county's place (or an unknown one) are refused NOT_FOUND naming the
field (the sheet's column), and nothing is written; the county's own places are accepted."""
from __future__ import annotations

import uuid

from tests.integration.organization_ops import add_member, create_org, root_org, small_tree
from tests.integration.territory_ops import lay_out
from tests.integration.test_grid_sheets import xlsx
from tests.integration.test_organization_dual import PAIR, REGISTER
from tests.integration.test_organization_sheets import ORG_HEADER, post_orgs

ORGS = "SELECT count(*) FROM orgs WHERE tenant_id = '341181'"
MEMBERS = "SELECT count(*) FROM party_members WHERE tenant_id = '341181'"
REGISTRATIONS = "SELECT count(*) FROM registrations WHERE tenant_id = '341181'"


def refused(result: dict, field: str, code: str = "NOT_FOUND") -> None:
    assert result["__typename"] == "OperationError" and (result["code"], result["field"]) == (code, field), result


def test_orgs_take_only_their_own_countys_places(county_a, county_b, superuser_db):
    tree, mine, theirs = small_tree(county_a), lay_out(county_a), lay_out(county_b)
    label, county = uuid.uuid4().hex[:6], root_org(county_a)
    where = {"streetId": ("street_working_committee", county, "street"),
             "communityId": ("community_committee", tree["street"], "community"),
             "gridId": ("grid_branch", tree["community"], "grid")}
    before = superuser_db("organization", ORGS)
    for field, (org_type, parent, key) in where.items():
        for place in (theirs[key], str(uuid.uuid4())):  # another county's, and one nobody has
            refused(create_org(county_a, f"外县{key}{label}", org_type, parent, **{field: place}), field)
    # a community of this county given with a street it does not lie in
    refused(create_org(county_a, f"错街道{label}", "street_working_committee", county, streetId=tree["street_place"],
                       communityId=mine["community"]), "communityId", "CONFLICT")
    assert superuser_db("organization", ORGS) == before

    street = create_org(county_a, f"本县街道党工委{label}", "street_working_committee", county, streetId=mine["street"])
    community = create_org(county_a, f"本县社区党委{label}", "community_committee", street["id"],
                           communityId=mine["community"])
    grid = create_org(county_a, f"本县网格党支部{label}", "grid_branch", community["id"], gridId=mine["grid"])
    assert (street["streetId"], community["communityId"], grid["gridId"]) == (mine["street"], mine["community"],
                                                                            mine["grid"])
    assert grid["streetId"] == mine["street"] and grid["communityId"] == mine["community"]  # inherited
    assert superuser_db("organization", ORGS) == before + 3


def test_members_registrations_and_pairings_take_only_their_own_countys_communities(county_a, county_b,
                                                                                   superuser_db):
    tree, theirs = small_tree(county_a), lay_out(county_b)
    agency = create_org(county_a, f"市财政局机关党委{uuid.uuid4().hex[:4]}", "agency", tree["county"],
                        level="committee")
    assert agency["__typename"] == "PartyOrg", agency
    members, registrations = superuser_db("organization", MEMBERS), superuser_db("organization", REGISTRATIONS)

    refused(add_member(county_a, agency["id"], inService=True, residenceCommunityId=theirs["community"]),
            "residenceCommunityId")
    assert superuser_db("organization", MEMBERS) == members
    member = add_member(county_a, agency["id"], inService=True, residenceCommunityId=tree["community_place"])
    assert member["__typename"] == "PartyMember", member
    assert superuser_db("organization", MEMBERS) == members + 1

    for community in (theirs["community"], str(uuid.uuid4())):
        refused(county_a(REGISTER, input={"memberId": member["id"], "communityId": community, "duties": "楼栋议事员",
                                          "pledge": "每月服务两次"})["registerWithCommunity"], "communityId")
        refused(county_a(PAIR, input={"orgId": agency["id"], "communityId": community,
                                      "pledge": "认领需求清单"})["pairUnitWithCommunity"], "communityId")
    assert superuser_db("organization", REGISTRATIONS) == registrations

    made = county_a(REGISTER, input={"memberId": member["id"], "communityId": tree["community_place"],
                                     "duties": "楼栋议事员", "pledge": "每月服务两次"})["registerWithCommunity"]
    assert made["communityId"] == tree["community_place"], made
    paired = county_a(PAIR, input={"orgId": agency["id"], "communityId": tree["community_place"],
                                   "pledge": "认领需求清单"})["pairUnitWithCommunity"]
    assert paired["communityId"] == tree["community_place"], paired
    assert superuser_db("organization", REGISTRATIONS) == registrations + 2


def test_org_import_refuses_another_countys_places_per_row(county_a, county_b, gateway_url, superuser_db):
    tree, mine, theirs = small_tree(county_a), lay_out(county_a), lay_out(county_b)
    label, county = uuid.uuid4().hex[:6], root_org(county_a)

    def rows(street, community, grid, wrong_street):
        return [[None, f"导入街道党工委{label}", "街道党工委", None, None, county, None, street, None, None],
                [None, f"导入社区党委{label}", "社区党委", None, None, tree["street"], None, None, community, None],
                [None, f"导入网格党支部{label}", "网格党支部", None, None, tree["community"], None, None, None, grid],
                [None, f"导入社区党总支{label}", "社区党总支", None, None, tree["street"], None, wrong_street,
                 tree["community_place"], None]]

    before = superuser_db("organization", ORGS)
    bad = rows(theirs["street"], theirs["community"], theirs["grid"], mine["street"])
    for params in ({"dryRun": "true"}, {}):
        report = post_orgs(gateway_url, xlsx(ORG_HEADER, bad), **params)
        assert (report["rows"], report["accepted"], report["rejected"]) == (4, 0, 4), report
        assert {(e["row"], e["field"], e["code"]) for e in report["errors"]} == {
            (2, "street_id", "NOT_FOUND"), (3, "community_id", "NOT_FOUND"), (4, "grid_id", "NOT_FOUND"),
            (5, "community_id", "CONFLICT")}, report
        assert all(e["message"] and e["message_zh"] for e in report["errors"])
        assert superuser_db("organization", ORGS) == before

    good = rows(mine["street"], mine["community"], mine["grid"], tree["street_place"])
    done = post_orgs(gateway_url, xlsx(ORG_HEADER, good))
    assert (done["accepted"], done["rejected"]) == (4, 0), done
    assert superuser_db("organization", ORGS) == before + 4
