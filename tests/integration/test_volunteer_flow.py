"""Volunteer points through the gateway on real RabbitMQ + PostgreSQL: teams, volunteers,
activities (capacity under concurrency, check-in code, hours), rules with history, adjustments
and reversals; bad input names its field and writes nothing; county B sees none of county A.
After every test the double-entry invariant is checked: each tenant's entries sum to zero."""
from __future__ import annotations

import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone

import pytest

from tests.integration.conftest import Client, token
from tests.integration.organization_ops import party_members
from tests.integration.territory_ops import lay_out

ERR = "... on OperationError { code field message fieldErrors { field message } }"
CREATE_TEAM = """mutation($name: String!) { createVolunteerTeam(input: {name: $name}) {
  __typename ... on VolunteerTeam { id name } %s } }""" % ERR
REGISTER = """mutation($input: RegisterVolunteerInput!) { registerVolunteer(input: $input) {
  __typename ... on Volunteer { id name kind memberId teamId balance } %s } }""" % ERR
CREATE_ACTIVITY = """mutation($input: CreateVolunteerActivityInput!) { createVolunteerActivity(input: $input) {
  __typename ... on VolunteerActivity { id title capacity signedUp startsAt } %s } }""" % ERR
SIGNUP_FIELDS = "__typename ... on ActivitySignup { id status checkedInAt confirmedHours points } " + ERR
SIGN_UP = """mutation($v: ID!, $a: ID!) { signUpForActivity(volunteerId: $v, activityId: $a) { %s } }""" % SIGNUP_FIELDS
WITHDRAW = """mutation($v: ID!, $a: ID!) { withdrawFromActivity(volunteerId: $v, activityId: $a) { %s } }""" % SIGNUP_FIELDS
CHECK_IN = """mutation($v: ID!, $a: ID!, $code: String!) {
  checkInToActivity(volunteerId: $v, activityId: $a, code: $code) { %s } }""" % SIGNUP_FIELDS
CHECK_OUT = """mutation($v: ID!, $a: ID!) { checkOutOfActivity(volunteerId: $v, activityId: $a) { %s } }""" % SIGNUP_FIELDS
CONFIRM = """mutation($input: ConfirmVolunteerHoursInput!) { confirmVolunteerHours(input: $input) { %s } }""" % SIGNUP_FIELDS
CODE = """query($a: ID!) { activityCheckinCode(activityId: $a) }"""
RULE = """mutation($input: SetPointRuleInput!) { setPointRule(input: $input) {
  __typename ... on PointRule { effectiveFrom pointsPerHour dailyCap } %s } }""" % ERR
ADJUST = """mutation($input: AdjustPointsInput!) { adjustPoints(input: $input) {
  __typename ... on PointsPosting { transactionId balance } %s } }""" % ERR
REVERSE = """mutation($t: ID!, $reason: String!) { reversePointsTransaction(transactionId: $t, reason: $reason) {
  __typename ... on PointsPosting { transactionId reversesId } %s } }""" % ERR
VOLUNTEER = """query($id: ID!) { volunteer(id: $id) { id name balance
  ledger { transactionId sourceType sourceId amount reason } } }"""
ACTIVITY = """query($id: ID!) { volunteerActivity(id: $id) { id signedUp
  signups { status points volunteer { name } } } }"""
TOTAL = "{ pointsLedgerTotal }"


@pytest.fixture(autouse=True)
def ledger_whole(superuser_db):
    """The double-entry invariant, after every test: per tenant, all movements sum to zero."""
    yield
    assert superuser_db("volunteer", "SELECT count(*) FROM (SELECT tenant_id FROM entries "
                                     "GROUP BY tenant_id HAVING sum(amount) <> 0) t") == 0
    assert superuser_db("volunteer", "SELECT count(*) FROM (SELECT transaction_id FROM entries "
                                     "GROUP BY tenant_id, transaction_id HAVING sum(amount) <> 0) t") == 0


def label() -> str:
    return uuid.uuid4().hex[:6]


def register(client, name=None, **extra) -> dict:
    made = client(REGISTER, input={"name": name or f"志愿者{label()}", **extra})["registerVolunteer"]
    assert made["__typename"] == "Volunteer", made
    return made


def activity(client, capacity=5, start=None, hours=3) -> dict:
    start = start or datetime.now(timezone.utc) - timedelta(hours=1)
    made = client(CREATE_ACTIVITY, input={
        "title": f"垃圾分类宣传{label()}", "kind": "policy_talk", "place": "仁和社区广场",
        "startsAt": start.isoformat(), "endsAt": (start + timedelta(hours=hours)).isoformat(),
        "capacity": capacity})["createVolunteerActivity"]
    assert made["__typename"] == "VolunteerActivity", made
    return made


