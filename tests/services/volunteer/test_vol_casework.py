"""Points for resolved cases: per handler, once per case, by the rule of the day."""
import uuid
from datetime import date

from services.volunteer import casework, ledger, rules
from shared.contracts.volunteer import PointRuleIn
from tests.services.volunteer.conftest import volunteer


def test_each_registered_handler_is_credited_once(session):
    m1, m2, stranger = (str(uuid.uuid4()) for _ in range(3))
    a = volunteer(session, name="党员甲", kind="party_member", member_id=m1)
    b = volunteer(session, name="党员乙", kind="party_member", member_id=m2)
    rules.set_rule(session, PointRuleIn(effective_from=date(2026, 1, 1), points_per_hour=10,
                                        points_per_case=8))
    case = uuid.uuid4()
    txn, credited, missing = casework.credit_handlers(session, case, [m1, m2, stranger], date(2026, 3, 1))
    session.commit()
    assert txn is not None and credited == {a.id: 8, b.id: 8} and missing == [stranger]
    again, credited, _ = casework.credit_handlers(session, case, [m1, m2], date(2026, 3, 2))
    session.commit()
    assert again is None and credited == {}
    assert ledger.balances(session, [a.id, b.id]) == {a.id: 8, b.id: 8}


def test_rule_of_the_day_and_nobody_to_credit(session):
    m1 = str(uuid.uuid4())
    a = volunteer(session, name="党员甲", kind="party_member", member_id=m1)
    txn, _, _ = casework.credit_handlers(session, uuid.uuid4(), [m1], date(2025, 1, 1))
    assert ledger.balances(session, [a.id]) == {a.id: rules.DEFAULT.points_per_case}
    assert casework.credit_handlers(session, uuid.uuid4(), [], date(2025, 1, 1))[0] is None
    session.commit()


def test_duty_month_points_once_by_the_rule_of_the_month(session):
    import pytest

    from shared.errors import Conflict

    v = volunteer(session, name="支部委员", kind="party_member", member_id="M-9")
    with pytest.raises(Conflict) as info:  # the default rule pays nothing for duty
        rules.award_duty(session, volunteer_id=v.id, month="2026-10", role="grid_branch")
    assert info.value.field == "month"
    rules.set_rule(session, PointRuleIn(effective_from=date(2026, 11, 1), points_per_hour=10,
                                        points_per_duty=30))
    txn, points = rules.award_duty(session, volunteer_id=v.id, month="2026-11", role="grid_branch")
    rules.award_duty(session, volunteer_id=v.id, month="2026-11", role="owners_committee")
    with pytest.raises(Conflict):
        rules.award_duty(session, volunteer_id=v.id, month="2026-11", role="grid_branch")
    session.commit()
    assert points == 30 and ledger.balances(session, [v.id]) == {v.id: 60}
