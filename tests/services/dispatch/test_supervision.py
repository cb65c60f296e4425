"""The overdue sweep over SQLite: flags each overdue open case once per deadline step."""
import uuid
from datetime import timedelta

import sqlalchemy as sa

from services.dispatch import supervision
from services.dispatch.models import Case, CaseTimeline, Supervision, outbox
from shared.contracts import dispatch as c
from shared.db import open_tenant_session, utcnow
from tests.services.dispatch.support import TENANT, act, new_case, record


def overdue(factory, case_id, tenant=TENANT, hours=1):
    with open_tenant_session(factory, tenant) as session, session.begin():
        session.get(Case, (tenant, case_id)).due_at = utcnow() - timedelta(hours=hours)


def supervisions(factory, tenant=TENANT):
    with open_tenant_session(factory, tenant) as session:
        return sorted((str(s.case_id), s.step) for s in session.scalars(sa.select(Supervision)))


def test_each_overdue_case_once_per_step(factory):
    late, on_time, resolved = new_case(factory), new_case(factory), new_case(factory)
    other_county = new_case(factory, tenant="341102")
    for case_id in (late, on_time, resolved):
        act(factory, case_id, "accept")
    act(factory, other_county, "accept", tenant="341102")
    overdue(factory, late)
    overdue(factory, resolved)
    overdue(factory, other_county, tenant="341102")
    act(factory, resolved, "resolve")

    assert supervision.sweep(factory, record) == 2  # both tenants' late cases
    assert supervision.sweep(factory, record) == 0  # a second sweep finds nothing new
    assert supervisions(factory) == [(str(late), 1)]
    assert supervisions(factory, "341102") == [(str(other_county), 1)]
    with open_tenant_session(factory, TENANT) as session:
        case = session.get(Case, (TENANT, late))
        assert case.supervised_step == 1 and case.status == "accepted"
        entry = session.scalars(sa.select(CaseTimeline).where(CaseTimeline.case_id == late)
                                .order_by(CaseTimeline.seq.desc())).first()
        assert (entry.action, entry.from_status, entry.to_status) == ("supervise", "accepted", "accepted")
        payloads = [r.payload for r in session.execute(sa.select(outbox)).all()
                    if r.event_type == c.CASE_SUPERVISED and r.tenant_id == TENANT]
    assert len(payloads) == 1 and c.CaseSupervised.model_validate(payloads[0]).step == 1

    act(factory, late, "escalate")  # a new deadline: step 2, not yet due
    assert supervision.sweep(factory, record) == 0
    overdue(factory, late)
    assert supervision.sweep(factory, record) == 1
    assert supervisions(factory) == [(str(late), 1), (str(late), 2)]


def test_a_stale_step_is_not_flagged_twice(factory):
    case_id = new_case(factory)
    act(factory, case_id, "accept")
    overdue(factory, case_id)
    now = utcnow()
    with open_tenant_session(factory, TENANT) as session, session.begin():
        assert supervision.flag(session, record, case_id, 1, now) is True
    with open_tenant_session(factory, TENANT) as session, session.begin():
        session.get(Case, (TENANT, case_id)).supervised_step = None  # as if read before the flag
    with open_tenant_session(factory, TENANT) as session, session.begin():
        assert supervision.flag(session, record, case_id, 1, now) is False  # unique (case, step)
    assert supervisions(factory) == [(str(case_id), 1)]
    assert uuid.UUID(supervisions(factory)[0][0]) == case_id