def fund(client, volunteer_id, points) -> dict:
    return client(ADJUST, input={"volunteerId": volunteer_id, "points": points, "reason": "期初积分",
                                 "reference": f"fund-{uuid.uuid4()}"})["adjustPoints"]


def test_activity_from_sign_up_to_points(county_a):
    team = county_a(CREATE_TEAM, name=f"蒲公英志愿服务队{label()}")["createVolunteerTeam"]
    v = register(county_a, "王芳", teamId=team["id"])
    assert (v["teamId"], v["balance"]) == (team["id"], 0)
    act = activity(county_a, capacity=1, hours=3)
    assert county_a(SIGN_UP, v=v["id"], a=act["id"])["signUpForActivity"]["status"] == "signed_up"
    full = county_a(SIGN_UP, v=register(county_a)["id"], a=act["id"])["signUpForActivity"]
    assert (full["code"], full["field"]) == ("CONFLICT", "activityId")

    code = county_a(CODE, a=act["id"])["activityCheckinCode"]
    wrong = county_a(CHECK_IN, v=v["id"], a=act["id"], code="x" + code)["checkInToActivity"]
    assert (wrong["code"], wrong["field"]) == ("CONFLICT", "code")
    assert county_a(CHECK_IN, v=v["id"], a=act["id"], code=code)["checkInToActivity"]["checkedInAt"]
    assert county_a(CHECK_OUT, v=v["id"], a=act["id"])["checkOutOfActivity"]["__typename"] == "ActivitySignup"
    done = county_a(CONFIRM, input={"volunteerId": v["id"], "activityId": act["id"], "hours": 2})
    done = done["confirmVolunteerHours"]
    assert done["confirmedHours"] == 2 and done["points"] > 0
    again = county_a(CONFIRM, input={"volunteerId": v["id"], "activityId": act["id"], "hours": 2})
    assert again["confirmVolunteerHours"]["code"] == "CONFLICT"

    me = county_a(VOLUNTEER, id=v["id"])["volunteer"]
    assert me["balance"] == done["points"]
    assert [(e["sourceType"], e["amount"]) for e in me["ledger"]] == [("activity", done["points"])]
    listed = county_a(ACTIVITY, id=act["id"])["volunteerActivity"]
    assert listed["signedUp"] == 1 and listed["signups"][0]["volunteer"]["name"] == "王芳"
    assert county_a(TOTAL)["pointsLedgerTotal"] == 0


def test_capacity_holds_under_concurrent_sign_ups(county_a, superuser_db):
    act = activity(county_a, capacity=3)
    people = [register(county_a) for _ in range(30)]
    with ThreadPoolExecutor(30) as pool:
        results = list(pool.map(lambda v: county_a(SIGN_UP, v=v["id"], a=act["id"])["signUpForActivity"],
                                people))
    kinds = sorted(r["__typename"] for r in results)
    assert kinds.count("ActivitySignup") == 3 and kinds.count("OperationError") == 27
    assert {r["code"] for r in results if r["__typename"] == "OperationError"} == {"CONFLICT"}
    assert superuser_db("volunteer", "SELECT count(*) FROM signups WHERE activity_id = :a "
                        "AND status = 'signed_up'", a=uuid.UUID(act["id"])) == 3


def test_withdraw_frees_the_place(county_a):
    act = activity(county_a, capacity=1)
    first, second = register(county_a), register(county_a)
    county_a(SIGN_UP, v=first["id"], a=act["id"])
    assert county_a(WITHDRAW, v=first["id"], a=act["id"])["withdrawFromActivity"]["status"] == "withdrawn"
    assert county_a(SIGN_UP, v=second["id"], a=act["id"])["signUpForActivity"]["status"] == "signed_up"


