"""Property cases from dispatch count once against the managing company."""
import uuid
from datetime import datetime, timezone

from services.property import cases, companies, management
from shared.contracts.property import CompanyIn, CompoundModeIn

NOW = datetime(2026, 10, 1, tzinfo=timezone.utc)


def test_counted_once_and_moved_between_open_and_closed(session):
    firm = companies.register(session, CompanyIn(name="金鼎物业", credit_code="91350100M000100Y43",
                                                 contact_name="王", contact_phone="13905501234"))
    compound, unmanaged = uuid.uuid4(), uuid.uuid4()
    management.set_mode(session, CompoundModeIn(compound_id=compound, compound_name="仁和小区", mode="company",
                                                company_id=firm.id))
    management.set_mode(session, CompoundModeIn(compound_id=unmanaged, compound_name="老街", mode="self"))
    case = uuid.uuid4()
    report = dict(case_id=case, grid_id=uuid.uuid4(), compound_id=compound, category="property", reported_at=NOW)
    assert cases.case_reported(session, **report) is True
    assert cases.case_reported(session, **report) is False  # the same case again: not counted twice
    assert cases.case_reported(session, **{**report, "case_id": uuid.uuid4(), "compound_id": unmanaged}) is True
    assert cases.case_reported(session, **{**report, "case_id": uuid.uuid4(), "compound_id": None}) is True
    assert cases.complaints(session, [firm.id]) == {firm.id: {"total": 1, "open": 1, "closed": 0}}
    assert cases.case_status(session, case, open_=False) is True
    assert cases.case_status(session, uuid.uuid4(), open_=False) is False
    assert companies.companies_out(session, [firm])[0]["complaints"] == {"total": 1, "open": 0, "closed": 1}
    cases.case_status(session, case, open_=True)
    assert cases.complaints(session, [firm.id])[firm.id]["open"] == 1


def test_only_property_categories():
    assert cases.is_property_case("property") and not cases.is_property_case("parking")
