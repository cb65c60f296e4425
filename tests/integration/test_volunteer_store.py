"""The points store through the gateway on PostgreSQL: concurrent redemptions never take stock or
a balance below zero; pickup; cancellation refunds by a reversing transaction."""
from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor

from tests.integration.test_volunteer_flow import ERR, VOLUNTEER, fund, label, ledger_whole, register  # noqa: F401

CREATE_ITEM = """mutation($input: CreateStoreItemInput!) { createStoreItem(input: $input) {
  __typename ... on StoreItem { id name price stock } %s } }""" % ERR
FIELDS = "__typename ... on Redemption { id status points itemId } " + ERR
REDEEM = """mutation($v: ID!, $i: ID!) { redeemStoreItem(volunteerId: $v, itemId: $i) { %s } }""" % FIELDS
PICKUP = """mutation($r: ID!) { confirmRedemptionPickup(redemptionId: $r) { %s } }""" % FIELDS
CANCEL = """mutation($r: ID!) { cancelRedemption(redemptionId: $r) { %s } }""" % FIELDS
ITEMS = "{ storeItems { id name stock } }"


def item(client, price, stock) -> dict:
    made = client(CREATE_ITEM, input={"name": f"洗衣液{label()}", "price": price, "stock": stock})
    assert made["createStoreItem"]["__typename"] == "StoreItem", made
    return made["createStoreItem"]


def stock_of(client, item_id) -> int:
    return next(i["stock"] for i in client(ITEMS)["storeItems"] if i["id"] == item_id)


def redeem_all(client, pairs, workers) -> list[dict]:
    with ThreadPoolExecutor(workers) as pool:
        return list(pool.map(lambda p: client(REDEEM, v=p[0], i=p[1])["redeemStoreItem"], pairs))


def test_100_concurrent_redemptions_of_stock_10(county_a, superuser_db):
    goods = item(county_a, price=5, stock=10)
    people = [register(county_a) for _ in range(20)]
    for v in people:
        fund(county_a, v["id"], 50)
    results = redeem_all(county_a, [(people[n % 20]["id"], goods["id"]) for n in range(100)], 50)
    won = [r for r in results if r["__typename"] == "Redemption"]
    refused = [r for r in results if r["__typename"] == "OperationError"]
    assert len(won) == 10 and len(refused) == 90
    assert {(r["code"], r["field"]) for r in refused} == {("CONFLICT", "itemId")}
    assert stock_of(county_a, goods["id"]) == 0
    assert superuser_db("volunteer", "SELECT count(*) FROM redemptions WHERE item_id = :i",
                        i=uuid.UUID(goods["id"])) == 10
    paid = sum(county_a(VOLUNTEER, id=v["id"])["volunteer"]["balance"] for v in people)
    assert paid == 20 * 50 - 10 * 5


def test_balance_never_negative_under_concurrency(county_a, superuser_db):
    goods = item(county_a, price=10, stock=100)
    v = register(county_a)
    fund(county_a, v["id"], 55)
    results = redeem_all(county_a, [(v["id"], goods["id"])] * 20, 20)
    assert sum(r["__typename"] == "Redemption" for r in results) == 5
    assert county_a(VOLUNTEER, id=v["id"])["volunteer"]["balance"] == 5
    assert stock_of(county_a, goods["id"]) == 95


def test_pickup_and_cancel_with_refund(county_a):
    goods = item(county_a, price=20, stock=2)
    v = register(county_a)
    fund(county_a, v["id"], 40)
    first = county_a(REDEEM, v=v["id"], i=goods["id"])["redeemStoreItem"]
    second = county_a(REDEEM, v=v["id"], i=goods["id"])["redeemStoreItem"]
    assert county_a(PICKUP, r=first["id"])["confirmRedemptionPickup"]["status"] == "picked_up"
    late = county_a(CANCEL, r=first["id"])["cancelRedemption"]
    assert (late["code"], late["field"]) == ("CONFLICT", "redemptionId")
    assert county_a(CANCEL, r=second["id"])["cancelRedemption"]["status"] == "cancelled"
    me = county_a(VOLUNTEER, id=v["id"])["volunteer"]
    assert me["balance"] == 20 and stock_of(county_a, goods["id"]) == 1
    assert sorted(e["sourceType"] for e in me["ledger"]) == ["adjustment", "redemption", "redemption",
                                                            "reversal"]


