"""The notification inbox (消息中心) over SQLite: who is told of which step, who sees what, reading."""
import uuid
from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from services.dispatch import intake, notifications, supervision, whistle
from services.dispatch.models import Case, CaseTimeline, Notification, NotificationRead
from shared.contracts import dispatch as c
from shared.contracts.validation import validate
from shared.db import open_tenant_session, utcnow
from shared.errors import CivicError
from shared.principal import Principal, Scope
from tests.services.dispatch.support import ADMIN, GRID, TENANT, act, record

STREET, COMMUNITY = GRID["street_id"], GRID["community_id"]
RESIDENT = "resident-7"


def worker(grid_id, subject="gw-1", tenant=TENANT) -> Principal:
    return Principal(tenant, subject, ("grid_worker",), Scope("grid", str(grid_id)))


def report(factory, grid_id, reporter=RESIDENT, category="environment", tenant=TENANT, **extra):
    data = validate(c.CaseIn, {"grid_id": str(grid_id), "category": category,
                               "description": "王某家门口垃圾堆放", **extra})
    with open_tenant_session(factory, tenant) as session, session.begin():
        return intake.report(session, record, data, GRID, reporter).id


def inbox(factory, principal, unread_only=False, tenant=TENANT):
    with open_tenant_session(factory, tenant) as session:
        return [notifications.out(n, read_at) for n, read_at in
                notifications.inbox(session, principal, 100, None, unread_only)]


def mark(factory, principal, ids, tenant=TENANT):
    with open_tenant_session(factory, tenant) as session, session.begin():
        rows = notifications.mark_read(session, principal, ids)
        return [notifications.out(n, r) for n, r in rows], notifications.unread_count(session, principal)


# ---- the audience rules, pure ------------------------------------------------------------------
def rule(action, level="grid", to_status="accepted", reporter=RESIDENT, actor="admin-1",
         departments=(), level_before="grid"):
    return [(kind, r.key) for kind, r in notifications.recipients(
        action, level=level, to_status=to_status, reporter=reporter, actor=actor,
        departments=departments, level_before=level_before)]


def test_who_is_told_of_each_step():
    assert rule("report", level=None, actor=RESIDENT) == [("case.reported", "role:grid_worker")]
    assert rule("report", level="building") == [("case.reported", "role:grid_worker")]
    assert rule("report", level="community") == [("case.reported", "role:community_staff")]
    assert rule("escalate", level="street") == [("case.escalated", "role:street_staff")]
    assert rule("accept", level="street", level_before=None) == [
        ("case.assigned", "role:street_staff"), ("case.accepted", f"subject:{RESIDENT}")]
    assert rule("accept", level="grid", level_before="building") == [
        ("case.accepted", f"subject:{RESIDENT}")]  # the same grid workers were told
    assert rule("supervise", level="community") == [("case.supervised", "role:community_staff")]
    for action, kind in [("accept", "case.accepted"), ("reject", "case.rejected"),
                         ("merge", "case.merged"), ("resolve", "case.resolved"),
                         ("verify", "case.verified"), ("rate", "case.rated")]:
        assert rule(action, to_status="resolved") == [(kind, f"subject:{RESIDENT}")]
    assert rule("rate", to_status="accepted", level="community") == [
        ("case.reopened", f"subject:{RESIDENT}"), ("case.reopened", "role:community_staff")]
    one, two = uuid.uuid4(), uuid.uuid4()
    assert rule("whistle", departments=[(one, "城管局"), (two, "住建局"), (one, "城管局")]) == [
        ("case.whistled", f"department:{one}"), ("case.whistled", f"department:{two}")]


def test_nobody_is_told_of_their_own_step_or_of_silent_steps():
    assert rule("rate", to_status="rated", actor=RESIDENT) == []  # the reporter rated it
    assert rule("resolve", reporter=None) == []  # no reporter (a system report)
    for action in ("archive", "merge_in", "report_in", "part_resolve"):
        assert rule(action) == []


