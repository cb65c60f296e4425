"""Micro-wishes (微心愿) and "三单" orders through the gateway: the whole path, refusals that name
the state and the allowed steps, the wisher/resident confirming, wish.fulfilled and
order.completed in the outbox with exactly the agreed payloads."""
from __future__ import annotations

import uuid

from shared.contracts.dispatch import OrderCompleted, WishFulfilled
from shared.principal import Scope
from tests.integration.conftest import Client, token
from tests.integration.dispatch_ops import ERROR, file_ref, person, refused_code
from tests.integration.organization_ops import add_member, root_org
from tests.integration.territory_ops import created, lay_out

WISH = "id status title channel wisherName claimerOrgName memberIds evidence { sha256 } timeline { action toStatus actor }"
COLLECT = f"""mutation($input: CollectWishInput!) {{ collectWish(input: $input) {{ __typename
  ... on MicroWish {{ {WISH} }} {ERROR} }} }}"""
WISH_STEP = f"""mutation($action: WishAction!, $input: WishStepInput!) {{ wishStep(action: $action, input: $input) {{
  __typename ... on MicroWish {{ {WISH} }} {ERROR} }} }}"""
ORDER = "id status memberIds rating timeline { action toStatus }"
PLACE = f"""mutation($input: PlaceOrderInput!) {{ placeOrder(input: $input) {{ __typename
  ... on ServiceOrder {{ {ORDER} }} {ERROR} }} }}"""
ORDER_STEP = f"""mutation($action: OrderAction!, $input: OrderStepInput!) {{ orderStep(action: $action, input: $input) {{
  __typename ... on ServiceOrder {{ {ORDER} }} {ERROR} }} }}"""
WISHES = """query($filter: WorkFilter) { microWishes(first: 100, filter: $filter) { edges { node { id status } } } }"""


def event(superuser_db, kind: str, key: str, item_id: str) -> dict | None:
    return superuser_db("dispatch", f"SELECT (SELECT payload FROM outbox WHERE event_type = '{kind}' "
                        f"AND payload->>'{key}' = :i)", i=item_id)


def members(client, n: int) -> list[str]:
    """Party members of the client's county (the ids a claim or a take may name)."""
    root = root_org(client)
    return [created(add_member(client, root), "PartyMember")["id"] for _ in range(n)]


def test_a_wish_from_collection_to_confirmation(county_a, gateway_url, superuser_db):
    place = lay_out(county_a)
    worker = Client(gateway_url, token("341181", "grid_worker", scope=Scope("grid", place["grid"])))
    member = Client(gateway_url, token("341181", "party_member"))
    wisher_subject = f"resident-{uuid.uuid4().hex[:8]}"
    wisher = person(gateway_url, "resident", wisher_subject)
    stranger = Client(gateway_url, token("341181", "resident"))
    wish = worker(COLLECT, input={"gridId": place["grid"], "title": "想要一副老花镜", "channel": "VISIT",
                                  "wisherName": "李奶奶", "wisherSubject": wisher_subject})["collectWish"]
    assert (wish["status"], wish["channel"], wish["wisherName"]) == ("collected", "visit", "李奶奶")
    wid, helpers = wish["id"], members(county_a, 2)

    early = member(WISH_STEP, action="FULFIL", input={"wishId": wid})["wishStep"]
    assert (early["code"], early["field"]) == ("ILLEGAL_TRANSITION", "wishId")
    assert "collected" in early["message"] and "cancel, publish" in early["message"]
    assert worker(WISH_STEP, action="PUBLISH", input={"wishId": wid})["wishStep"]["status"] == "published"
    nobody = member(WISH_STEP, action="CLAIM", input={"wishId": wid})["wishStep"]
    assert (nobody["code"], nobody["field"]) == ("VALIDATION_FAILED", "memberIds")
    claimed = member(WISH_STEP, action="CLAIM", input={"wishId": wid, "memberIds": helpers[:1]})["wishStep"]
    assert claimed["status"] == "claimed" and claimed["memberIds"] == helpers[:1]
    no_proof = member(WISH_STEP, action="FULFIL", input={"wishId": wid})["wishStep"]
    assert (no_proof["code"], no_proof["field"]) == ("VALIDATION_FAILED", "evidence")
    proof = file_ref(b"photo: glasses handed over")
    done = member(WISH_STEP, action="FULFIL", input={"wishId": wid, "memberIds": helpers[1:],
                                                     "evidence": [proof]})["wishStep"]
    assert done["status"] == "fulfilled" and done["evidence"] == [{"sha256": proof["sha256"]}]
    assert refused_code(stranger, WISH_STEP, action="CONFIRM", input={"wishId": wid}) == "FORBIDDEN"
    disputed = wisher(WISH_STEP, action="DISPUTE", input={"wishId": wid, "note": "度数不对"})["wishStep"]
    assert disputed["status"] == "claimed"
    assert event(superuser_db, "wish.fulfilled", "wish_id", wid) is None
    member(WISH_STEP, action="FULFIL", input={"wishId": wid, "evidence": [file_ref(b"second pair")]})
    confirmed = wisher(WISH_STEP, action="CONFIRM", input={"wishId": wid, "note": "很合适"})["wishStep"]
    assert confirmed["status"] == "confirmed"
    assert [s["action"] for s in confirmed["timeline"]] == [
        "collect", "publish", "claim", "fulfil", "dispute", "fulfil", "confirm"]
    assert confirmed["timeline"][-1]["actor"] == wisher_subject
    payload = WishFulfilled.model_validate(event(superuser_db, "wish.fulfilled", "wish_id", wid))
    assert (str(payload.grid_id), sorted(map(str, payload.helper_member_ids))) == (place["grid"], sorted(helpers))
    after = worker(WISH_STEP, action="CANCEL", input={"wishId": wid, "note": "x"})["wishStep"]
    assert after["code"] == "ILLEGAL_TRANSITION" and "allowed now: none" in after["message"]
    mine = county_a(WISHES, filter={"status": ["confirmed"], "gridId": place["grid"]})["microWishes"]
    assert [e["node"]["id"] for e in mine["edges"]] == [wid]


