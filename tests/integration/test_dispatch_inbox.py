"""The notification inbox (消息中心) through the gateway: a report reaches its grid's workers, the
reporter follows their case, a whistle reaches each department; reading is per person; another
county sees nothing."""
from __future__ import annotations

import uuid

from shared.principal import Scope
from shared.settings import Settings
from shared.tokens import mint_dev_token
from tests.integration.conftest import Client, token
from tests.integration.dispatch_ops import ACCEPT, RATE, RESOLVE, VERIFY, person, report, run
from tests.integration.territory_ops import lay_out
from tests.support import TEST_JWT_SECRET

INBOX = """query($first: Int!, $after: String, $unreadOnly: Boolean) {
  myNotifications(first: $first, after: $after, unreadOnly: $unreadOnly) {
    edges { cursor node { id kind caseId seq audience departmentId departmentName title summary
      titleZh titleEn summaryZh summaryEn createdAt readAt } }
    pageInfo { hasNextPage endCursor } } }"""
MARK = """mutation($ids: [ID!]!) { markNotificationsRead(ids: $ids) { __typename
  ... on NotificationsRead { unread notifications { id readAt } }
  ... on OperationError { code field message } } }"""
WHISTLE = """mutation($input: WhistleCaseInput!) { whistleCase(input: $input) {
  __typename ... on Case { id } ... on OperationError { code field message } } }"""


def department_token(tenant: str, department_id: str | None) -> str:
    """A ``department`` account's token naming its department (none when ``department_id`` is None)."""
    return mint_dev_token(Settings(jwt_secret=TEST_JWT_SECRET), tenant=tenant, roles=["department"],
                          department=department_id, lifetime=3600)


def notices(client: Client, case_id: str | None = None, unread_only: bool | None = None) -> list[dict]:
    """The client's notices (of one case when given), newest first, every page."""
    out, after = [], None
    while True:
        page = client(INBOX, first=50, after=after, unreadOnly=unread_only)["myNotifications"]
        out += [e["node"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    return [n for n in out if case_id is None or n["caseId"] == case_id]


def mark(client: Client, ids: list[str]) -> dict:
    return client(MARK, ids=ids)["markNotificationsRead"]


def grid_worker(gateway_url: str, grid_id: str, tenant: str = "341181", language: str = "en") -> Client:
    return Client(gateway_url, token(tenant, "grid_worker", scope=Scope("grid", grid_id)), language)


def test_a_report_reaches_its_grids_workers_and_reading_is_per_person(county_a, gateway_url, superuser_db):
    place, elsewhere = lay_out(county_a), lay_out(county_a)
    resident = person(gateway_url, "resident", f"resident-{uuid.uuid4().hex[:8]}")
    case_id = report(resident, place["grid"], description="张三家门口垃圾堆放三天")
    one, two = grid_worker(gateway_url, place["grid"]), grid_worker(gateway_url, place["grid"], language="zh")
    [notice] = notices(one)
    assert (notice["kind"], notice["caseId"], notice["seq"], notice["audience"]) == (
        "case.reported", case_id, 1, "grid_worker")
    assert notice["title"] == "New case to accept" and notice["readAt"] is None
    assert notices(two)[0]["title"] == "新事件待受理" == notices(two)[0]["titleZh"]
    assert "张三" not in notice["summaryZh"] + notice["summaryEn"]  # no personal data
    assert notices(grid_worker(gateway_url, elsewhere["grid"])) == []
    assert notices(resident, case_id) == []  # not told of their own report
    assert notices(grid_worker(gateway_url, place["grid"], tenant="341102")) == []

    marked = mark(one, [notice["id"]])
    assert marked["__typename"] == "NotificationsRead" and marked["unread"] == 0
    assert marked["notifications"][0]["readAt"] is not None
    assert notices(one, unread_only=True) == [] and notices(one)[0]["readAt"] is not None
    assert [n["id"] for n in notices(two, unread_only=True)] == [notice["id"]]  # per person

    refused = mark(grid_worker(gateway_url, elsewhere["grid"]), [notice["id"]])
    assert (refused["code"], refused["field"]) == ("NOT_FOUND", "ids")
    refused = mark(grid_worker(gateway_url, place["grid"], tenant="341102"), [notice["id"]])
    assert (refused["code"], refused["field"]) == ("NOT_FOUND", "ids")
    assert mark(one, [])["code"] == "VALIDATION_FAILED"
    assert superuser_db("dispatch", "SELECT count(*) FROM notification_reads WHERE notification_id = :n",
                        n=uuid.UUID(notice["id"])) == 1
    assert superuser_db("dispatch", "SELECT count(*) FROM notifications WHERE case_id = :c",
                        c=uuid.UUID(case_id)) == 1


def test_the_reporter_is_told_of_each_step_of_their_case(county_a, gateway_url):
    place = lay_out(county_a)
    resident = person(gateway_url, "resident", f"resident-{uuid.uuid4().hex[:8]}")
    case_id = report(resident, place["grid"])
    run(county_a, ACCEPT, caseId=case_id)
    run(county_a, RESOLVE, caseId=case_id)
    run(county_a, VERIFY, caseId=case_id)
    run(county_a, RATE, caseId=case_id, rating="BASICALLY_SATISFIED")  # taken by phone
    mine = notices(resident, case_id)
    assert [n["kind"] for n in mine] == ["case.rated", "case.verified", "case.resolved", "case.accepted"]
    assert {n["audience"] for n in mine} == {"you"}
    assert mine[0]["summaryZh"] == "评议结果：基本满意。" and mine[0]["title"] == "Your case was rated"
    page = resident(INBOX, first=2, after=None, unreadOnly=None)["myNotifications"]
    assert page["pageInfo"]["hasNextPage"] is True
    rest = resident(INBOX, first=50, after=page["pageInfo"]["endCursor"], unreadOnly=None)["myNotifications"]
    assert [e["node"]["kind"] for e in page["edges"] + rest["edges"]
            if e["node"]["caseId"] == case_id] == [n["kind"] for n in mine]
    assert notices(county_a, case_id) == []  # the admin acted: told of nothing


def test_a_whistle_tells_each_department(county_a, county_b, gateway_url):
    place = lay_out(county_a)
    case_id = report(county_a, place["grid"], category="dispute")
    run(county_a, ACCEPT, caseId=case_id, level="STREET")
    street = Client(gateway_url, token("341181", "street_staff", scope=Scope("street", place["street"])))
    assert [n["kind"] for n in notices(street, case_id)] == ["case.assigned"]
    departments = [{"departmentId": str(uuid.uuid4()), "name": f"{n}{uuid.uuid4().hex[:4]}"}
                   for n in ("城管局", "住建局")]
    assert run(street, WHISTLE, caseId=case_id, departments=departments)["__typename"] == "Case"
    for department in departments:  # each department's accounts see their own notice only
        told = notices(Client(gateway_url, department_token("341181", department["departmentId"])), case_id)
        assert [(n["kind"], n["audience"], n["departmentId"], n["departmentName"]) for n in told] == [
            ("case.whistled", "department", department["departmentId"], department["name"])]
    assert notices(Client(gateway_url, department_token("341181", None)), case_id) == []  # names none
    assert [n["kind"] for n in notices(street, case_id)] == ["case.assigned"]  # its own whistle
    other_county = department_token("341102", departments[0]["departmentId"])
    assert notices(Client(gateway_url, other_county), case_id) == []
    assert notices(county_b) == []
