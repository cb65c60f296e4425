"""Dispatch cases a three-party meeting names are looked up one by one, each refused case naming
the field that first named it."""
import uuid

import pytest

from services.property import case_refs
from shared.errors import NotFound, ValidationFailed


class Dispatch:
    """Stands in for ``ServiceRpc("dispatch")``: knows some cases, records what it was asked."""

    def __init__(self, known):
        self.known, self.asked = {str(i) for i in known}, []

    def get_case(self, case_id):
        self.asked.append(case_id)
        if case_id not in self.known:
            raise NotFound("case", "事件", case_id, field="caseId")
        return {"id": case_id}


def test_known_cases_pass_each_asked_once():
    a, b = uuid.uuid4(), uuid.uuid4()
    dispatch = Dispatch([a, b])
    case_refs.require(dispatch, [([a, b, a], "discussedCaseIds"), ([b], "settledCaseIds")])
    assert dispatch.asked == [str(a), str(b)]


@pytest.mark.parametrize("where, field", [(0, "discussedCaseIds"), (1, "settledCaseIds")])
def test_unknown_case_names_its_field(where, field):
    known, stranger = uuid.uuid4(), uuid.uuid4()
    refs = [([known], "discussedCaseIds"), ([], "settledCaseIds")]
    refs[where][0].append(stranger)
    with pytest.raises(NotFound) as info:
        case_refs.require(Dispatch([known]), refs)
    assert (info.value.field, info.value.details["id"]) == (field, str(stranger))


def test_a_case_in_both_lists_is_named_by_the_first():
    stranger = uuid.uuid4()
    with pytest.raises(NotFound) as info:
        case_refs.require(Dispatch([]), [([stranger], "discussedCaseIds"), ([stranger], "settledCaseIds")])
    assert info.value.field == "discussedCaseIds"


def test_too_many_lookups_are_refused_before_any_call():
    dispatch = Dispatch([])
    ids = [uuid.uuid4() for _ in range(case_refs.MAX_LOOKUPS + 1)]
    with pytest.raises(ValidationFailed) as info:
        case_refs.require(dispatch, [(ids[:100], "discussedCaseIds"), (ids[100:], "settledCaseIds")])
    assert info.value.field == "settledCaseIds" and dispatch.asked == []