# ---- written with the step, seen by its audience -----------------------------------------------
def test_a_report_reaches_the_grids_workers_only(factory):
    grid, other_grid = uuid.uuid4(), uuid.uuid4()
    case_id = report(factory, grid)
    [notice] = inbox(factory, worker(grid))
    assert (notice["kind"], notice["case_id"], notice["seq"], notice["audience"]) == (
        "case.reported", str(case_id), 1, "grid_worker")
    assert notice["title_zh"] == "新事件待受理" and "环境卫生" in notice["summary_zh"]
    assert "王某" not in notice["summary_zh"] + notice["summary_en"]  # no description: no personal data
    assert notice["read_at"] is None
    assert inbox(factory, worker(other_grid)) == []
    assert inbox(factory, Principal(TENANT, "cs-1", ("community_staff",),
                                    Scope("community", COMMUNITY))) == []  # not its role
    assert [n["case_id"] for n in inbox(factory, Principal(TENANT, "gw-county", ("grid_worker",)))] == [
        str(case_id)]  # a county-wide grid worker: every grid is in its scope
    assert inbox(factory, Principal(TENANT, RESIDENT, ("resident",))) == []  # their own step
    assert inbox(factory, worker(grid), tenant="341102") == []


def test_the_grid_worker_who_reports_is_not_told(factory):
    grid = uuid.uuid4()
    report(factory, grid, reporter="gw-1", source="patrol")
    assert inbox(factory, worker(grid, "gw-1")) == []
    assert len(inbox(factory, worker(grid, "gw-2"))) == 1


def test_the_reporter_follows_their_case_and_the_level_follows_escalation(factory):
    grid = uuid.uuid4()
    case_id = report(factory, grid)
    community = Principal(TENANT, "cs-1", ("community_staff",), Scope("community", COMMUNITY))
    street = Principal(TENANT, "ss-1", ("street_staff",), Scope("street", STREET))
    act(factory, case_id, "accept", principal=worker(grid, "gw-1"))
    act(factory, case_id, "escalate", principal=worker(grid, "gw-1"))
    assert [n["kind"] for n in inbox(factory, community)] == ["case.escalated"]
    assert inbox(factory, street) == []
    act(factory, case_id, "resolve", principal=community)
    act(factory, case_id, "verify", principal=community)
    act(factory, case_id, "rate", principal=community, rating="unsatisfied")  # by phone, for them
    me = Principal(TENANT, RESIDENT, ("resident",))
    assert [n["kind"] for n in inbox(factory, me)] == [
        "case.reopened", "case.verified", "case.resolved", "case.accepted"]
    assert all(n["audience"] == "you" for n in inbox(factory, me))
    assert [n["kind"] for n in inbox(factory, community)] == ["case.escalated"]  # its own steps
    other = Principal(TENANT, "cs-2", ("community_staff",), Scope("community", COMMUNITY))
    assert [n["kind"] for n in inbox(factory, other)] == ["case.reopened", "case.escalated"]
    act(factory, case_id, "resolve", principal=community)
    act(factory, case_id, "verify", principal=me)
    act(factory, case_id, "rate", principal=me, rating="satisfied")  # their own: nothing new
    assert [n["kind"] for n in inbox(factory, me)][:2] == ["case.resolved", "case.reopened"]
    with open_tenant_session(factory, TENANT) as session:  # one row per (step, recipient)
        rows = session.execute(sa.select(Notification.seq, Notification.recipient)).all()
    assert len(rows) == len(set(rows))


def test_a_step_cannot_be_notified_twice(factory):
    case_id = report(factory, uuid.uuid4())
    with open_tenant_session(factory, TENANT) as session, session.begin():
        case = session.get(Case, (TENANT, case_id))
        entry = session.scalar(sa.select(CaseTimeline).where(CaseTimeline.case_id == case_id))
        notifications.notify(session, case, entry)
        with pytest.raises(IntegrityError):
            session.flush()


def test_a_retried_report_notifies_once(factory):
    grid = uuid.uuid4()
    first = report(factory, grid, client_request_id="req-1")
    assert report(factory, grid, client_request_id="req-1") == first
    assert len(inbox(factory, worker(grid))) == 1


