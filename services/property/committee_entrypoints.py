"""RPC entrypoints for owners' and property management committees and the negative list."""
from __future__ import annotations

from services.property import case_refs, chair_reviews, committees, meetings
from services.property.entrypoint_support import AUTHORITY, COMMUNITY, Entrypoints, _day, _int
from shared import keyset
from shared import places as grid_places
from shared.contracts import property as c
from shared.contracts.validation import parse_id, validate
from shared.nameko_ext import rpc
from shared.scope import require_role


class CommitteeEntrypoints(Entrypoints):
    @rpc
    def create_committee(self, committee):
        data = validate(c.CommitteeIn, committee)
        return committees.committee_out(self._write_at(COMMUNITY, data.compound_id, committees.create, data), [])

    def _committee_rule(self, rule, data, *args):
        """``rule`` on a committee the caller may see (its compound in scope)."""
        def scoped(session, visible):
            self._committee(session, visible, data.committee_id, "committeeId")
            return rule(session, data, *args)
        return scoped

    @staticmethod
    def _committee(session, visible, committee_id, field):
        row = committees.get_committee(session, committee_id, field=field)
        visible.require_compound(session, row.compound_id, "committee", "业委会/物管会", committee_id, field)
        return row

    @rpc
    def add_committee_member(self, member):
        data = validate(c.MemberIn, member)
        row = self._write_in_scope(COMMUNITY, self._committee_rule(committees.add_member, data))
        return self.get_committee(str(row.committee_id))

    @rpc
    def get_committee(self, committee_id):
        session = self.db.session
        row = self._committee(session, self._visible(), parse_id(committee_id, "id"), "id")
        return committees.committees_out(session, [row])[0]

    @rpc
    def list_committees(self, limit=None, after=None, filters=None):
        """Committees in scope by compound name; ``filters``: ``kind``, ``red``, ``community_id``."""
        session = self.db.session
        rows = committees.listed(session, self._visible(), limit=_int(limit, "first", 1, 101) if limit is not None
                                 else None, after=after, **committees.list_filters(filters))
        return committees.committees_out(session, rows)

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
        return committees.review_out(self._write_in_scope(COMMUNITY, self._committee_rule(
            committees.review, data, self._who)))

    @rpc
    def candidate_reviews(self, committee_id):
        ident = parse_id(committee_id, "committeeId")
        self._committee(self.db.session, self._visible(), ident, "committeeId")
        return [committees.review_out(r) for r in committees.reviews_of(self.db.session, ident)]

    @rpc
    def record_meeting(self, meeting):
        """The community must be one of the county's (grid service), its name is taken from there;
        the cases named must be cases dispatch shows the caller. A settled case not among those
        discussed is refused by the rule, so only the first such is looked up."""
        data = validate(c.MeetingIn, meeting)
        require_role(self.principal, *COMMUNITY)
        community = grid_places.require(self.grid, communities=[(data.community_id, "communityId")]) \
            .communities[data.community_id]
        data = data.model_copy(update={"community_name": community["name"]})
        discussed = list(dict.fromkeys(data.discussed_case_ids))
        unseen = [i for i in dict.fromkeys(data.settled_case_ids) if i not in discussed]
        case_refs.require(self.dispatch, [(discussed, "discussedCaseIds"), (unseen[:1], "settledCaseIds")])

        def record(session, visible):
            visible.require_community(session, data.community_id)
            return meetings.record(session, data)
        return meetings.meeting_out(self._write_in_scope(COMMUNITY, record))

    @rpc
    def list_meetings(self, since, until, limit=None, after=None, community_id=None):
        """三联办 in scope held from ``since`` to ``until``, oldest first; with ``limit``, a page newest
        first after the cursor ``after`` (``<held_on>|<id>``), where ``since``/``until`` may be None
        (open) and ``community_id`` narrows to one community."""
        if limit is None:
            rows = meetings.between(self.db.session, _day(since, "since"), _day(until, "until"), self._visible())
            return [meetings.meeting_out(r) for r in rows]
        rows = meetings.page(
            self.db.session, self._visible(), limit=_int(limit, "first", 1, 101), after=keyset.date_cursor(after),
            since=None if since is None else _day(since, "since"),
            until=None if until is None else _day(until, "until"),
            community_id=parse_id(community_id, "communityId") if community_id else None)
        return [meetings.meeting_out(r) for r in rows]

    @rpc
    def submit_chair_report(self, report):
        data = validate(c.ChairReportIn, report)
        return chair_reviews.review_out(self._write_in_scope(COMMUNITY, self._committee_rule(
            chair_reviews.submit_report, data)))

    @rpc
    def grade_chair(self, grade):
        data = validate(c.ChairGradeIn, grade)
        return chair_reviews.review_out(self._write_in_scope(COMMUNITY, self._committee_rule(chair_reviews.grade, data)))

    @rpc
    def list_chair_reviews(self, committee_id):
        ident = parse_id(committee_id, "committeeId")
        self._committee(self.db.session, self._visible(), ident, "committeeId")
        return [chair_reviews.review_out(r) for r in chair_reviews.of_committee(self.db.session, ident)]