def test_a_resident_orders_and_party_members_take_it(county_a, gateway_url, superuser_db):
    place = lay_out(county_a)
    resident = Client(gateway_url, token("341181", "resident"))
    staff = Client(gateway_url, token("341181", "community_staff",
                                      scope=Scope("community", place["community"])))
    member = Client(gateway_url, token("341181", "party_member"))
    order = resident(PLACE, input={"gridId": place["grid"], "title": "帮忙修水龙头"})["placeOrder"]
    oid, takers = order["id"], members(county_a, 1)
    assert order["status"] == "placed"
    assert refused_code(member, ORDER_STEP, action="DISPATCH", input={"orderId": oid}) == "FORBIDDEN"
    assert staff(ORDER_STEP, action="DISPATCH", input={"orderId": oid})["orderStep"]["status"] == "dispatched"
    assert member(ORDER_STEP, action="TAKE", input={"orderId": oid, "memberIds": takers})["orderStep"]["status"] == "taken"
    assert member(ORDER_STEP, action="COMPLETE", input={"orderId": oid})["orderStep"]["status"] == "completed"
    unrated = resident(ORDER_STEP, action="CONFIRM", input={"orderId": oid})["orderStep"]
    assert (unrated["code"], unrated["field"]) == ("VALIDATION_FAILED", "rating")
    back = resident(ORDER_STEP, action="CONFIRM", input={"orderId": oid, "rating": "UNSATISFIED",
                                                         "note": "还在漏"})["orderStep"]
    assert back["status"] == "taken" and event(superuser_db, "order.completed", "order_id", oid) is None
    member(ORDER_STEP, action="COMPLETE", input={"orderId": oid})
    done = resident(ORDER_STEP, action="CONFIRM", input={"orderId": oid, "rating": "SATISFIED"})["orderStep"]
    assert (done["status"], done["rating"]) == ("confirmed", "SATISFIED")
    assert [(s["action"], s["toStatus"]) for s in done["timeline"]] == [
        ("place", "placed"), ("dispatch", "dispatched"), ("take", "taken"), ("complete", "completed"),
        ("confirm", "taken"), ("complete", "completed"), ("confirm", "confirmed")]
    payload = OrderCompleted.model_validate(event(superuser_db, "order.completed", "order_id", oid))
    assert [str(m) for m in payload.helper_member_ids] == takers
    other = Client(gateway_url, token("341102", "county_admin"))
    foreign = other(ORDER_STEP, action="CANCEL", input={"orderId": oid})["orderStep"]
    assert (foreign["code"], foreign["field"]) == ("NOT_FOUND", "orderId")
