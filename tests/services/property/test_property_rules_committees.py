"""Committees: the red check at 59% and 60%, cross-appointment, candidate review (十不宜)."""
import uuid
from datetime import date

import pytest

from services.property import committees
from shared.contracts.property import CommitteeIn, HitIn, MemberIn, NegativeItemIn, ReviewIn
from shared.errors import Conflict, NotFound, ValidationFailed


def committee(session, branch="仁和小区党支部"):
    return committees.create(session, CommitteeIn(compound_id=uuid.uuid4(), compound_name="仁和小区",
                                                  term_starts=date(2025, 1, 1), term_ends=date(2029, 12, 31),
                                                  branch_name=branch))


def staff(session, row, party: int, total: int, chair_party=True):
    committees.add_member(session, MemberIn(committee_id=row.id, name="主任", role="chair",
                                            party_member=chair_party))
    others = party - (1 if chair_party else 0)
    for n in range(total - 1):
        committees.add_member(session, MemberIn(committee_id=row.id, name=f"委员{n}", party_member=n < others))
    return committees.committees_out(session, [row])[0]


def test_59_percent_is_not_red_and_60_is(session):
    out = staff(session, committee(session), party=59, total=100)
    assert (out["party_share"], out["chair_is_party_member"], out["is_red"]) == (0.59, True, False)
    out = staff(session, committee(session), party=60, total=100)
    assert (out["party_share"], out["is_red"]) == (0.6, True)
    out = staff(session, committee(session), party=3, total=5)
    assert out["is_red"] is True


def test_chair_must_be_a_party_member(session):
    out = staff(session, committee(session), party=4, total=5, chair_party=False)
    assert (out["party_share"], out["is_red"]) == (0.8, False)


def test_one_chair_and_cross_appointment(session):
    row = committee(session)
    committees.add_member(session, MemberIn(committee_id=row.id, name="李", role="chair", party_member=True))
    assert committees.committees_out(session, [row])[0]["cross_appointed"] is False
    with pytest.raises(Conflict):
        committees.add_member(session, MemberIn(committee_id=row.id, name="张", role="chair"))
    committees.add_member(session, MemberIn(committee_id=row.id, name="张", party_member=True,
                                            branch_post="支部委员"))
    assert committees.committees_out(session, [row])[0]["cross_appointed"] is True
    bare = committee(session, branch=None)
    with pytest.raises(ValidationFailed) as info:
        committees.add_member(session, MemberIn(committee_id=bare.id, name="王", branch_post="支部书记"))
    assert info.value.field == "branchPost"
    with pytest.raises(NotFound):
        committees.add_member(session, MemberIn(committee_id=uuid.uuid4(), name="王"))


def test_candidate_review_records_reasons(session):
    row = committee(session)
    with pytest.raises(Conflict):  # no list yet
        committees.review(session, ReviewIn(committee_id=row.id, candidate_name="赵"), "u")
    committees.define_item(session, NegativeItemIn(code="N01", text="受过刑事处罚的"))
    committees.define_item(session, NegativeItemIn(code="N02", text="拖欠物业费且经催缴仍不缴纳的"))
    with pytest.raises(Conflict):
        committees.define_item(session, NegativeItemIn(code="N01", text="重复"))
    ok = committees.review(session, ReviewIn(committee_id=row.id, candidate_name="赵"), "u")
    assert ok.eligible is True and ok.hits == []
    bad = committees.review(session, ReviewIn(committee_id=row.id, candidate_name="钱", hits=[
        HitIn(item_code="N02", reason="欠缴物业费 2 年，经两次催缴未缴")]), "u")
    assert bad.eligible is False
    assert bad.hits == [{"item_code": "N02", "item_text": "拖欠物业费且经催缴仍不缴纳的",
                         "reason": "欠缴物业费 2 年，经两次催缴未缴"}]
    with pytest.raises(ValidationFailed) as info:
        committees.review(session, ReviewIn(committee_id=row.id, candidate_name="孙",
                                            hits=[HitIn(item_code="N99", reason="x")]), "u")
    assert info.value.field == "hits.0.itemCode"
    assert [r.candidate_name for r in committees.reviews_of(session, row.id)] == ["赵", "钱"]