def test_a_whistle_tells_each_department_and_overdue_tells_the_level(factory):
    case_id = report(factory, uuid.uuid4(), category="dispute")
    act(factory, case_id, "accept", level="street")
    departments = [{"department_id": str(uuid.uuid4()), "name": n} for n in ("城管局", "住建局")]
    data = validate(c.WhistleIn, {"case_id": str(case_id), "departments": departments})
    with open_tenant_session(factory, TENANT) as session, session.begin():
        whistle.whistle(session, record, ADMIN, data)
    notices = [n for d in departments for n in inbox(factory, Principal(  # each sees its own
        TENANT, "dept-1", ("department",), department_id=d["department_id"]))]
    assert sorted((n["department_name"], n["kind"]) for n in notices) == [
        ("住建局", "case.whistled"), ("城管局", "case.whistled")]
    assert {n["department_id"] for n in notices} == {d["department_id"] for d in departments}
    assert all("报到" in n["summary_zh"] for n in notices)
    with open_tenant_session(factory, TENANT) as session, session.begin():
        session.get(Case, (TENANT, case_id)).due_at = utcnow() - timedelta(hours=1)
    assert supervision.sweep(factory, record) == 1
    street = Principal(TENANT, "ss-1", ("street_staff",), Scope("street", STREET))
    assert [n["kind"] for n in inbox(factory, street)] == ["case.supervised", "case.assigned"]


# ---- reading -----------------------------------------------------------------------------------
def test_reading_is_per_person(factory):
    grid = uuid.uuid4()
    first, second = report(factory, grid), report(factory, grid)
    one, two = worker(grid, "gw-1"), worker(grid, "gw-2")
    ids = [n["id"] for n in inbox(factory, one)]
    marked, unread = mark(factory, one, [ids[0], ids[0]])
    assert [m["id"] for m in marked] == [ids[0]] and marked[0]["read_at"] is not None
    assert unread == 1
    assert mark(factory, one, [ids[0]])[0][0]["read_at"] == marked[0]["read_at"]  # again: harmless
    assert [n["case_id"] for n in inbox(factory, one, unread_only=True)] == [str(first)]
    assert len(inbox(factory, two, unread_only=True)) == 2  # the other worker has not read it
    assert {str(second), str(first)} == {n["case_id"] for n in inbox(factory, one)}


def test_marking_what_is_not_yours_marks_nothing(factory):
    grid = uuid.uuid4()
    report(factory, grid)
    [mine] = inbox(factory, worker(grid))
    for principal, ids, code in [
        (worker(uuid.uuid4()), [mine["id"]], "NOT_FOUND"),  # another grid's worker
        (worker(grid), [mine["id"], str(uuid.uuid4())], "NOT_FOUND"),
        (worker(grid), [], "VALIDATION_FAILED"),
        (worker(grid), ["x"], "VALIDATION_FAILED"),
        (worker(grid), [mine["id"]] * 101, "VALIDATION_FAILED"),
    ]:
        with pytest.raises(CivicError) as info:
            mark(factory, principal, ids)
        assert (info.value.code, info.value.field) == (code, "ids")
    with pytest.raises(CivicError) as info:
        mark(factory, worker(grid, tenant="341102"), [mine["id"]], tenant="341102")
    assert info.value.code == "NOT_FOUND"
    with open_tenant_session(factory, TENANT) as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(NotificationRead)) == 0
    with pytest.raises(CivicError) as info:
        inbox(factory, None)
    assert info.value.code == "FORBIDDEN"


def test_pages_follow_the_cursor(factory):
    grid = uuid.uuid4()
    cases = [report(factory, grid) for _ in range(3)]
    with open_tenant_session(factory, TENANT) as session:
        first = notifications.inbox(session, worker(grid), 2, None)
        cursor = f"{first[-1][0].created_at.isoformat()}|{first[-1][0].id}"
        rest = notifications.inbox(session, worker(grid), 2, cursor)
    seen = [str(n.case_id) for n, _ in first + rest]
    assert sorted(seen) == sorted(map(str, cases)) and len(rest) == 1


def test_the_unread_count_is_of_the_callers_county(factory):
    grid = uuid.uuid4()
    report(factory, grid)
    report(factory, grid, tenant="341102")
    report(factory, grid, tenant="341102")
    [mine] = inbox(factory, worker(grid))
    assert mark(factory, worker(grid), [mine["id"]])[1] == 0
    with open_tenant_session(factory, "341102") as session:
        assert notifications.unread_count(session, worker(grid, tenant="341102")) == 2
