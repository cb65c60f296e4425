"""Case intake over a migrated SQLite database: the case and its event commit together."""
import uuid

import pytest
import sqlalchemy as sa

from services.dispatch import intake
from services.dispatch.models import Case, inbox, outbox
from shared.contracts.dispatch import CASE_REPORTED, CaseIn
from shared.contracts.validation import validate
from shared.db import make_engine, open_tenant_session, tenant_sessionmaker
from shared.errors import ValidationFailed
from shared.migrate import upgrade
from shared.outbox import first_delivery, record_event

TENANT = "341181"
GRID = {"street_id": str(uuid.uuid4()), "community_id": str(uuid.uuid4())}


def record(session, event_type, payload):
    return record_event(session, outbox, event_type, payload)


@pytest.fixture
def factory(tmp_path):
    url = f"sqlite:///{tmp_path / 'dispatch.sqlite'}"
    upgrade("dispatch", url)
    engine = make_engine(url)
    yield tenant_sessionmaker(engine)
    engine.dispose()


def counts(factory):
    with open_tenant_session(factory, TENANT) as session:
        cases = session.scalar(sa.select(sa.func.count()).select_from(Case))
        events = session.execute(sa.select(outbox)).all()
    return cases, events


def case_in(**over):
    return validate(CaseIn, {"grid_id": str(uuid.uuid4()), "category": "环境卫生",
                             "description": "楼道堆放杂物", **over})


def test_report_writes_case_and_one_event(factory):
    with open_tenant_session(factory, TENANT) as session, session.begin():
        case = intake.report(session, record, case_in(), GRID, "user-1")
    cases, events = counts(factory)
    assert cases == 1
    assert len(events) == 1
    event = events[0]
    assert (event.tenant_id, event.event_type, event.sent_at) == (TENANT, CASE_REPORTED, None)
    assert event.payload["case_id"] == str(case.id)
    assert event.payload["grid_id"] == str(case.grid_id)
    assert str(case.street_id) == GRID["street_id"] and case.reporter == "user-1"
    assert intake.case_out(case)["status"] == "reported"


def test_rolled_back_report_leaves_neither(factory):
    with pytest.raises(RuntimeError):
        with open_tenant_session(factory, TENANT) as session, session.begin():
            intake.report(session, record, case_in(), GRID, None)
            raise RuntimeError("grid service went away")
    assert counts(factory) == (0, [])


@pytest.mark.parametrize("over, field", [
    ({"description": "   "}, "description"),
    ({"category": "x" * 41}, "category"),
    ({"grid_id": "grid-1"}, "grid_id"),
])
def test_validation_names_the_field(over, field):
    with pytest.raises(ValidationFailed) as info:
        case_in(**over)
    assert info.value.field == field
    assert [e["field"] for e in info.value.details["errors"]] == [field]


def test_first_delivery_is_once_per_consumer(factory):
    message_id = uuid.uuid4()
    with open_tenant_session(factory, TENANT) as session, session.begin():
        assert first_delivery(session, inbox, "grid.case_reported", message_id) is True
        assert first_delivery(session, inbox, "grid.case_reported", str(message_id)) is False
        assert first_delivery(session, inbox, "volunteer.case_reported", message_id) is True
    with open_tenant_session(factory, TENANT) as session, session.begin():
        assert first_delivery(session, inbox, "grid.case_reported", message_id) is False
