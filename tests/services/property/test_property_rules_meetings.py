"""Three-party meetings (三联办): all sides attend, settled cases were discussed."""
import uuid
from datetime import date

import pytest

from services.property import meetings
from shared.contracts.property import AttendeeIn, MeetingIn
from shared.errors import ValidationFailed

SIDES = [AttendeeIn(side="party_org", name="社区书记"), AttendeeIn(side="company", name="项目经理"),
         AttendeeIn(side="committee", name="业委会主任")]


def meeting(**kw):
    return MeetingIn(**{"community_id": uuid.uuid4(), "community_name": "仁和社区", "held_on": date(2026, 10, 9),
                        "attendees": SIDES, **kw})


def test_record_and_list(session):
    a, b = uuid.uuid4(), uuid.uuid4()
    row = meetings.record(session, meeting(discussed_case_ids=[a, b, a], settled_case_ids=[a],
                                           decisions=["  物业公司三日内修复电梯 "]))
    assert (row.discussed, row.settled, row.decisions) == ([str(a), str(b)], [str(a)], ["物业公司三日内修复电梯"])
    assert [m.id for m in meetings.between(session, date(2026, 10, 1), date(2026, 10, 31))] == [row.id]
    assert meetings.between(session, date(2026, 11, 1), date(2026, 11, 30)) == []


@pytest.mark.parametrize("kw, field", [
    ({"attendees": SIDES[:2] + [AttendeeIn(side="company", name="x")]}, "attendees"),
    ({"discussed_case_ids": [uuid.uuid4()], "settled_case_ids": [uuid.uuid4()]}, "settledCaseIds"),
    ({"decisions": [" "]}, "decisions"),
])
def test_bad_meetings(session, kw, field):
    with pytest.raises(ValidationFailed) as info:
        meetings.record(session, meeting(**kw))
    assert info.value.field == field
