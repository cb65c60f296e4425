"""Helpers of the dispatch unit tests: a migrated SQLite database, cases and steps on it."""
import uuid

import sqlalchemy as sa

from services.dispatch import closed_loop, intake
from services.dispatch.models import outbox
from shared.contracts import dispatch as c
from shared.contracts.validation import validate
from shared.db import open_tenant_session
from shared.outbox import record_event
from shared.principal import Principal

TENANT = "341181"
GRID = {"street_id": str(uuid.uuid4()), "community_id": str(uuid.uuid4())}
ADMIN = Principal(TENANT, "admin-1", ("county_admin",))


def record(session, event_type, payload):
    return record_event(session, outbox, event_type, payload)


def new_case(factory, category="environment", reporter="resident-7", tenant=TENANT):
    data = validate(c.CaseIn, {"grid_id": str(uuid.uuid4()), "category": category,
                               "description": "楼道堆放杂物"})
    with open_tenant_session(factory, tenant) as session, session.begin():
        return intake.report(session, record, data, GRID, reporter).id


def act(factory, case_id, action, principal=ADMIN, tenant=TENANT, **fields):
    data = validate(c.ACTION_INPUTS[action], {"case_id": str(case_id), **fields})
    with open_tenant_session(factory, tenant) as session, session.begin():
        return intake.case_out(closed_loop.transition(session, record, principal, action, data))


def events(factory, case_id):
    with open_tenant_session(factory, TENANT) as session:
        rows = session.execute(sa.select(outbox).order_by(outbox.c.created_at)).all()
    return [(r.event_type, r.payload) for r in rows if r.payload.get("case_id") == str(case_id)]


def timeline(factory, case_id):
    with open_tenant_session(factory, TENANT) as session:
        return [(t.seq, t.action, t.from_status, t.to_status, t.level, t.actor) for t in
                closed_loop.timelines(session, None, [case_id])]
