"""The state machine alone: every (state, action) pair is either allowed or refused by name."""
import pytest

from services.dispatch import lifecycle
from services.dispatch.lifecycle import IllegalTransition, LevelRefused, TRANSITIONS
from shared.contracts.dispatch import ACTIONS

PAIRS = [(s, a) for s in TRANSITIONS for a in ACTIONS]


@pytest.mark.parametrize("status, action", PAIRS)
def test_every_pair_is_allowed_or_refused_with_the_allowed_ones(status, action):
    allowed = TRANSITIONS[status]
    if action in allowed:
        assert lifecycle.next_status(status, action, rating="satisfied") == allowed[action]
        return
    with pytest.raises(IllegalTransition) as info:
        lifecycle.next_status(status, action)
    error = info.value
    assert error.code == "ILLEGAL_TRANSITION" and error.field == "caseId"
    assert error.details == {"current": status, "action": action, "allowed": sorted(allowed)}
    assert status in error.message and lifecycle.STATUS_ZH[status] in error.message_zh


def test_full_loop_and_unsatisfied_reopens():
    path = ["accept", "escalate", "escalate", "resolve", "verify"]
    status = "reported"
    for action in path:
        status = lifecycle.next_status(status, action)
    assert status == "verified"
    assert lifecycle.next_status(status, "rate", rating="unsatisfied") == "accepted"
    assert lifecycle.next_status(status, "rate", rating="basically_satisfied") == "rated"
    assert lifecycle.next_status("rated", "archive") == "archived"


def test_archived_allows_nothing_and_says_so():
    with pytest.raises(IllegalTransition) as info:
        lifecycle.next_status("archived", "accept")
    assert "allowed now: none" in info.value.message and "无" in info.value.message_zh


def test_escalation_goes_up_only():
    assert lifecycle.escalation_level("building", None) == "grid"
    assert lifecycle.escalation_level("grid", "street") == "street"
    for current, wanted in [("community", "grid"), ("grid", "grid"), ("street", None)]:
        with pytest.raises(LevelRefused) as info:
            lifecycle.escalation_level(current, wanted)
        assert info.value.code == "ILLEGAL_TRANSITION" and info.value.field == "toLevel"


def test_open_boundary():
    assert lifecycle.crosses_open_boundary("escalated", "resolved") == "closed"
    assert lifecycle.crosses_open_boundary("reported", "merged") == "closed"
    assert lifecycle.crosses_open_boundary("verified", "accepted") == "reopened"
    assert lifecycle.crosses_open_boundary("accepted", "escalated") is None
    assert lifecycle.crosses_open_boundary("rated", "archived") is None
