"""Intake rules on SQLite: evidence stored with its hash and refused twice, the grid's compound by
default, likely duplicates (same category and compound, open, recent), merge on both timelines."""
import uuid
from datetime import timedelta

import pytest
import sqlalchemy as sa

from services.dispatch import intake
from services.dispatch.models import Case, CaseEvidence
from shared.contracts import dispatch as c
from shared.contracts.validation import validate
from shared.db import open_tenant_session
from shared.errors import Conflict, ValidationFailed
from tests.services.dispatch.support import ADMIN, TENANT, act, events, record, timeline

COMPOUND = str(uuid.uuid4())
PLACE = {"street_id": str(uuid.uuid4()), "community_id": str(uuid.uuid4()), "compound_id": COMPOUND}
PHOTO = {"uri": "https://oss.example.cn/a.jpg", "sha256": "AB" * 32, "size": 10, "media_type": "image/jpeg"}


def report(factory, place=PLACE, **fields):
    data = validate(c.CaseIn, {"grid_id": str(uuid.uuid4()), "category": "environment",
                               "description": "垃圾堆放", **fields})
    with open_tenant_session(factory, TENANT) as session, session.begin():
        case = intake.report(session, record, data, place, "resident-1", intake.compound_of(data, place))
        return case.id


def duplicates(factory, case_id):
    with open_tenant_session(factory, TENANT) as session:
        case = session.get(Case, (TENANT, case_id))
        return [d.id for d in intake.likely_duplicates(session, None, case)]


def test_evidence_is_stored_lowercased_and_refused_twice(factory):
    case_id = report(factory, evidence=[PHOTO])
    with open_tenant_session(factory, TENANT) as session:
        rows = session.scalars(sa.select(CaseEvidence)).all()
    assert [(r.seq, r.sha256, r.size) for r in rows] == [(1, "ab" * 32, 10)]
    with pytest.raises(Conflict) as refused:
        act(factory, case_id, "accept", evidence=[PHOTO])
    assert refused.value.field == "evidence"
    assert timeline(factory, case_id)[-1][1] == "report"  # the accept was rolled back


@pytest.mark.parametrize("bad, field", [
    ({"sha256": "xyz"}, "evidence.0.sha256"), ({"size": 0}, "evidence.0.size"),
    ({"media_type": "text/html"}, "evidence.0.media_type"), ({"uri": "http://a/b"}, "evidence.0.uri"),
])
def test_bad_evidence_names_the_field(bad, field):
    with pytest.raises(ValidationFailed) as refused:
        validate(c.CaseIn, {"grid_id": str(uuid.uuid4()), "category": "x", "description": "d",
                            "evidence": [{**PHOTO, **bad}]})
    assert refused.value.field == field


def test_compound_and_building_checks():
    grid_only = {**PLACE, "compound_id": None}
    named = validate(c.CaseIn, {"grid_id": str(uuid.uuid4()), "category": "x", "description": "d",
                                "compound_id": str(uuid.uuid4())})
    assert intake.compound_of(named, grid_only) == named.compound_id
    with pytest.raises(ValidationFailed) as other:
        intake.compound_of(named, PLACE)
    assert other.value.field == "compound_id"
    building = validate(c.CaseIn, {"grid_id": str(uuid.uuid4()), "category": "x", "description": "d",
                                   "building_id": str(uuid.uuid4())})
    with pytest.raises(ValidationFailed):
        intake.compound_of(building, grid_only)
    with pytest.raises(ValidationFailed):
        intake.check_building(building.building_id, [{"id": str(uuid.uuid4())}])
    intake.check_building(building.building_id, [{"id": str(building.building_id)}])


def test_likely_duplicates_same_category_compound_open_and_recent(factory):
    first = report(factory)
    other_category = report(factory, category="parking")
    other_compound = report(factory, place={**PLACE, "compound_id": str(uuid.uuid4())})
    second = report(factory)
    assert duplicates(factory, second) == [first]
    assert other_category not in duplicates(factory, first) and other_compound not in duplicates(factory, first)
    with open_tenant_session(factory, TENANT) as session, session.begin():  # an old one is not recent
        session.get(Case, (TENANT, first)).reported_at -= timedelta(days=c.DUPLICATE_WINDOW_DAYS + 1)
    assert duplicates(factory, second) == []


def test_merge_writes_both_timelines_and_case_merged(factory):
    target, duplicate = report(factory), report(factory)
    act(factory, duplicate, "merge", into_case_id=str(target), note="同一问题")
    assert [t[1] for t in timeline(factory, target)] == ["report", "merge_in"]
    assert [t[1] for t in timeline(factory, duplicate)] == ["report", "merge"]
    kinds = [e for e, _ in events(factory, duplicate)]
    assert kinds == ["case.reported", "case.merged", "case.closed"]
    assert dict(events(factory, duplicate))["case.merged"]["into_case_id"] == str(target)
    assert ADMIN.subject == timeline(factory, target)[-1][5]
