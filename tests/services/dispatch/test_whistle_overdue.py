"""Whistle parts past their deadlines over SQLite (no nameko): the overdue sweep marks a part not
reported by respondBy (超时未报到) and one not resolved by dueAt (超期未办结) once each, with a
timeline entry and a whistle.overdue notice to the department and the street's staff."""
import uuid
from datetime import timedelta

import sqlalchemy as sa

from services.dispatch import supervision
from services.dispatch.models import Case, CaseTimeline, Notification, WhistlePart
from shared.contracts import dispatch as c
from shared.db import open_tenant_session, utcnow
from tests.services.dispatch.support import TENANT, record
from tests.services.dispatch.test_whistle import DEPARTMENTS, part_step, street_case, summon


def set_part(factory, part_id, **values):
    with open_tenant_session(factory, TENANT) as session, session.begin():
        part = session.get(WhistlePart, (TENANT, uuid.UUID(part_id)))
        for name, value in values.items():
            setattr(part, name, value)


def marks(factory, case_id):
    with open_tenant_session(factory, TENANT) as session:
        parts = session.scalars(sa.select(WhistlePart).where(WhistlePart.case_id == case_id)
                                .order_by(WhistlePart.department_name)).all()
        return {p.department_name: (p.response_overdue_at is not None, p.resolve_overdue_at is not None)
                for p in parts}


def overdue_steps(factory, case_id):
    with open_tenant_session(factory, TENANT) as session:
        entries = session.scalars(sa.select(CaseTimeline).where(
            CaseTimeline.case_id == case_id, CaseTimeline.action == "part_overdue")
            .order_by(CaseTimeline.seq)).all()
        return [(e.actor, e.note, e.details["deadline"], e.details["department"]) for e in entries]


def test_the_selection_rule():
    """Past the deadline, not done, not marked — and nothing else."""
    now = utcnow()
    table = sa.table("whistle_parts", *(sa.column(n) for n in (
        "name", "respond_by", "reported_at", "response_overdue_at", "due_at", "resolved_at",
        "resolve_overdue_at")))
    engine = sa.create_engine("sqlite://")
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE whistle_parts (name TEXT, respond_by TIMESTAMP, "
                             "reported_at TIMESTAMP, response_overdue_at TIMESTAMP, due_at TIMESTAMP, "
                             "resolved_at TIMESTAMP, resolve_overdue_at TIMESTAMP)")
        past, future = now - timedelta(hours=1), now + timedelta(hours=1)
        rows = {  # name: respond_by, reported_at, response mark, due_at, resolved_at, resolve mark
            "late_both": (past, None, None, past, None, None),
            "not_due": (future, None, None, future, None, None),
            "reported_late": (past, past, None, future, None, None),
            "marked_both": (past, None, past, past, None, past),
            "resolved_late": (past, past, None, past, past, None),
            "due_unreported_marked": (past, None, past, past, None, None),
        }
        conn.execute(sa.text("INSERT INTO whistle_parts VALUES (:n, :a, :b, :c, :d, :e, :f)"), [
            dict(zip("nabcdef", (name, *values), strict=True)) for name, values in rows.items()])

        def chosen(kind):
            return sorted(conn.scalars(sa.select(table.c.name).where(
                supervision.part_overdue(table.c, kind, now))))

        assert chosen("response") == ["late_both"]
        assert chosen("resolve") == ["due_unreported_marked", "late_both"]


def test_each_part_deadline_is_marked_once(factory):
    case_id = street_case(factory)
    parts = {p["department_name"]: p for p in summon(factory, case_id, DEPARTMENTS[:2])}
    silent, slow = parts[DEPARTMENTS[0]["name"]], parts[DEPARTMENTS[1]["name"]]
    assert supervision.sweep(factory, record) == 0  # nothing is due yet
    # the first never reports; the second reports on time but does not resolve by its due time
    part_step(factory, slow, "report")
    set_part(factory, silent["id"], respond_by=utcnow() - timedelta(minutes=5))
    set_part(factory, slow["id"], due_at=utcnow() - timedelta(minutes=5))

    assert supervision.sweep(factory, record) == 2
    assert marks(factory, case_id) == {silent["department_name"]: (True, False),
                                       slow["department_name"]: (False, True)}
    with open_tenant_session(factory, TENANT) as session:
        first = session.get(WhistlePart, (TENANT, uuid.UUID(silent["id"]))).response_overdue_at
    assert supervision.sweep(factory, record) == 0  # a second pass changes nothing
    with open_tenant_session(factory, TENANT) as session:
        assert session.get(WhistlePart, (TENANT, uuid.UUID(silent["id"]))).response_overdue_at == first
    steps = overdue_steps(factory, case_id)
    assert steps == [(None, f"吹哨任务：{silent['department_name']}超时未报到", "response",
                      silent["department_name"]),
                     (None, f"吹哨任务：{slow['department_name']}超期未办结", "resolve",
                      slow["department_name"])]

    with open_tenant_session(factory, TENANT) as session:
        notices = session.scalars(sa.select(Notification).where(
            Notification.kind == c.NOTICE_WHISTLE_OVERDUE).order_by(Notification.seq,
                                                                     Notification.recipient)).all()
        told = [(n.recipient, n.title_zh) for n in notices]
        summaries = [(n.summary_zh, n.summary_en) for n in notices]
    assert told == [(f"department:{silent['department_id']}", "吹哨任务超时未报到"),
                    ("role:street_staff", "吹哨任务超时未报到"),
                    (f"department:{slow['department_id']}", "吹哨任务超期未办结"),
                    ("role:street_staff", "吹哨任务超期未办结")]
    assert all(silent["department_name"] in zh and silent["department_name"] in en
               for zh, en in summaries[:2])

    # the silent department now also misses its due time: that deadline is marked, once
    set_part(factory, silent["id"], due_at=utcnow() - timedelta(minutes=1))
    assert supervision.sweep(factory, record) == 1
    assert supervision.sweep(factory, record) == 0
    assert marks(factory, case_id)[silent["department_name"]] == (True, True)


def test_a_claimed_part_is_not_marked_again(factory):
    """Two replicas that both listed the part: the second one's claim matches nothing."""
    case_id = street_case(factory)
    [part] = summon(factory, case_id, DEPARTMENTS[:1])
    set_part(factory, part["id"], respond_by=utcnow() - timedelta(minutes=5))
    now = utcnow()
    listed = supervision.part_candidates(factory.kw["bind"], now)
    assert listed == [(TENANT, uuid.UUID(part["id"]), "response")]
    for expected in (True, False):
        with open_tenant_session(factory, TENANT) as session, session.begin():
            assert supervision.mark_part(session, uuid.UUID(part["id"]), "response", now) is expected
    assert len(overdue_steps(factory, case_id)) == 1
    assert supervision.part_candidates(factory.kw["bind"], now) == []


def test_parts_of_closed_cases_or_other_counties_stay_unmarked(factory):
    case_id = street_case(factory)
    [part] = summon(factory, case_id, DEPARTMENTS[:1])
    set_part(factory, part["id"], respond_by=utcnow() - timedelta(minutes=5))
    with open_tenant_session(factory, TENANT) as session, session.begin():  # no longer open
        session.get(Case, (TENANT, case_id)).status = "resolved"
    assert supervision.part_candidates(factory.kw["bind"], utcnow()) == []
    assert supervision.sweep(factory, record) == 0
    with open_tenant_session(factory, "341102") as session, session.begin():
        assert supervision.mark_part(session, uuid.UUID(part["id"]), "response", utcnow()) is False
    assert marks(factory, case_id) == {part["department_name"]: (False, False)}
