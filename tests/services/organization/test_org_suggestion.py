"""Service records from wishes, orders and volunteer hours; the suggested star rating's formula
and the member figures it reads (without nameko)."""
import uuid
from datetime import date, datetime, timezone

import pytest

from services.organization import dual, roster, service_records, star_suggestion
from shared.contracts.dispatch import OrderCompleted, WishFulfilled
from shared.contracts.organization import MemberIn, RegistrationIn, StarFormulaIn
from shared.contracts.validation import validate
from shared.contracts.volunteer import HoursConfirmed
from shared.errors import ValidationFailed
from tests.services.organization.orgs_fixture import county_tree, make_org

YEAR = (datetime(2026, 1, 1, tzinfo=timezone.utc), datetime(2027, 1, 1, tzinfo=timezone.utc))


def member(session, org, n, in_service=False):
    return roster.add_member(session, MemberIn(
        org_id=org.id, name=f"党员{n}", id_number=f"34118119800101{n:03d}X", join_date=date(2001, 7, 1),
        in_service=in_service, residence_community_id=uuid.uuid4() if in_service else None))


def hours(member_id, n=2.5, at="2026-05-01T01:00:00+00:00", signup=None):
    return HoursConfirmed(signup_id=signup or uuid.uuid4(), volunteer_id=uuid.uuid4(), member_id=member_id,
                          activity_id=uuid.uuid4(), activity_title="垃圾分类宣传", activity_kind="policy_talk",
                          starts_at=at, hours=n, points=25)


def test_wishes_orders_and_hours_become_service_records_once(session, record):
    orgs = county_tree(session, record)
    a, b = member(session, orgs["grid"], 1), member(session, orgs["grid"], 2)
    wish = WishFulfilled(wish_id=uuid.uuid4(), grid_id=uuid.uuid4(), at="2026-03-01T02:00:00+00:00",
                         helper_member_ids=[a.id, uuid.uuid4()])
    assert service_records.wish_fulfilled(session, wish) == 1
    assert service_records.wish_fulfilled(session, wish) == 1  # known member, but no second record
    order = OrderCompleted(order_id=uuid.uuid4(), grid_id=uuid.uuid4(), at="2026-03-02T02:00:00+00:00",
                           helper_member_ids=[a.id, b.id])
    service_records.order_completed(session, order)
    signup = uuid.uuid4()
    assert service_records.hours_confirmed(session, hours(str(a.id), signup=signup)) == 1
    assert service_records.hours_confirmed(session, hours(str(a.id), signup=signup)) == 1
    assert service_records.hours_confirmed(session, hours("M-not-a-uuid")) == 0
    assert service_records.hours_confirmed(session, hours(None)) == 0
    rows = [service_records.record_out(r) for r in service_records.records_of(session, a.id)]
    assert [(r["source"], r["hours"]) for r in rows] == [("wish", None), ("order", None), ("activity", 2.5)]
    assert rows[2]["detail"] == "垃圾分类宣传"


def test_member_figures_of_a_subtree_and_year(session, record):
    orgs = county_tree(session, record)
    a = member(session, orgs["grid"], 1, in_service=True)
    b = member(session, orgs["group"], 2, in_service=True)
    member(session, orgs["community"], 3)  # above the grid: not in its subtree
    dual.register_member(session, record, None, RegistrationIn(member_id=a.id, duties="d", pledge="p"))
    service_records.hours_confirmed(session, hours(str(a.id), 3))
    service_records.hours_confirmed(session, hours(str(b.id), 1.5))
    service_records.hours_confirmed(session, hours(str(b.id), 4, at="2025-06-01T00:00:00+00:00"))
    figures = star_suggestion.member_figures(session, orgs["grid"].path, *YEAR)
    assert figures == {"members": 2, "in_service": 2, "services": 2, "hours": 4.5, "registered": 1}


def figures(**kw):
    base = dict(satisfaction_rate=0.9, on_time_rate=0.8, members=10, services=60, hours=120.0,
                in_service=4, registered=3, notes={})
    return star_suggestion.Figures(**{**base, **kw})


def default():
    return {**StarFormulaIn().model_dump(), "set_by": None, "set_at": None}


def test_the_score_is_the_weighted_mean_of_available_figures():
    stars, score, parts = star_suggestion.suggest(figures(), default())
    # 30×0.9 + 20×0.8 + 20×(6/12) + 15×(12/24) + 15×0.75 = 71.75 of 100
    assert (score, stars) == (71.8, 3)
    assert [p["score"] for p in parts] == [0.9, 0.8, 0.5, 0.5, 0.75]
    capped = star_suggestion.suggest(figures(services=500, hours=900, satisfaction_rate=1.0,
                                             on_time_rate=1.0, registered=4), default())
    assert capped[:2] == (5, 100.0)
    # cases not applicable (a unit org): left out of both sums, the rest decides
    unit = star_suggestion.suggest(figures(satisfaction_rate=None, on_time_rate=None,
                                           notes={"satisfaction": "n/a"}), default())
    assert unit[1] == round(100 * (20 * 0.5 + 15 * 0.5 + 15 * 0.75) / 50, 1) and unit[2][0]["note"] == "n/a"
    nothing = star_suggestion.suggest(figures(satisfaction_rate=None, on_time_rate=None, members=0,
                                              in_service=0), default())
    assert nothing[:2] == (None, None)


def test_a_tenant_formula_applies_and_keeps_history(session):
    assert star_suggestion.formula(session)["set_at"] is None
    mine = star_suggestion.set_formula(session, StarFormulaIn(weight_satisfaction=100, weight_on_time=0,
                                                              weight_services=0, weight_hours=0,
                                                              weight_registration=0,
                                                              thresholds=[10, 20, 30, 95]), "admin")
    assert mine["set_by"] == "admin" and star_suggestion.suggest(figures(), mine)[:2] == (4, 90.0)
    with pytest.raises(ValidationFailed) as bad:
        validate(StarFormulaIn, {"thresholds": [90, 10, 20, 30], "weight_satisfaction": 0, "weight_on_time": 0,
                                 "weight_services": 0, "weight_hours": 0, "weight_registration": 0})
    assert {e["field"] for e in bad.value.details["errors"]} == {"thresholds", "weight_registration"}


def test_unit_orgs_are_recognised(session, record):
    orgs = county_tree(session, record)
    agency = make_org(session, record, "市财政局机关党委", "agency", orgs["county"], level="committee")
    from services.organization.org_types import UNIT_TYPES

    assert agency.type in UNIT_TYPES and orgs["grid"].type not in UNIT_TYPES
