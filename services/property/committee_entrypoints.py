"""RPC entrypoints for owners' and property management committees and the negative list."""
from __future__ import annotations

from services.property import chair_reviews, committees, meetings
from services.property.entrypoint_support import AUTHORITY, COMMUNITY, Entrypoints, _day
from shared.contracts import property as c
from shared.contracts.validation import parse_id, validate
from shared.nameko_ext import rpc


class CommitteeEntrypoints(Entrypoints):
    @rpc
    def create_committee(self, committee):
        data = validate(c.CommitteeIn, committee)
        return committees.committee_out(self._write(COMMUNITY, committees.create, data), [])

    @rpc
    def add_committee_member(self, member):
        data = validate(c.MemberIn, member)
        row = self._write(COMMUNITY, committees.add_member, data)
        return self.get_committee(str(row.committee_id))

    @rpc
    def get_committee(self, committee_id):
        session = self.db.session
        row = committees.get_committee(session, parse_id(committee_id, "id"), field="id")
        return committees.committees_out(session, [row])[0]

    @rpc
    def list_committees(self):
        session = self.db.session
        return committees.committees_out(session, committees.all_committees(session))

    @rpc
    def define_negative_item(self, item):
        data = validate(c.NegativeItemIn, item)
        return committees.item_out(self._write(AUTHORITY, committees.define_item, data))

    @rpc
    def negative_list(self):
        return [committees.item_out(r) for r in committees.negative_list(self.db.session)]

    @rpc
    def review_candidate(self, review):
        data = validate(c.ReviewIn, review)
        return committees.review_out(self._write(COMMUNITY, committees.review, data, self._who))

    @rpc
    def candidate_reviews(self, committee_id):
        rows = committees.reviews_of(self.db.session, parse_id(committee_id, "committeeId"))
        return [committees.review_out(r) for r in rows]

    @rpc
    def record_meeting(self, meeting):
        data = validate(c.MeetingIn, meeting)
        return meetings.meeting_out(self._write(COMMUNITY, meetings.record, data))

    @rpc
    def list_meetings(self, since, until):
        rows = meetings.between(self.db.session, _day(since, "since"), _day(until, "until"))
        return [meetings.meeting_out(r) for r in rows]

    @rpc
    def submit_chair_report(self, report):
        data = validate(c.ChairReportIn, report)
        return chair_reviews.review_out(self._write(COMMUNITY, chair_reviews.submit_report, data))

    @rpc
    def grade_chair(self, grade):
        data = validate(c.ChairGradeIn, grade)
        return chair_reviews.review_out(self._write(COMMUNITY, chair_reviews.grade, data))

    @rpc
    def list_chair_reviews(self, committee_id):
        rows = chair_reviews.of_committee(self.db.session, parse_id(committee_id, "committeeId"))
        return [chair_reviews.review_out(r) for r in rows]
