"""Two-way lists (双向清单) through the gateway: a community posts a need, a member unit claims it
from its resources list, delivers, the community closes and rates it, the party org checks the
effect; joint-meeting decisions (organization's meeting.decision_made) arrive as tracked needs,
once each."""
from __future__ import annotations

import uuid

from shared.principal import Scope
from tests.integration.conftest import Client, token
from tests.integration.dispatch_ops import ERROR, wait_for
from tests.integration.organization_ops import create_org, root_org, small_tree
from tests.integration.territory_ops import CREATE_COMMUNITY, created, lay_out
from tests.integration.test_organization_meetings import HOLD, meeting

NEED = "id status title source unitName unitOrgId resourceId rating effect decisionId timeline { action toStatus }"
POST = f"""mutation($input: PostNeedInput!) {{ postNeed(input: $input) {{ __typename
  ... on CommunityNeed {{ {NEED} }} {ERROR} }} }}"""
STEP = f"""mutation($action: NeedAction!, $input: NeedStepInput!) {{ needStep(action: $action, input: $input) {{
  __typename ... on CommunityNeed {{ {NEED} }} {ERROR} }} }}"""
OFFER = f"""mutation($input: OfferResourceInput!) {{ offerResource(input: $input) {{ __typename
  ... on UnitResource {{ id unitName title }} {ERROR} }} }}"""
NEEDS = """query($filter: WorkFilter, $after: String) { communityNeeds(first: 2, after: $after, filter: $filter) {
  edges { node { id status source unitName decisionId } } pageInfo { hasNextPage endCursor } } }"""


def unit_orgs(client, place: dict, n: int) -> list[str]:
    """Member units' party orgs (驻区单位) in the place's community: real orgs of the county, in
    the community staff's scope."""
    label = uuid.uuid4().hex[:6]
    street = created(create_org(client, f"街道党工委{label}", "street_working_committee",
                                root_org(client), streetId=place["street"]), "PartyOrg")
    community = created(create_org(client, f"社区党委{label}", "community_committee", street["id"],
                                   communityId=place["community"]), "PartyOrg")
    return [created(create_org(client, f"驻区单位党支部{label}{i}", "private_firm", community["id"]),
                    "PartyOrg")["id"] for i in range(n)]


def test_need_loop_from_posting_to_checking(county_a, gateway_url, superuser_db):
    place = lay_out(county_a)
    street, community = place["street"], place["community"]
    unit, other_unit = unit_orgs(county_a, place, 2)
    staff = Client(gateway_url, token("341181", "community_staff", scope=Scope("community", community)))
    resource = staff(OFFER, input={"unitOrgId": unit, "unitName": "县供电公司党支部",
                                   "title": "电工志愿服务队", "communityId": community,
                                   "streetId": street})["offerResource"]
    need = staff(POST, input={"streetId": street, "communityId": community,
                              "title": "老旧小区线路检修", "dueDate": "2026-12-31"})["postNeed"]
    nid = need["id"]
    assert (need["status"], need["source"]) == ("posted", "community")
    early = staff(STEP, action="CLOSE", input={"needId": nid, "rating": "SATISFIED"})["needStep"]
    assert (early["code"], early["field"]) == ("ILLEGAL_TRANSITION", "needId")
    assert "claim, withdraw" in early["message"]
    wrong = staff(STEP, action="CLAIM", input={"needId": nid, "unitOrgId": other_unit,
                                               "unitName": "别的单位", "resourceId": resource["id"]})["needStep"]
    assert (wrong["code"], wrong["field"]) == ("NOT_FOUND", "resourceId")
    claimed = staff(STEP, action="CLAIM", input={"needId": nid, "unitOrgId": unit,
                                                 "unitName": "县供电公司党支部",
                                                 "resourceId": resource["id"]})["needStep"]
    assert (claimed["status"], claimed["unitName"], claimed["resourceId"]) == (
        "claimed", "县供电公司党支部", resource["id"])
    staff(STEP, action="DELIVER", input={"needId": nid, "note": "更换老化线路120米"})
    closed = staff(STEP, action="CLOSE", input={"needId": nid, "rating": "SATISFIED"})["needStep"]
    assert (closed["status"], closed["rating"]) == ("closed", "SATISFIED")
    no_effect = staff(STEP, action="CHECK", input={"needId": nid})["needStep"]
    assert (no_effect["code"], no_effect["field"]) == ("VALIDATION_FAILED", "effect")
    checked = county_a(STEP, action="CHECK", input={"needId": nid, "effect": "EFFECTIVE"})["needStep"]
    assert (checked["status"], checked["effect"]) == ("checked", "effective")
    assert [t["action"] for t in checked["timeline"]] == ["post", "claim", "deliver", "close", "check"]
    neighbour = created(county_a(CREATE_COMMUNITY, streetId=street, name=f"社区{uuid.uuid4().hex[:6]}")
                        ["createCommunity"], "Community")  # a real community outside the staff's
    outside = {"input": {"streetId": street, "communityId": neighbour["id"], "title": "x"}}
    assert staff.raw(POST, outside).json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"


def test_meeting_decisions_become_tracked_needs_once(county_a, superuser_db):
    tree = small_tree(county_a)
    held = county_a(HOLD, input=meeting(tree["street"]))["holdJointMeeting"]
    decisions = {d["id"]: d for d in held["decisions"]}

    def arrived():
        edges, after = [], None
        while True:
            page = county_a(NEEDS, after=after, filter={"status": ["claimed"]})["communityNeeds"]
            edges += [e["node"] for e in page["edges"] if e["node"]["decisionId"] in decisions]
            if not page["pageInfo"]["hasNextPage"]:
                return edges if len(edges) == len(decisions) else None
            after = page["pageInfo"]["endCursor"]

    needs = wait_for(arrived, 30, "the decisions as needs")
    assert {(n["source"], n["unitName"]) for n in needs} == {("meeting", "住建局"), ("meeting", "城管局")}
    assert superuser_db("dispatch", "SELECT count(*) FROM work_items WHERE source_ref = ANY(:refs)",
                        refs=[f"meeting:{d}" for d in decisions]) == 2
