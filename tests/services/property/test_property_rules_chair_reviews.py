"""一述双评: the chair reports once a year; community and branch each grade once."""
import uuid
from datetime import date

import pytest

from services.property import chair_reviews, committees
from shared.contracts.property import ChairGradeIn, ChairReportIn, CommitteeIn
from shared.errors import Conflict, NotFound


def test_report_then_two_grades(session):
    committee = committees.create(session, CommitteeIn(compound_id=uuid.uuid4(), compound_name="仁和小区",
                                                       term_starts=date(2025, 1, 1), term_ends=date(2029, 12, 31)))
    grade = ChairGradeIn(committee_id=committee.id, year=2026, by="community", grade="good")
    with pytest.raises(NotFound):
        chair_reviews.grade(session, grade)
    chair_reviews.submit_report(session, ChairReportIn(committee_id=committee.id, year=2026, report="全年召开业主大会 2 次"))
    with pytest.raises(Conflict):
        chair_reviews.submit_report(session, ChairReportIn(committee_id=committee.id, year=2026, report="again"))
    chair_reviews.grade(session, grade)
    with pytest.raises(Conflict) as info:
        chair_reviews.grade(session, grade.model_copy(update={"grade": "poor"}))
    assert info.value.field == "by"
    row = chair_reviews.grade(session, grade.model_copy(update={"by": "branch", "grade": "excellent", "comment": "带头"}))
    out = chair_reviews.review_out(row)
    assert (out["community_grade"], out["branch_grade"], out["branch_comment"]) == ("good", "excellent", "带头")
    assert [r.year for r in chair_reviews.of_committee(session, committee.id)] == [2026]
    with pytest.raises(NotFound):
        chair_reviews.submit_report(session, ChairReportIn(committee_id=uuid.uuid4(), year=2026, report="x"))
