"""Deliberation rules: six steps strictly in order, who and when, the vote tally decides adoption."""
import pytest

from services.organization import deliberation
from shared.contracts.organization import AdvanceIn, TopicIn
from shared.errors import Conflict, ValidationFailed
from shared.principal import Principal, Scope
from tests.services.organization.orgs_fixture import county_tree

TENANT = "341181"


def step(session, row, name, votes=None, actor="社区书记"):
    return deliberation.advance(session, None, AdvanceIn(deliberation_id=row.id, step=name, note=f"{name} 记录",
                                                         votes=votes), actor)


def test_six_steps_in_order_with_the_tally(session, record):
    orgs = county_tree(session, record)
    row = deliberation.collect(session, TopicIn(org_id=orgs["community"].id, title="小区停车难",
                                                description="居民反映夜间停车难"), "网格员")
    with pytest.raises(Conflict) as info:
        step(session, row, "voted", votes={"votes_for": 1, "votes_against": 0})
    assert info.value.field == "step" and "确定议题" in info.value.message_zh
    step(session, row, "fixed")
    step(session, row, "researched")
    with pytest.raises(ValidationFailed):
        step(session, row, "voted")
    step(session, row, "voted", votes={"votes_for": 21, "votes_against": 12, "abstentions": 3})
    assert row.adopted is True
    with pytest.raises(ValidationFailed):
        step(session, row, "published", votes={"votes_for": 1, "votes_against": 0})
    step(session, row, "published")
    step(session, row, "followed_up", actor="街道干部")
    with pytest.raises(Conflict):
        step(session, row, "followed_up")
    out = deliberation.deliberation_out(row, deliberation.steps_of(session, [row.id])[row.id])
    assert [s["step"] for s in out["steps"]] == ["collected", "fixed", "researched", "voted", "published",
                                                 "followed_up"]
    assert out["steps"][0]["actor"] == "网格员" and out["steps"][-1]["actor"] == "街道干部"
    assert out["steps"][3]["votes"]["votes_for"] == 21


def test_half_is_not_a_majority_and_scope_applies(session, record):
    orgs = county_tree(session, record)
    row = deliberation.collect(session, TopicIn(org_id=orgs["grid"].id, title="加装电梯", description="d"), "x")
    for name in ("fixed", "researched"):
        step(session, row, name)
    step(session, row, "voted", votes={"votes_for": 10, "votes_against": 8, "abstentions": 2})
    assert row.adopted is False
    elsewhere = Principal(TENANT, "u", ("community_staff",), Scope("community", "00000000-0000-0000-0000-000000000001"))
    assert deliberation.listing(session, elsewhere, None, 10) == []
    assert [r.id for r in deliberation.listing(session, None, None, 10)] == [row.id]
