"""Monthly random inspections: a reproducible draw, a checklist with scores, credit entries."""
import hashlib
import uuid
from datetime import date

import pytest

from services.property import companies, inspections, management
from shared.contracts.dispatch import CaseIn
from shared.contracts.property import CheckIn, CompanyIn, CompoundModeIn, DrawIn, InspectionIn
from shared.errors import Conflict, ValidationFailed


def populate(session, n=12):
    firm = companies.register(session, CompanyIn(name="金鼎物业", credit_code="91350100M000100Y43",
                                                 contact_name="王", contact_phone="13905501234"))
    ids = []
    for k in range(n):
        compound = uuid.uuid4()
        management.set_mode(session, CompoundModeIn(compound_id=compound, compound_name=f"小区{k}",
                                                    mode="company", company_id=firm.id))
        ids.append(str(compound))
    return firm, ids


def full_checks(score_of=lambda top: top):
    return [CheckIn(item=i, score=score_of(top), finding="楼道堆物" if i == "fire" else None)
            for i, _, top in inspections.CHECKLIST]


def test_draw_is_reproducible_by_hand(session):
    _, ids = populate(session)
    row = inspections.draw(session, DrawIn(year=2026, month=10, sample_size=4, seed="2026-10-county"), "u")
    # anyone can re-check: rank by sha256("<seed>|<id>") and take the 4 smallest
    by_hand = sorted(ids, key=lambda c: hashlib.sha256(f"2026-10-county|{c}".encode()).hexdigest())[:4]
    assert row.sample == by_hand
    assert row.population == sorted(ids)
    assert inspections.rerun(row) is True
    assert inspections.draw_sample("another-seed", row.population, 4) != row.sample
    with pytest.raises(Conflict) as info:
        inspections.draw(session, DrawIn(year=2026, month=10, sample_size=4), "u")
    assert info.value.field == "month"
    generated = inspections.draw(session, DrawIn(year=2026, month=11, sample_size=20), "u")
    assert len(generated.seed) == 16 and sorted(generated.sample) == sorted(ids)  # all 12


def test_tampered_draw_does_not_rerun(session):
    populate(session)
    row = inspections.draw(session, DrawIn(year=2026, month=10, sample_size=3, seed="s"), "u")
    row.sample = list(reversed(row.sample))
    assert inspections.rerun(row) is False


def test_empty_population_conflicts(session):
    with pytest.raises(Conflict):
        inspections.draw(session, DrawIn(year=2026, month=10, sample_size=3), "u")


def test_inspection_scores_and_credit_entry(session):
    firm, ids = populate(session)
    drawn = inspections.draw(session, DrawIn(year=2026, month=10, sample_size=2, seed="s"), "u")
    outside = next(c for c in ids if c not in drawn.sample)
    data = InspectionIn(draw_id=drawn.id, compound_id=uuid.UUID(drawn.sample[0]), inspected_on=date(2026, 10, 12),
                        inspector="住建局 刘", checks=full_checks(lambda top: top - 1))
    row = inspections.record(session, data, "u")
    assert (row.score, row.max_score, row.company_id) == (100 - 9, 100, firm.id)
    assert inspections.inspection_out(row)["findings"] == 1
    kinds = [e.kind for e in companies.credit_entries(session, [firm.id])]
    assert kinds == ["registered", "inspection"]
    with pytest.raises(Conflict):
        inspections.record(session, data, "u")
    with pytest.raises(Conflict) as info:
        inspections.record(session, data.model_copy(update={"compound_id": uuid.UUID(outside)}), "u")
    assert info.value.field == "compoundId"


@pytest.mark.parametrize("checks, field", [
    (lambda: full_checks()[:-1], "checks"),
    (lambda: full_checks() + [CheckIn(item="party", score=1)], "checks.9.item"),
    (lambda: [CheckIn(item="party", score=11)] + full_checks()[1:], "checks.0.score"),
    (lambda: [CheckIn(item="nope", score=1)] + full_checks()[1:], "checks.0.item"),
])
def test_checklist_is_enforced(session, checks, field):
    populate(session, 2)
    drawn = inspections.draw(session, DrawIn(year=2026, month=10, sample_size=1, seed="s"), "u")
    with pytest.raises(ValidationFailed) as info:
        inspections.record(session, InspectionIn(draw_id=drawn.id, compound_id=uuid.UUID(drawn.sample[0]),
                                                 inspected_on=date(2026, 10, 1), inspector="x",
                                                 checks=checks()), "u")
    assert info.value.field == field


def test_findings_wait_for_filing_and_follow_the_case(session):
    from services.property import rectification

    populate(session, 2)
    drawn = inspections.draw(session, DrawIn(year=2026, month=10, sample_size=1, seed="s"), "u")
    row = inspections.record(session, InspectionIn(draw_id=drawn.id, compound_id=uuid.UUID(drawn.sample[0]),
                                                   inspected_on=date(2026, 10, 1), inspector="x",
                                                   checks=full_checks()), "u")
    pending = rectification.unfiled(session, row.id)
    assert [(f.item, f.text) for f in pending] == [("fire", "楼道堆物")]
    grid = uuid.uuid4()
    payload = rectification.case_payload(pending[0], grid, "小区0", "property_rectification", "u")
    assert payload["category"] == "property_rectification" and "楼道堆物" in payload["description"]
    # a filing again is the same request to dispatch (幂等键); another grid or caller is another
    key = payload["client_request_id"]
    assert CaseIn.model_validate(payload).client_request_id == key and pending[0].id.hex in key
    assert rectification.case_payload(pending[0], grid, "小区0", "property_rectification", "u")["client_request_id"] == key
    assert rectification.case_payload(pending[0], uuid.uuid4(), "小区0", "property_rectification", "u")["client_request_id"] != key
    assert rectification.case_payload(pending[0], grid, "小区0", "property_rectification", "v")["client_request_id"] != key
    case = uuid.uuid4()
    rectification.filed(session, pending[0].id, case)
    rectification.filed(session, pending[0].id, uuid.uuid4())  # filed once: a second case id is ignored
    assert rectification.unfiled(session, row.id) == []
    assert rectification.case_status(session, case, closed=True) is True
    assert rectification.case_status(session, uuid.uuid4(), closed=True) is False
    session.expire_all()
    out = inspections.inspection_out(row, rectification.findings_of(session, [row.id])[row.id])
    assert out["rectifications"] == [{"item": "fire", "finding": "楼道堆物", "case_id": str(case), "rectified": True}]