def test_bad_store_input_and_other_county(county_a, county_b, superuser_db):
    before = superuser_db("volunteer", "SELECT count(*) FROM store_items")
    bad = county_a(CREATE_ITEM, input={"name": "", "price": 0, "stock": -1})["createStoreItem"]
    assert {e["field"] for e in bad["fieldErrors"]} == {"name", "price", "stock"}
    assert superuser_db("volunteer", "SELECT count(*) FROM store_items") == before
    goods = item(county_a, price=1, stock=1)
    v = register(county_a)
    fund(county_a, v["id"], 5)
    assert county_a(REDEEM, v=v["id"], i="nope")["redeemStoreItem"]["field"] == "itemId"
    assert county_a(REDEEM, v=v["id"], i=str(uuid.uuid4()))["redeemStoreItem"]["code"] == "NOT_FOUND"
    assert county_a(PICKUP, r=str(uuid.uuid4()))["confirmRedemptionPickup"]["field"] == "redemptionId"
    assert county_a(CANCEL, r="x")["cancelRedemption"]["code"] == "VALIDATION_FAILED"
    foreign = county_b(REDEEM, v=v["id"], i=goods["id"])["redeemStoreItem"]
    assert foreign["code"] == "NOT_FOUND"
    assert goods["id"] not in {i["id"] for i in county_b(ITEMS)["storeItems"]}
    assert stock_of(county_a, goods["id"]) == 1


def test_yearly_statement_through_the_gateway(county_a):
    from datetime import datetime, timedelta, timezone

    goods = item(county_a, price=15, stock=3)
    v = register(county_a)
    fund(county_a, v["id"], 40)
    county_a(REDEEM, v=v["id"], i=goods["id"])
    year = datetime.now(timezone(timedelta(hours=8))).year
    query = """query($id: ID!, $y: Int!) { volunteer(id: $id) { balance
      statement(year: $y) { opening earned spent closing lines { sourceType amount entries } } } }"""
    me = county_a(query, id=v["id"], y=year)["volunteer"]
    assert me["statement"] == {"opening": 0, "earned": 40, "spent": 15, "closing": 25, "lines": [
        {"sourceType": "adjustment", "amount": 40, "entries": 1},
        {"sourceType": "redemption", "amount": -15, "entries": 1}]}
    assert me["balance"] == 25
    bad = county_a.raw(query, {"id": v["id"], "y": 1900}).json()
    assert bad["errors"][0]["extensions"]["code"] == "VALIDATION_FAILED"


def test_lists_resolve_each_volunteers_own_ledger_and_redemptions(county_a):
    team = county_a("""mutation($n: String!) { createVolunteerTeam(input: {name: $n}) {
      ... on VolunteerTeam { id } } }""", n=f"银发队{label()}")["createVolunteerTeam"]
    goods = item(county_a, price=3, stock=5)
    people = [register(county_a, f"队员{n}", teamId=team["id"]) for n in range(3)]
    for n, v in enumerate(people):
        fund(county_a, v["id"], 10 * (n + 1))
    county_a(REDEEM, v=people[2]["id"], i=goods["id"])
    rows = county_a("""query($t: ID!) { volunteers(teamId: $t, first: 10) { edges { node { id balance
      ledger { amount } redemptions { itemId } } } } }""", t=team["id"])["volunteers"]["edges"]
    by_id = {r["node"]["id"]: r["node"] for r in rows}
    assert [by_id[v["id"]]["balance"] for v in people] == [10, 20, 27]
    assert [sorted(e["amount"] for e in by_id[v["id"]]["ledger"]) for v in people] == [[10], [20], [-3, 30]]
    assert [len(by_id[v["id"]]["redemptions"]) for v in people] == [0, 0, 1]


def test_a_resident_acts_only_as_their_own_volunteer(county_a, gateway_url, superuser_db):
    from shared.settings import Settings
    from shared.tokens import mint_dev_token
    from tests.integration.conftest import Client
    from tests.support import TEST_JWT_SECRET

    subject = f"resident-{uuid.uuid4().hex[:8]}"
    me = Client(gateway_url, mint_dev_token(Settings(jwt_secret=TEST_JWT_SECRET), tenant="341181",
                                            roles=["resident"], subject=subject))
    mine, theirs = register(county_a, subject=subject), register(county_a)
    for v in (mine, theirs):
        fund(county_a, v["id"], 20)
    goods = item(county_a, price=5, stock=5)
    taken = me(REDEEM, v=mine["id"], i=goods["id"])["redeemStoreItem"]
    assert taken["__typename"] == "Redemption"
    assert me(CANCEL, r=taken["id"])["cancelRedemption"]["status"] == "cancelled"
    foreign = me.raw(REDEEM, {"v": theirs["id"], "i": goods["id"]}).json()
    assert foreign["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    theirs_redemption = county_a(REDEEM, v=theirs["id"], i=goods["id"])["redeemStoreItem"]
    assert me.raw(CANCEL, {"r": theirs_redemption["id"]}).json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert county_a(VOLUNTEER, id=theirs["id"])["volunteer"]["balance"] == 15
    twice = county_a("""mutation($input: RegisterVolunteerInput!) { registerVolunteer(input: $input) {
      ... on OperationError { code field } } }""", input={"name": "冒名", "subject": subject})
    assert twice["registerVolunteer"] == {"code": "CONFLICT", "field": "subject"}
    assert superuser_db("volunteer", "SELECT count(*) FROM volunteers WHERE subject = :s", s=subject) == 1
