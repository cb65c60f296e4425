"""RPC entrypoints of joint meetings, the big party committee, star rating, statistics and
service venues (rules: :mod:`meetings`, :mod:`big_committee`, :mod:`stars`, :mod:`venues`)."""
from __future__ import annotations

import uuid
from datetime import date

from services.organization import big_committee, meetings, stars, tree, venues
from services.organization.entrypoints import Entrypoints, parse_year
from shared.contracts.organization import (
    ComplianceIn, MeetingIn, MeetingPageIn, MemberUnitIn, ProgressIn, ProjectIn, StandardsIn, StarEvaluationIn, StarPlanIn,
    VenueIn,
)
from shared.contracts.validation import parse_id, validate
from shared.errors import NotFound, ValidationFailed
from shared.nameko_ext import rpc


class ActivityRpc(Entrypoints):
    # --- joint meetings (联席会议) ------------------------------------------------------------
    def _meetings_out(self, session, rows):
        decisions = meetings.decisions_of(session, [m.id for m in rows])
        return [meetings.meeting_out(m, decisions[m.id]) for m in rows]

    @rpc
    def hold_meeting(self, meeting):
        data = validate(MeetingIn, meeting)
        return self._write(lambda s: meetings.meeting_out(*meetings.hold(s, self.outbox.record, data)))

    @rpc
    def mark_decision_done(self, decision_id):
        ident = parse_id(decision_id, "decisionId")
        return self._write(lambda s: self._meetings_out(s, [meetings.mark_done(s, self.principal, ident)])[0])

    @rpc
    def get_meeting(self, meeting_id):
        session = self.db.session
        return self._meetings_out(session, [meetings.get(session, self.principal, parse_id(meeting_id, "meetingId"))])[0]

    @rpc
    def list_meetings(self, org_id=None, limit=50):
        session = self.db.session
        rows = meetings.listing(session, self.principal, parse_id(org_id, "orgId") if org_id else None,
                                max(1, min(int(limit), 100)))
        return self._meetings_out(session, rows)

    @rpc
    def meeting_page(self, query):
        """联席会议 newest first, with filters; cursor ``<held_on>|<id>``."""
        data = validate(MeetingPageIn, query)
        after = None
        if data.after:
            held, _, ident = data.after.rpartition("|")
            try:
                after = (date.fromisoformat(held), uuid.UUID(ident))
            except ValueError:
                raise ValidationFailed([{"field": "after", "message": "after: not a cursor of this list",
                                         "message_zh": "after：不是本列表的游标"}]) from None
        session = self.db.session
        rows = meetings.listing(session, self.principal, data.org_id, data.limit, after=after,
                                level=data.level, since=data.since, until=data.until)
        return self._meetings_out(session, rows)

    # --- star rating (五星创建) and statistics ---------------------------------------------
    @rpc
    def set_star_plan(self, plan):
        data = validate(StarPlanIn, plan)
        return self._write(lambda s: stars.record_out(stars.set_plan(s, data)))

    @rpc
    def evaluate_stars(self, evaluation):
        data = validate(StarEvaluationIn, evaluation)
        return self._write(lambda s: stars.record_out(stars.evaluate(s, data)))

    @rpc
    def star_record(self, org_id, year):
        org_id, year = parse_id(org_id, "orgId"), parse_year(year)
        if not tree.orgs_by_ids(self.db.session, self.principal, [org_id]):
            raise NotFound("party organization", "党组织", org_id, field="orgId")
        row = stars.star_record(self.db.session, org_id, year)
        return stars.record_out(row) if row else None

    @rpc
    def statistics(self, year):
        return stars.statistics(self.db.session, self.principal, parse_year(year))

    # --- big party committee "1+1+X+N" (大党委/大工委) ------------------------------------------
    @rpc
    def add_member_unit(self, unit):
        data = validate(MemberUnitIn, unit)
        return self._write(lambda s: big_committee.composition(
            s, big_committee.add_member_unit(s, data).committee_id, date.today().year, date.today()))

    @rpc
    def add_committee_project(self, project):
        data = validate(ProjectIn, project)
        return self._write(lambda s: big_committee.project_out(s, big_committee.add_project(s, data)))

    @rpc
    def update_project_progress(self, progress):
        data = validate(ProgressIn, progress)
        return self._write(lambda s: big_committee.project_out(s, big_committee.update_progress(s, data)))

    @rpc
    def big_committee(self, committee_id, year):
        committee_id, year = parse_id(committee_id, "committeeId"), parse_year(year)
        if not tree.orgs_by_ids(self.db.session, self.principal, [committee_id]):
            raise NotFound("party organization", "党组织", committee_id, field="committeeId")
        return big_committee.composition(self.db.session, committee_id, year, date.today())

    # --- service venues (党群服务阵地) ------------------------------------------------------------
    @rpc
    def set_venue_standards(self, items):
        data = validate(StandardsIn, {"items": items})
        return self._write(lambda s: [{"code": i.code, "class_name": i.class_name, "text": i.text}
                                      for i in venues.set_standards(s, data)])

    @rpc
    def venue_standards(self):
        return [{"code": i.code, "class_name": i.class_name, "text": i.text}
                for i in venues.standards(self.db.session)]

    @rpc
    def create_venue(self, venue):
        data = validate(VenueIn, venue)
        return self._write(lambda s: venues.venue_out(venues.create_venue(s, data), venues.standards(s)))

    @rpc
    def record_venue_compliance(self, check):
        data = validate(ComplianceIn, check)
        return self._write(lambda s: venues.venue_out(venues.record_compliance(s, self.principal, data),
                                                      venues.standards(s)))

    @rpc
    def list_venues(self):
        session = self.db.session
        checklist = venues.standards(session)
        return [venues.venue_out(v, checklist) for v in venues.listing(session, self.principal)]
