"""Dual registration (双报到) rules: in-service members only, residence community by default,
no duplicates, units (not territorial orgs) pair with communities; the event payload."""
import uuid
from datetime import date

import pytest

from services.organization import dual, roster
from services.organization.tree import TypeNotAllowed
from shared.contracts.organization import MemberIn, MemberRegisteredWithCommunity, PairingIn, RegistrationIn
from shared.errors import Conflict, ValidationFailed
from shared.principal import Principal, Scope
from tests.services.organization.orgs_fixture import STREET_PLACE, county_tree, make_org

TENANT = "341181"


def member(session, org, in_service=True, residence=None, n=1):
    return roster.add_member(session, MemberIn(
        org_id=org.id, name=f"党员{n}", id_number=f"34118119800101{n:03d}X", join_date=date(2001, 7, 1),
        in_service=in_service, employer_unit="市财政局", residence_community_id=residence))


def test_member_registers_with_residence_community(session, record):
    orgs = county_tree(session, record)
    agency = make_org(session, record, "市财政局机关党支部", "agency", orgs["county"])
    home = orgs["community"].community_id
    m = member(session, agency, residence=home)
    row = dual.register_member(session, record, None, RegistrationIn(member_id=m.id, duties="楼栋议事",
                                                                      pledge="每月服务两次"))
    assert (row.community_id, row.street_id, row.org_id) == (home, STREET_PLACE, agency.id)
    event = MemberRegisteredWithCommunity.model_validate(record.of("member.registered_with_community")[0])
    assert (event.member_id, event.community_id, event.employer_unit) == (m.id, home, "市财政局")
    with pytest.raises(Conflict) as info:
        dual.register_member(session, record, None, RegistrationIn(member_id=m.id, duties="d", pledge="p"))
    assert info.value.field == "communityId"
    community = Principal(TENANT, "u", ("community_staff",), Scope("community", str(home)))
    assert [r.id for r in dual.registrations(session, community)] == [row.id]
    elsewhere = Principal(TENANT, "u", ("community_staff",), Scope("community", str(uuid.uuid4())))
    assert dual.registrations(session, elsewhere) == []


def test_not_in_service_or_no_community_is_refused(session, record):
    orgs = county_tree(session, record)
    retired = member(session, orgs["grid"], in_service=False, n=2)
    with pytest.raises(Conflict) as info:
        dual.register_member(session, record, None, RegistrationIn(member_id=retired.id, duties="d", pledge="p"))
    assert info.value.field == "memberId"
    homeless = member(session, orgs["grid"], n=3)
    with pytest.raises(ValidationFailed) as info:
        dual.register_member(session, record, None, RegistrationIn(member_id=homeless.id, duties="d", pledge="p"))
    assert info.value.field == "communityId"
    assert record.of("member.registered_with_community") == []


def test_units_pair_with_communities(session, record):
    orgs = county_tree(session, record)
    firm = make_org(session, record, "天康集团党委", "private_firm", orgs["street"], level="committee")
    pairing = dual.pair_unit(session, PairingIn(org_id=firm.id, community_id=orgs["community"].community_id,
                                                pledge="认领社区需求清单"))
    assert pairing.kind == "unit" and pairing.street_id == STREET_PLACE
    with pytest.raises(Conflict):
        dual.pair_unit(session, PairingIn(org_id=firm.id, community_id=orgs["community"].community_id, pledge="p"))
    with pytest.raises(TypeNotAllowed):
        dual.pair_unit(session, PairingIn(org_id=orgs["grid"].id, community_id=uuid.uuid4(), pledge="p"))