def test_rule_change_does_not_rewrite_past_points(county_a):
    """Rules in 2021 (an era no other test uses), then the built-in default's values again from 2022
    on, so the other tests' points do not depend on the order tests run in."""
    assert county_a(RULE, input={"effectiveFrom": "2021-01-01", "pointsPerHour": 10})["setPointRule"][
        "pointsPerHour"] == 10
    v = register(county_a)
    old = activity(county_a, start=datetime(2021, 3, 5, 1, tzinfo=timezone.utc), hours=4)
    county_a(SIGN_UP, v=v["id"], a=old["id"])
    county_a(CHECK_IN, v=v["id"], a=old["id"], code=county_a(CODE, a=old["id"])["activityCheckinCode"])
    first = county_a(CONFIRM, input={"volunteerId": v["id"], "activityId": old["id"], "hours": 3})
    assert first["confirmVolunteerHours"]["points"] == 30

    county_a(RULE, input={"effectiveFrom": "2021-03-01", "pointsPerHour": 100, "dailyCap": 150})
    county_a(RULE, input={"effectiveFrom": "2022-01-01", "pointsPerHour": 10, "pointsPerCase": 5})
    assert county_a(VOLUNTEER, id=v["id"])["volunteer"]["balance"] == 30  # unchanged
    same_day = activity(county_a, start=datetime(2021, 3, 5, 6, tzinfo=timezone.utc), hours=4)
    county_a(SIGN_UP, v=v["id"], a=same_day["id"])
    county_a(CHECK_IN, v=v["id"], a=same_day["id"],
             code=county_a(CODE, a=same_day["id"])["activityCheckinCode"])
    second = county_a(CONFIRM, input={"volunteerId": v["id"], "activityId": same_day["id"], "hours": 2})
    assert second["confirmVolunteerHours"]["points"] == 120  # 200 by the new rule, daily cap 150 − 30
    dup = county_a(RULE, input={"effectiveFrom": "2021-03-01", "pointsPerHour": 1})["setPointRule"]
    assert (dup["code"], dup["field"]) == ("CONFLICT", "effectiveFrom")


def test_adjustment_once_per_reference_and_reversal(county_a, superuser_db):
    v = register(county_a)
    reference = f"ref-{uuid.uuid4()}"
    data = {"volunteerId": v["id"], "points": 40, "reason": "表彰奖励", "reference": reference}
    posted = county_a(ADJUST, input=data)["adjustPoints"]
    assert posted["balance"] == 40
    published = "SELECT count(*) FROM outbox WHERE event_type = 'points.posted' AND sent_at IS NOT NULL " \
                "AND payload::jsonb->>'transaction_id' = :t AND (payload::jsonb->>'amount')::int = 40"
    deadline = time.monotonic() + 10
    while superuser_db("volunteer", published, t=posted["transactionId"]) != 1 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert superuser_db("volunteer", published, t=posted["transactionId"]) == 1
    retry = county_a(ADJUST, input=data)["adjustPoints"]
    assert (retry["code"], retry["field"]) == ("CONFLICT", "reference")
    overdraw = county_a(ADJUST, input={**data, "points": -41, "reference": f"ref-{uuid.uuid4()}"})
    assert overdraw["adjustPoints"]["field"] == "points"
    back = county_a(REVERSE, t=posted["transactionId"], reason="重复发放")["reversePointsTransaction"]
    assert back["reversesId"] == posted["transactionId"]
    twice = county_a(REVERSE, t=posted["transactionId"], reason="重复发放")["reversePointsTransaction"]
    assert twice["code"] == "CONFLICT"
    ledger = county_a(VOLUNTEER, id=v["id"])["volunteer"]
    assert ledger["balance"] == 0
    assert sorted((e["sourceType"], e["amount"]) for e in ledger["ledger"]) == [
        ("adjustment", 40), ("reversal", -40)]


