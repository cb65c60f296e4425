"""Companies: the credit code check (GB 32100-2015), contracts, and the append-only credit file."""
import uuid
from datetime import date

import pytest
import sqlalchemy as sa

from services.property import companies, credit_code
from services.property.models import Company, CreditEntry
from shared import personal_data
from shared.contracts.property import CompanyIn, ContractIn
from shared.errors import Conflict, Forbidden, NotFound, ValidationFailed

TENANT = "341181"

VALID = ["91350100M000100Y43", "91110000802100433B"]


def company(name="天长市金鼎物业服务有限公司", code="91350100M000100Y43", **kw):
    data = dict(name=name, credit_code=code, contact_name="王经理", contact_phone="13905501234")
    return CompanyIn(**{**data, **kw})


@pytest.mark.parametrize("code", VALID)
def test_published_codes_are_valid(code):
    assert credit_code.problem(code) is None


def test_check_character_by_hand():
    # 9 1 3 5 0 1 0 0 M=21 0 0 0 1 0 0 Y=30 4, weights 3^i mod 31:
    # 9 + 3 + 27 + 135 + 26 + 21·20 + 8 + 30·30 + 4·28 = 1640; 1640 mod 31 = 28; 31 − 28 = 3
    first17 = "91350100M000100Y4"
    total = sum(credit_code.ALPHABET.index(ch) * w for ch, w in zip(first17, credit_code.WEIGHTS))
    assert total == 1640
    assert credit_code.check_character(first17) == "3"


@pytest.mark.parametrize("code, problem", [
    ("91350100M000100Y44", "checksum"),           # last character changed
    ("91350100M000100Y4", "length"),
    ("91350100M000100I43", "characters"),          # I is not in the alphabet
    ("9135A100M000100Y43", "division"),
    ("91530100M000100Y43", "checksum"),            # two characters swapped
])
def test_invalid_codes(code, problem):
    assert credit_code.problem(code) == problem


def test_register_masks_and_encrypts_the_phone(session):
    row = companies.register(session, company(coverage="branch", branch_name="金鼎物业党支部"))
    session.commit()
    assert row.contact_phone_masked == "139****1234"
    assert "13905501234" not in row.contact_phone_cipher
    assert personal_data.decrypt(TENANT, row.contact_phone_cipher) == "13905501234"
    out = companies.company_out(row, [])
    assert "13905501234" not in str(out)
    assert [e.kind for e in companies.credit_entries(session, [row.id])] == ["registered"]


def test_register_refuses_bad_checksum_and_duplicates(session):
    with pytest.raises(ValidationFailed) as info:
        companies.register(session, company(code="91350100M000100Y44"))
    assert info.value.field == "creditCode" and "check" in info.value.message
    companies.register(session, company())
    with pytest.raises(Conflict) as info:
        companies.register(session, company(name="另一家"))
    assert info.value.field == "creditCode"
    session.commit()
    assert session.scalar(sa.select(sa.func.count()).select_from(Company)) == 1


def test_coverage_needs_its_name(session):
    with pytest.raises(ValidationFailed) as info:
        companies.register(session, company(coverage="instructor"))
    assert info.value.field == "instructorName"


def test_contracts_do_not_overlap_on_a_compound(session):
    row = companies.register(session, company())
    compound = uuid.uuid4()
    first = ContractIn(company_id=row.id, compound_id=compound, compound_name="仁和小区",
                       starts_on=date(2024, 1, 1), ends_on=date(2026, 12, 31))
    companies.add_contract(session, first)
    with pytest.raises(Conflict):
        companies.add_contract(session, first.model_copy(update={"starts_on": date(2026, 6, 1),
                                                                 "ends_on": date(2028, 1, 1)}))
    companies.add_contract(session, first.model_copy(update={"starts_on": date(2026, 12, 31),
                                                             "ends_on": date(2029, 12, 31)}))
    with pytest.raises(ValidationFailed) as info:
        companies.add_contract(session, first.model_copy(update={"ends_on": date(2023, 1, 1),
                                                                 "compound_id": uuid.uuid4()}))
    assert info.value.field == "endsOn"
    with pytest.raises(NotFound):
        companies.add_contract(session, first.model_copy(update={"company_id": uuid.uuid4()}))
    assert len(companies.contracts_of(session, [row.id])[row.id]) == 2


def test_credit_file_is_append_only(session):
    row = companies.register(session, company())
    companies.append_credit(session, row, "note", "投诉较多，约谈")
    session.commit()
    entries = companies.credit_entries(session, [row.id])
    assert [e.seq for e in entries] == [1, 2]
    entries[1].summary = "改写"
    with pytest.raises(Forbidden):
        session.flush()
    session.rollback()
    with pytest.raises(Forbidden):
        session.delete(session.get(CreditEntry, (TENANT, entries[0].id)))
        session.flush()
