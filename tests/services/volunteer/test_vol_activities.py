"""Activities, attendance, hours and the points rules (caps, history) over migrated SQLite."""
import uuid
from datetime import date, datetime, timedelta, timezone

import pytest

from services.volunteer import activities, ledger, people, rules
from shared.contracts.volunteer import ActivityIn, ConfirmHoursIn, PointRuleIn, TeamIn
from shared.errors import Conflict, NotFound
from tests.services.volunteer.conftest import volunteer

START = datetime(2026, 11, 2, 1, 0, tzinfo=timezone.utc)  # 09:00 in China


def activity(session, capacity=2, hours=3, start=START):
    row = activities.create(session, ActivityIn(title="垃圾分类宣传", kind="policy_talk", place="仁和社区广场",
                                                starts_at=start, ends_at=start + timedelta(hours=hours),
                                                capacity=capacity), "organizer-1")
    session.commit()
    return row


def attend(session, act, v, hours=None):
    activities.sign_up(session, act.id, v.id)
    activities.check_in(session, act.id, v.id, act.checkin_code, on_site=False)  # 补签 by staff
    row, _ = activities.confirm_hours(session, ConfirmHoursIn(volunteer_id=v.id, activity_id=act.id,
                                                              hours=hours))
    session.commit()
    return row


def test_team_names_are_unique_and_volunteer_joins_team(session):
    team = people.create_team(session, TeamIn(name="蒲公英志愿服务队"))
    with pytest.raises(Conflict) as info:
        people.create_team(session, TeamIn(name="蒲公英志愿服务队"))
    assert info.value.field == "name"
    v = volunteer(session, team_id=team.id)
    assert people.list_volunteers(session, team.id)[0]["id"] == str(v.id)
    with pytest.raises(NotFound):
        volunteer(session, name="x", team_id=uuid.uuid4())


def test_party_member_needs_member_id_once(session):
    with pytest.raises(Conflict) as info:
        volunteer(session, kind="party_member")
    assert info.value.field == "memberId"
    volunteer(session, kind="party_member", member_id="M-1")
    with pytest.raises(Conflict):
        volunteer(session, name="另一人", kind="party_member", member_id="M-1")


def test_capacity_withdraw_and_sign_up_again(session):
    act = activity(session, capacity=2)
    a, b, c = (volunteer(session, name=n) for n in ("甲", "乙", "丙"))
    activities.sign_up(session, act.id, a.id)
    activities.sign_up(session, act.id, b.id)
    activities.sign_up(session, act.id, b.id)  # twice is harmless
    with pytest.raises(Conflict) as info:
        activities.sign_up(session, act.id, c.id)
    assert info.value.field == "activityId"
    activities.withdraw(session, act.id, a.id)
    activities.sign_up(session, act.id, c.id)
    session.commit()
    assert activities.signed_up_count(session, act.id) == 2


def test_check_in_needs_the_code_and_a_sign_up(session):
    act = activity(session, start=datetime.now(timezone.utc) - timedelta(minutes=30))
    v = volunteer(session)
    with pytest.raises(NotFound):
        activities.check_in(session, act.id, v.id, act.checkin_code)
    activities.sign_up(session, act.id, v.id)
    with pytest.raises(Conflict) as info:
        activities.check_in(session, act.id, v.id, "000000" if act.checkin_code != "000000" else "1")
    assert info.value.field == "code"
    activities.check_in(session, act.id, v.id, act.checkin_code)
    with pytest.raises(Conflict):
        activities.check_in(session, act.id, v.id, act.checkin_code)
    with pytest.raises(Conflict):
        activities.withdraw(session, act.id, v.id)
    activities.check_out(session, act.id, v.id)
    with pytest.raises(Conflict):
        activities.check_out(session, act.id, v.id)


def test_hours_become_points_once_by_default_rule(session):
    act = activity(session, hours=3)
    v = volunteer(session)
    row = attend(session, act, v, hours=2.5)
    assert (row.confirmed_minutes, row.points) == (150, 25)  # default 10 points per hour
    with pytest.raises(Conflict):
        activities.confirm_hours(session, ConfirmHoursIn(volunteer_id=v.id, activity_id=act.id, hours=1))
    assert ledger.balances(session, [v.id]) == {v.id: 25}


def test_hours_never_exceed_the_activity_window(session):
    act = activity(session, hours=2)
    v = volunteer(session)
    assert attend(session, act, v, hours=8).confirmed_minutes == 120


def test_rule_history_and_caps(session):
    rules.set_rule(session, PointRuleIn(effective_from=date(2026, 1, 1), points_per_hour=10))
    rules.set_rule(session, PointRuleIn(effective_from=date(2026, 12, 1), points_per_hour=50,
                                        daily_cap=60))
    session.commit()
    with pytest.raises(Conflict) as info:
        rules.set_rule(session, PointRuleIn(effective_from=date(2026, 12, 1), points_per_hour=1))
    assert info.value.field == "effectiveFrom"
    session.rollback()
    v = volunteer(session)
    november = attend(session, activity(session, hours=4), v, hours=2)
    assert november.points == 20  # November's rule, even though December's rule exists now
    december = START.replace(month=12, day=3)
    first = attend(session, activity(session, hours=4, start=december), v, hours=1)
    second = attend(session, activity(session, hours=4, start=december + timedelta(hours=5)), v, hours=1)
    assert (first.points, second.points) == (50, 10)  # daily cap 60
    assert ledger.balances(session, [v.id]) == {v.id: 80}
    assert rules.rule_on(session, date(2025, 6, 1)) == rules.DEFAULT


def test_monthly_cap(session):
    rules.set_rule(session, PointRuleIn(effective_from=date(2026, 1, 1), points_per_hour=10,
                                        monthly_cap=35))
    v = volunteer(session)
    points = [attend(session, activity(session, start=START + timedelta(days=d)), v, hours=2).points
              for d in range(3)]
    assert points == [20, 15, 0]


def test_dual_registration_makes_a_party_member_volunteer_once(session):
    member, first, second = str(uuid.uuid4()), uuid.uuid4(), uuid.uuid4()
    row, created = people.from_dual_registration(session, member_id=member, name="陈党员", community_id=first)
    session.commit()
    again, created_again = people.from_dual_registration(session, member_id=member, name="陈党员",
                                                         community_id=second)
    session.commit()
    assert (created, created_again, again.id) == (True, False, row.id)
    out = people.volunteers_by_ids(session, [row.id])[0]
    assert (out["kind"], out["member_id"], out["community_id"], out["balance"]) == (
        "party_member", member, str(second), 0)


def test_self_check_in_only_on_site_time(session):
    v = volunteer(session)
    later = activity(session, start=datetime.now(timezone.utc) + timedelta(hours=2))
    past = activity(session, start=datetime.now(timezone.utc) - timedelta(hours=5))
    for act in (later, past):
        activities.sign_up(session, act.id, v.id)
        with pytest.raises(Conflict) as info:
            activities.check_in(session, act.id, v.id, act.checkin_code)
        assert info.value.field == "activityId"
    soon = activity(session, start=datetime.now(timezone.utc) + timedelta(minutes=50))
    activities.sign_up(session, soon.id, v.id)
    assert activities.check_in(session, soon.id, v.id, soon.checkin_code).checked_in_at is not None
    assert activities.check_in(session, past.id, v.id, past.checkin_code, on_site=False).checked_in_at