@pytest.mark.parametrize("document, variables, field", [
    (CREATE_TEAM, {"name": " "}, "name"),
    (REGISTER, {"input": {"name": "x", "kind": "alien"}}, "kind"),
    (REGISTER, {"input": {"name": "x", "kind": "party_member"}}, "memberId"),
    (REGISTER, {"input": {"name": "x", "teamId": "not-an-id"}}, "teamId"),
    (CREATE_ACTIVITY, {"input": {"title": "t", "place": "p", "startsAt": "2026-01-02T00:00:00Z",
                                 "endsAt": "2026-01-01T00:00:00Z", "capacity": 0}}, "capacity"),
    # both unknown: the volunteer is looked up first (its place decides the caller's scope)
    (SIGN_UP, {"v": str(uuid.uuid4()), "a": str(uuid.uuid4())}, "volunteerId"),
    (SIGN_UP, {"v": "nope", "a": str(uuid.uuid4())}, "volunteerId"),
    (WITHDRAW, {"v": str(uuid.uuid4()), "a": "nope"}, "activityId"),
    (CHECK_IN, {"v": str(uuid.uuid4()), "a": str(uuid.uuid4()), "code": " "}, "code"),
    (CHECK_OUT, {"v": "nope", "a": str(uuid.uuid4())}, "volunteerId"),
    (CONFIRM, {"input": {"volunteerId": str(uuid.uuid4()), "activityId": str(uuid.uuid4()),
                         "hours": 30}}, "hours"),
    (RULE, {"input": {"effectiveFrom": "2020-01-01", "pointsPerHour": -1}}, "pointsPerHour"),
    (ADJUST, {"input": {"volunteerId": str(uuid.uuid4()), "points": 5, "reason": "x",
                        "reference": "r"}}, "reason"),
    (ADJUST, {"input": {"volunteerId": str(uuid.uuid4()), "points": 5, "reason": "理由",
                        "reference": "r"}}, "volunteerId"),
    (REVERSE, {"t": str(uuid.uuid4()), "reason": "理由"}, "transactionId"),
    (REVERSE, {"t": str(uuid.uuid4()), "reason": ""}, "reason"),
])
def test_bad_input_names_the_field_and_writes_nothing(county_a, superuser_db, document, variables, field):
    tables = ("teams", "volunteers", "activities", "signups", "point_rules", "entries", "outbox")
    before = {t: superuser_db("volunteer", f"SELECT count(*) FROM {t}") for t in tables}
    data = county_a(document, **variables)
    result = next(iter(data.values()))
    assert result["__typename"] == "OperationError", result
    assert result["code"] in ("VALIDATION_FAILED", "NOT_FOUND", "CONFLICT")
    named = {result["field"]} | {e["field"] for e in result["fieldErrors"]}
    assert field in named, result
    assert {t: superuser_db("volunteer", f"SELECT count(*) FROM {t}") for t in tables} == before


def test_county_b_sees_and_touches_nothing_of_county_a(county_a, county_b, superuser_db):
    v = register(county_a)
    fund(county_a, v["id"], 50)
    act = activity(county_a)
    assert county_b(VOLUNTEER, id=v["id"])["volunteer"] is None
    assert county_b(ACTIVITY, id=act["id"])["volunteerActivity"] is None
    seen = county_b("{ volunteers(first: 100) { edges { node { id } } } }")["volunteers"]["edges"]
    assert v["id"] not in {e["node"]["id"] for e in seen}
    signed = county_b(SIGN_UP, v=v["id"], a=act["id"])["signUpForActivity"]
    assert signed["code"] == "NOT_FOUND"
    adjusted = county_b(ADJUST, input={"volunteerId": v["id"], "points": 5, "reason": "越权",
                                       "reference": f"x-{uuid.uuid4()}"})["adjustPoints"]
    assert adjusted["code"] == "NOT_FOUND"
    assert county_a(VOLUNTEER, id=v["id"])["volunteer"]["balance"] == 50
    assert superuser_db("volunteer", "SELECT count(*) FROM signups WHERE tenant_id = '341102' "
                        "AND (activity_id = :a OR volunteer_id = :v)", a=act["id"], v=v["id"]) == 0
    assert county_b(TOTAL)["pointsLedgerTotal"] == 0


def test_residents_cannot_manage(gateway_url):
    resident = Client(gateway_url, token("341181", "resident"))
    body = resident.raw(CREATE_TEAM, {"name": "居民自建队"}).json()
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"


def test_database_refuses_an_unbalanced_transaction_at_commit(county_a, superuser_db):
    """The deferred constraint trigger: even a writer bypassing the service cannot unbalance."""
    import sqlalchemy as sa

    v = register(county_a)
    account = superuser_db("volunteer", "SELECT id FROM accounts WHERE key = :k", k=f"volunteer:{v['id']}")
    txn = uuid.uuid4()
    with pytest.raises(sa.exc.DBAPIError, match="unbalanced"):
        superuser_db("volunteer", "WITH t AS (INSERT INTO point_transactions (tenant_id, id, source_type, "
                     "source_id, occurred_on, created_at) VALUES ('341181', :t, 'adjustment', :s, now(), "
                     "now()) RETURNING id) INSERT INTO entries (tenant_id, id, transaction_id, account_id, "
                     "source_type, source_id, amount, occurred_on) SELECT '341181', :e, t.id, :a, "
                     "'adjustment', :s, 7, now() FROM t",
                     t=txn, s=str(txn), e=uuid.uuid4(), a=account)
    assert superuser_db("volunteer", "SELECT count(*) FROM point_transactions WHERE id = :t", t=txn) == 0
    assert county_a(VOLUNTEER, id=v["id"])["volunteer"]["balance"] == 0


LEADERBOARD = """query($start: Date!, $end: Date!, $c: ID) {
  pointsLeaderboard(start: $start, end: $end, communityId: $c, first: 20) { edges { node { rank name points } } } }"""


