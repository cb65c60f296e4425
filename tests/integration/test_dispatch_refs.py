"""Another county's ids are never accepted (issue 10): every id of another service's object a
dispatch write stores — street, community, compound (grid service), party org and party member
(organization service) — is refused through the gateway with NOT_FOUND naming the input field
when it belongs to county B, and nothing is written; county A's own ids are accepted."""
from __future__ import annotations

import uuid

from tests.integration.dispatch_ops import ACCEPT, REPORT, RESOLVE, file_ref, report, run
from tests.integration.organization_ops import add_member, create_org, root_org
from tests.integration.territory_ops import CREATE_GRID, created, lay_out
from tests.integration.test_dispatch_needs import OFFER, POST
from tests.integration.test_dispatch_needs import STEP as NEED_STEP
from tests.integration.test_dispatch_whistle import REPORT_IN, RESOLVE_PART, WHISTLE
from tests.integration.test_dispatch_wishes import COLLECT, ORDER_STEP, PLACE, WISH_STEP


def party(client, place: dict) -> dict[str, str]:
    """The county's party organization of the place's community, a unit's org there (驻区单位)
    and a party member: real ids of the client's county."""
    label = uuid.uuid4().hex[:6]
    street = created(create_org(client, f"街道党工委{label}", "street_working_committee",
                                root_org(client), streetId=place["street"]), "PartyOrg")
    community = created(create_org(client, f"社区党委{label}", "community_committee", street["id"],
                                   communityId=place["community"]), "PartyOrg")
    unit = created(create_org(client, f"驻区企业党支部{label}", "private_firm", community["id"]),
                   "PartyOrg")
    member = created(add_member(client, community["id"], name="李强"), "PartyMember")
    return {"org": community["id"], "unit": unit["id"], "member": member["id"]}


def not_found(result: dict, field: str) -> None:
    assert (result.get("code"), result.get("field")) == ("NOT_FOUND", field), result


def steps(superuser_db, item_id: str) -> int:
    return superuser_db("dispatch", "SELECT count(*) FROM work_steps WHERE item_id = :i",
                        i=uuid.UUID(item_id))


def test_needs_and_resources_take_only_the_countys_places_and_units(county_a, county_b,
                                                                    superuser_db):
    a_place, b_place = lay_out(county_a), lay_out(county_b)
    a, b = party(county_a, a_place), party(county_b, b_place)
    needs = "SELECT count(*) FROM work_items WHERE kind = 'need'"
    before = (superuser_db("dispatch", needs), superuser_db("dispatch", "SELECT count(*) FROM unit_resources"))
    for fields, field in [({"streetId": b_place["street"], "communityId": b_place["community"]}, "streetId"),
                          ({"streetId": a_place["street"], "communityId": b_place["community"]}, "communityId")]:
        not_found(county_a(POST, input={**fields, "title": "老旧小区线路检修"})["postNeed"], field)
    offer = {"unitName": "驻区企业党支部", "title": "电工志愿服务队"}
    for fields, field in [({"unitOrgId": b["unit"]}, "unitOrgId"),
                          ({"unitOrgId": a["unit"], "communityId": b_place["community"]}, "communityId"),
                          ({"unitOrgId": a["unit"], "streetId": b_place["street"]}, "streetId")]:
        not_found(county_a(OFFER, input={**offer, **fields})["offerResource"], field)
    assert (superuser_db("dispatch", needs),
            superuser_db("dispatch", "SELECT count(*) FROM unit_resources")) == before

    resource = county_a(OFFER, input={**offer, "unitOrgId": a["unit"], "streetId": a_place["street"],
                                      "communityId": a_place["community"]})["offerResource"]
    assert resource["title"] == "电工志愿服务队", resource
    need = county_a(POST, input={"streetId": a_place["street"], "communityId": a_place["community"],
                                 "title": "老旧小区线路检修"})["postNeed"]
    assert need["status"] == "posted", need
    foreign = county_a(NEED_STEP, action="CLAIM", input={"needId": need["id"], "unitOrgId": b["unit"],
                                                         "unitName": "别县单位"})["needStep"]
    not_found(foreign, "unitOrgId")
    assert steps(superuser_db, need["id"]) == 1
    claimed = county_a(NEED_STEP, action="CLAIM", input={
        "needId": need["id"], "unitOrgId": a["unit"], "unitName": "驻区企业党支部",
        "resourceId": resource["id"]})["needStep"]
    assert (claimed["status"], claimed["unitOrgId"]) == ("claimed", a["unit"])


