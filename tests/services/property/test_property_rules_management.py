"""Management mode and the fallback service's funding (兜底物业)."""
import uuid
from datetime import date

import pytest

from services.property import companies, management
from shared.contracts.property import CompanyIn, CompoundModeIn, FundingIn
from shared.errors import Conflict, NotFound, ValidationFailed


def mode(compound, **kw):
    return CompoundModeIn(compound_id=compound, compound_name="老城小区", **kw)


def test_modes_keep_only_their_fields(session):
    firm = companies.register(session, CompanyIn(name="金鼎物业", credit_code="91350100M000100Y43",
                                                 contact_name="王", contact_phone="13905501234"))
    compound = uuid.uuid4()
    row = management.set_mode(session, mode(compound, mode="company", company_id=firm.id,
                                            fallback_kind="non_profit", fallback_provider="x"))
    assert (row.company_id, row.fallback_kind) == (firm.id, None)
    row = management.set_mode(session, mode(compound, mode="none", fallback_kind="community_team",
                                            fallback_provider="仁和社区托管服务队"))
    assert (row.mode, row.company_id, row.fallback_provider) == ("none", None, "仁和社区托管服务队")
    assert len(management.all_modes(session)) == 1


@pytest.mark.parametrize("kw, field", [
    ({"mode": "company"}, "companyId"),
    ({"mode": "none"}, "fallbackKind"),
    ({"mode": "none", "fallback_kind": "non_profit"}, "fallbackProvider"),
])
def test_mode_needs_its_fields(session, kw, field):
    with pytest.raises(ValidationFailed) as info:
        management.set_mode(session, mode(uuid.uuid4(), **kw))
    assert info.value.field == field


def test_unknown_company_is_not_found(session):
    with pytest.raises(NotFound):
        management.set_mode(session, mode(uuid.uuid4(), mode="company", company_id=uuid.uuid4()))


def test_half_year_summary(session):
    compound = uuid.uuid4()
    management.set_mode(session, mode(compound, mode="none", fallback_kind="community_team",
                                      fallback_provider="社区托管服务队"))
    entries = [(date(2026, 1, 5), "income", "residents", 120000), (date(2026, 2, 1), "income", "subsidy", 500000),
               (date(2026, 3, 1), "income", "operations", 30000), (date(2026, 6, 30), "spending", None, 410000),
               (date(2026, 7, 1), "income", "project_funds", 99999)]  # the second half
    for on, direction, source, amount in entries:
        management.record_funding(session, FundingIn(compound_id=compound, on=on, direction=direction,
                                                     source=source, amount_fen=amount))
    summary = management.funding_summary(session, compound, 2026, 1)
    assert summary["income_fen"] == {"residents": 120000, "operations": 30000, "project_funds": 0,
                                     "subsidy": 500000}
    assert (summary["income_total_fen"], summary["spending_fen"], summary["balance_fen"],
            summary["entries"]) == (650000, 410000, 240000, 4)
    assert management.funding_summary(session, compound, 2026, 2)["income_fen"]["project_funds"] == 99999


def test_funding_only_for_unmanaged_compounds_and_income_needs_source(session):
    compound = uuid.uuid4()
    entry = FundingIn(compound_id=compound, on=date(2026, 1, 1), direction="income", amount_fen=1)
    with pytest.raises(NotFound):
        management.record_funding(session, entry)
    management.set_mode(session, mode(compound, mode="self"))
    with pytest.raises(Conflict):
        management.record_funding(session, entry)
    management.set_mode(session, mode(compound, mode="none", fallback_kind="non_profit", fallback_provider="p"))
    with pytest.raises(ValidationFailed) as info:
        management.record_funding(session, entry)
    assert info.value.field == "source"
