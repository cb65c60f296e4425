"""RPC entrypoints for activities: publish, sign up, check in/out, confirm hours."""
from __future__ import annotations

from services.volunteer import activities, people
from services.volunteer.entrypoints import MANAGERS, Entrypoints
from shared.contracts.validation import parse_id, validate
from shared.contracts.volunteer import (
    HOURS_CONFIRMED, ActivityIn, ActivityPageIn, ConfirmHoursIn, HoursConfirmed,
)
from shared.errors import ValidationFailed
from shared.nameko_ext import rpc
from shared.scope import require_role


class ActivityEntrypoints(Entrypoints):
    @rpc
    def create_activity(self, activity):
        data = validate(ActivityIn, activity)
        subject = self.principal.subject if self.principal else None
        return self._write(lambda s: activities.activity_out(activities.create(s, data, subject), 0))

    @rpc
    def get_activity(self, activity_id):
        session = self.db.session
        row = activities.get_activity(session, parse_id(activity_id, "activityId"))
        return activities.activity_out(row, activities.signed_up_count(session, row.id))

    @rpc
    def list_activities(self):
        session = self.db.session
        rows = activities.list_activities(session)
        counts = activities.signed_up_counts(session, [a.id for a in rows])
        return [activities.activity_out(a, counts.get(a.id, 0)) for a in rows]

    @rpc
    def activity_page(self, query):
        session = self.db.session
        rows = activities.page(session, validate(ActivityPageIn, query))
        counts = activities.signed_up_counts(session, [a.id for a in rows])
        return [activities.activity_out(a, counts.get(a.id, 0)) for a in rows]

    @rpc
    def checkin_code(self, activity_id):
        """Shown to organizers only, to put up on site."""
        require_role(self.principal, *MANAGERS)
        return activities.get_activity(self.db.session, parse_id(activity_id, "activityId")).checkin_code

    @rpc
    def signups(self, activity_ids):
        ids = [parse_id(i, "activityIds") for i in activity_ids]
        return [activities.signup_out(r) for r in activities.signups_of(self.db.session, ids)]

    def _attendance(self, change, volunteer_id, activity_id, *args):
        ids = parse_id(activity_id, "activityId"), parse_id(volunteer_id, "volunteerId")

        def work(session):
            people.ensure_acting_for(session, self.principal, ids[1], MANAGERS)
            return activities.signup_out(change(session, *ids, *args))
        return self._write(work, manager=False)

    @rpc
    def sign_up(self, volunteer_id, activity_id):
        return self._attendance(activities.sign_up, volunteer_id, activity_id)

    @rpc
    def withdraw(self, volunteer_id, activity_id):
        return self._attendance(activities.withdraw, volunteer_id, activity_id)

    @rpc
    def check_in(self, volunteer_id, activity_id, code):
        if not isinstance(code, str) or not code.strip():
            raise ValidationFailed([{"field": "code", "message": "code: required",
                                     "message_zh": "code：必填项缺失"}])
        staff = self.principal is not None and self.principal.has_role(*MANAGERS)
        return self._attendance(activities.check_in, volunteer_id, activity_id, code.strip(), not staff)

    @rpc
    def check_out(self, volunteer_id, activity_id):
        return self._attendance(activities.check_out, volunteer_id, activity_id)

    @rpc
    def confirm_hours(self, confirm):
        data = validate(ConfirmHoursIn, confirm)

        def work(session):
            people.in_scope(session, self.principal, people.get_volunteer(session, data.volunteer_id))
            row, txn = activities.confirm_hours(session, data)
            self._posted(session, txn, row.volunteer_id, row.points)
            self._hours_confirmed(session, row)
            return activities.signup_out(row)
        return self._write(work)

    def _hours_confirmed(self, session, signup):
        """``hours.confirmed``: the organization service adds it to a party member's service record."""
        activity = activities.get_activity(session, signup.activity_id)
        volunteer = people.get_volunteer(session, signup.volunteer_id)
        self.outbox.record(session, HOURS_CONFIRMED, HoursConfirmed(
            signup_id=signup.id, volunteer_id=volunteer.id, member_id=volunteer.member_id,
            activity_id=activity.id, activity_title=activity.title, activity_kind=activity.kind,
            starts_at=activity.starts_at.isoformat(), hours=round(signup.confirmed_minutes / 60, 2),
            points=signup.points or 0).model_dump(mode="json"))