def test_wishes_and_orders_take_only_the_countys_orgs_and_members(county_a, county_b, superuser_db):
    a_place = lay_out(county_a)
    a, b = party(county_a, a_place), party(county_b, lay_out(county_b))
    wish = county_a(COLLECT, input={"gridId": a_place["grid"], "title": "想要一副老花镜",
                                    "channel": "VISIT", "wisherName": "李奶奶"})["collectWish"]
    wid = wish["id"]
    county_a(WISH_STEP, action="PUBLISH", input={"wishId": wid})
    for fields, field in [({"orgId": b["org"], "orgName": "别县社区党委"}, "orgId"),
                          ({"orgId": a["org"], "orgName": "社区党委", "memberIds": [b["member"]]}, "memberIds"),
                          ({"memberIds": [a["member"], b["member"]]}, "memberIds")]:
        not_found(county_a(WISH_STEP, action="CLAIM", input={"wishId": wid, **fields})["wishStep"], field)
    assert steps(superuser_db, wid) == 2
    claimed = county_a(WISH_STEP, action="CLAIM", input={"wishId": wid, "orgId": a["org"],
                                                         "orgName": "社区党委",
                                                         "memberIds": [a["member"]]})["wishStep"]
    assert (claimed["status"], claimed["memberIds"]) == ("claimed", [a["member"]])
    proof = [file_ref(b"photo: glasses handed over")]
    not_found(county_a(WISH_STEP, action="FULFIL", input={"wishId": wid, "memberIds": [b["member"]],
                                                          "evidence": proof})["wishStep"], "memberIds")
    assert steps(superuser_db, wid) == 3
    done = county_a(WISH_STEP, action="FULFIL", input={"wishId": wid, "evidence": proof})["wishStep"]
    assert done["status"] == "fulfilled"

    order = county_a(PLACE, input={"gridId": a_place["grid"], "title": "帮忙修水龙头"})["placeOrder"]
    oid = order["id"]
    county_a(ORDER_STEP, action="DISPATCH", input={"orderId": oid})
    not_found(county_a(ORDER_STEP, action="TAKE", input={"orderId": oid, "memberIds": [b["member"]]})
              ["orderStep"], "memberIds")
    assert steps(superuser_db, oid) == 2
    taken = county_a(ORDER_STEP, action="TAKE", input={"orderId": oid, "memberIds": [a["member"]]})["orderStep"]
    assert (taken["status"], taken["memberIds"]) == ("taken", [a["member"]])


def test_cases_take_only_the_countys_members_and_compounds(county_a, county_b, superuser_db):
    a_place, b_place = lay_out(county_a), lay_out(county_b)
    a, b = party(county_a, a_place), party(county_b, b_place)
    timeline = "SELECT count(*) FROM case_timeline WHERE case_id = :c"

    case_id = report(county_a, a_place["grid"])
    run(county_a, ACCEPT, caseId=case_id)
    not_found(run(county_a, RESOLVE, caseId=case_id, handlerMemberIds=[a["member"], b["member"]]),
              "handlerMemberIds")
    assert superuser_db("dispatch", timeline, c=uuid.UUID(case_id)) == 2
    resolved = run(county_a, RESOLVE, caseId=case_id, handlerMemberIds=[a["member"]])
    assert (resolved["status"], resolved["handlerMemberIds"]) == ("resolved", [a["member"]])

    street_case = report(county_a, a_place["grid"])
    run(county_a, ACCEPT, caseId=street_case, level="STREET")
    whistled = run(county_a, WHISTLE, caseId=street_case,
                   departments=[{"departmentId": str(uuid.uuid4()), "name": "城管局"}])
    part = whistled["whistleParts"][0]
    run(county_a, REPORT_IN, partId=part["id"])
    not_found(run(county_a, RESOLVE_PART, partId=part["id"], handlerMemberIds=[b["member"]]),
              "handlerMemberIds")
    assert superuser_db("dispatch", "SELECT status FROM whistle_parts WHERE id = :p",
                        p=uuid.UUID(part["id"])) == "reported"
    done = run(county_a, RESOLVE_PART, partId=part["id"], handlerMemberIds=[a["member"]])
    assert done["status"] == "resolved", done

    # a grid that fixes no compound: the compound named must be the county's, in its community
    open_grid = created(county_a(CREATE_GRID, communityId=a_place["community"], compoundId=None,
                                 name=f"网格{uuid.uuid4().hex[:6]}")["createGrid"], "Grid")
    cases = "SELECT count(*) FROM cases"
    before = superuser_db("dispatch", cases)
    data = {"gridId": open_grid["id"], "category": "environment", "description": "楼道堆放杂物"}
    not_found(county_a(REPORT, input={**data, "compoundId": b_place["compound"]})["reportCase"],
              "compoundId")
    assert superuser_db("dispatch", cases) == before
    case = county_a(REPORT, input={**data, "compoundId": a_place["compound"]})["reportCase"]
    assert (case["__typename"], case["compoundId"]) == ("Case", a_place["compound"])


def test_community_staff_name_a_county_level_unit(county_a, gateway_url):
    """A unit org directly under the county committee (no community of its own) is the county's:
    a community's staff may offer its resources (orgs are looked up county-wide, not in scope)."""
    from shared.principal import Scope
    from tests.integration.conftest import Client, token

    place = lay_out(county_a)
    unit = created(create_org(county_a, f"县供电公司党委{uuid.uuid4().hex[:6]}", "state_firm",
                              root_org(county_a)), "PartyOrg")
    staff = Client(gateway_url, token("341181", "community_staff", scope=Scope("community", place["community"])))
    offered = staff(OFFER, input={"unitOrgId": unit["id"], "unitName": "县供电公司党委", "title": "电工志愿服务队",
                                  "communityId": place["community"], "streetId": place["street"]})["offerResource"]
    assert offered["__typename"] == "UnitResource", offered
