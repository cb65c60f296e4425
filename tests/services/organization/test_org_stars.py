"""Star rating rules and the statistics per tenant and per scope."""
import uuid
from datetime import date

import pytest

from services.organization import dual, roster, stars
from shared.contracts.organization import MemberIn, PairingIn, StarEvaluationIn, StarPlanIn
from shared.errors import Conflict, NotFound
from shared.principal import Principal, Scope
from tests.services.organization.orgs_fixture import county_tree, make_org

TENANT = "341181"
TASKS = [{"title": "规范三会一课", "owner": "王书记", "deadline": "2026-06-30"}]


def counts(items):
    return {i["key"]: i["count"] for i in items}


def test_plan_then_rating_then_closed(session, record):
    orgs = county_tree(session, record)
    with pytest.raises(Conflict) as info:
        stars.evaluate(session, StarEvaluationIn(org_id=orgs["grid"].id, year=2026, stars=4, reasons="r"))
    assert info.value.field == "year"
    stars.set_plan(session, StarPlanIn(org_id=orgs["grid"].id, year=2026, tasks=TASKS))
    stars.set_plan(session, StarPlanIn(org_id=orgs["grid"].id, year=2026, tasks=TASKS * 2))  # replaced
    rated = stars.evaluate(session, StarEvaluationIn(org_id=orgs["grid"].id, year=2026, stars=5,
                                                     reasons="服务群众成效显著"))
    assert (len(rated.tasks), rated.stars) == (2, 5)
    with pytest.raises(Conflict):
        stars.set_plan(session, StarPlanIn(org_id=orgs["grid"].id, year=2026, tasks=TASKS))
    with pytest.raises(NotFound):
        stars.set_plan(session, StarPlanIn(org_id=uuid.uuid4(), year=2026, tasks=TASKS))


def test_statistics_per_tenant_and_scope(session, record):
    orgs = county_tree(session, record)
    other = make_org(session, record, "广陵街道党工委", "street_working_committee", orgs["county"],
                     street_id=uuid.uuid4())
    firm = make_org(session, record, "天康集团党支部", "private_firm", other)
    for n, (org, status) in enumerate([(orgs["grid"], "full"), (orgs["grid"], "probationary"), (firm, "full")]):
        roster.add_member(session, MemberIn(org_id=org.id, name=f"党员{n}", id_number=f"34118119900101{n:03d}1",
                                            join_date=date(2020, 1, 1), status=status))
    dual.pair_unit(session, PairingIn(org_id=firm.id, community_id=orgs["community"].community_id, pledge="p"))
    for org, rating in ((orgs["grid"], 5), (orgs["community"], 3), (firm, None)):
        stars.set_plan(session, StarPlanIn(org_id=org.id, year=2026, tasks=TASKS))
        if rating:
            stars.evaluate(session, StarEvaluationIn(org_id=org.id, year=2026, stars=rating, reasons="r"))

    county = stars.statistics(session, None, 2026)
    assert counts(county["orgs_by_type"])["street_working_committee"] == 2
    assert counts(county["orgs_by_level"]) == {"branch": 2, "committee": 2, "group": 1, "working_committee": 2}
    assert counts(county["members_by_status"]) == {"full": 2, "probationary": 1}
    assert counts(county["registrations"]) == {"unit": 1}
    assert counts(county["stars"]) == {"3": 1, "5": 1, "unrated": 1}
    assert stars.statistics(session, None, 2025)["stars"] == []

    community = Principal(TENANT, "u", ("community_staff",), Scope("community", str(orgs["community"].community_id)))
    mine = stars.statistics(session, community, 2026)
    assert counts(mine["orgs_by_type"]) == {"community_committee": 1, "grid_branch": 1, "party_group": 1}
    assert counts(mine["members_by_status"]) == {"full": 1, "probationary": 1}
    assert counts(mine["stars"]) == {"3": 1, "5": 1}
    assert counts(mine["registrations"]) == {"unit": 1}