def board(client, **variables):
    return [e["node"] for e in client(LEADERBOARD, **variables)["pointsLeaderboard"]["edges"]]


def test_leaderboard_of_a_community(county_a, county_b):
    community = lay_out(county_a)["community"]
    first, second = register(county_a, "排行甲", communityId=community), register(county_a, "排行乙", communityId=community)
    fund(county_a, first["id"], 30)
    fund(county_a, second["id"], 70)
    today = datetime.now(timezone(timedelta(hours=8))).date()
    span = {"start": (today - timedelta(days=1)).isoformat(), "end": (today + timedelta(days=1)).isoformat()}
    rows = board(county_a, c=community, **span)
    assert rows == [{"rank": 1, "name": "排行乙", "points": 70}, {"rank": 2, "name": "排行甲", "points": 30}]
    assert board(county_b, c=community, **span) == []
    bad = county_a.raw(LEADERBOARD, {"start": "2026-02-01", "end": "2025-01-01"}).json()
    assert bad["errors"][0]["extensions"]["code"] == "VALIDATION_FAILED"


DUTY = """mutation($input: AwardDutyPointsInput!) { awardDutyPoints(input: $input) {
  __typename ... on PointsPosting { transactionId balance } %s } }""" % ERR


def test_duty_points_once_per_month_and_role(county_a, superuser_db):
    """A rule in 2020 (an era no other test uses) paying for duty months."""
    county_a(RULE, input={"effectiveFrom": "2020-06-01", "pointsPerHour": 10, "pointsPerCase": 5,
                          "pointsPerDuty": 25})
    v = register(county_a, "支部委员", kind="party_member", memberId=party_members(county_a, 1)[0])
    duty = {"volunteerId": v["id"], "month": "2020-07", "role": "grid_branch"}
    assert county_a(DUTY, input=duty)["awardDutyPoints"]["balance"] == 25
    again = county_a(DUTY, input=duty)["awardDutyPoints"]
    assert (again["code"], again["field"]) == ("CONFLICT", "month")
    unpaid = county_a(DUTY, input={**duty, "month": "2019-07"})["awardDutyPoints"]
    assert (unpaid["code"], unpaid["field"]) == ("CONFLICT", "month")
    before = superuser_db("volunteer", "SELECT count(*) FROM entries")
    bad = county_a(DUTY, input={**duty, "role": "mayor", "month": "2020-13"})["awardDutyPoints"]
    assert {e["field"] for e in bad["fieldErrors"]} == {"role", "month"}
    assert superuser_db("volunteer", "SELECT count(*) FROM entries") == before
    assert county_a(VOLUNTEER, id=v["id"])["volunteer"]["balance"] == 25


def test_a_resident_checks_in_only_on_site_time_and_only_as_themselves(county_a, gateway_url):
    from shared.settings import Settings
    from shared.tokens import mint_dev_token
    from tests.support import TEST_JWT_SECRET

    subject = f"resident-{label()}"
    me = Client(gateway_url, mint_dev_token(Settings(jwt_secret=TEST_JWT_SECRET), tenant="341181",
                                            roles=["resident"], subject=subject))
    mine, other = register(county_a, subject=subject), register(county_a)
    now_on = activity(county_a, start=datetime.now(timezone.utc) - timedelta(minutes=30))
    over = activity(county_a, start=datetime.now(timezone.utc) - timedelta(hours=6), hours=2)
    for act in (now_on, over):
        assert me(SIGN_UP, v=mine["id"], a=act["id"])["signUpForActivity"]["status"] == "signed_up"
    late = me(CHECK_IN, v=mine["id"], a=over["id"],
              code=county_a(CODE, a=over["id"])["activityCheckinCode"])["checkInToActivity"]
    assert (late["code"], late["field"]) == ("CONFLICT", "activityId")
    code = county_a(CODE, a=now_on["id"])["activityCheckinCode"]
    assert me(CHECK_IN, v=mine["id"], a=now_on["id"], code=code)["checkInToActivity"]["checkedInAt"]
    assert me.raw(CODE, {"a": now_on["id"]}).json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    foreign = me.raw(SIGN_UP, {"v": other["id"], "a": now_on["id"]}).json()
    assert foreign["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    staff = county_a(CHECK_IN, v=mine["id"], a=over["id"],
                     code=county_a(CODE, a=over["id"])["activityCheckinCode"])["checkInToActivity"]
    assert staff["checkedInAt"]  # staff record attendance afterwards (补签)
