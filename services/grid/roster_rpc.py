"""RPC entrypoints of the seven-level roster, mixed into GridService."""
from __future__ import annotations

from services.grid import roster
from shared.contracts.grid import POST_LEVELS, PostIn, StaffingModelIn
from shared.contracts.validation import parse_id, validate
from shared.errors import ValidationFailed
from shared.nameko_ext import rpc
from shared.scope import require_role

APPOINTERS = ("county_admin", "street_staff", "community_staff")
READERS = ("county_admin", "command_center", "street_staff", "community_staff", "grid_worker",
           "dashboard")


class RosterRpc:
    @rpc
    def appoint_post(self, post):
        require_role(self.principal, *APPOINTERS)
        data = validate(PostIn, post)
        session = self.db.session
        with session.begin():
            return roster.post_out(roster.appoint(session, self.principal, data))

    @rpc
    def vacate_post(self, post_id):
        require_role(self.principal, *APPOINTERS)
        session = self.db.session
        with session.begin():
            return roster.post_out(roster.vacate(session, self.principal, parse_id(post_id, "postId")))

    @rpc
    def list_posts(self, limit=50, after=None, grid_id=None, level=None, community_id=None):
        require_role(self.principal, *READERS)
        if level is not None and level not in POST_LEVELS:
            raise ValidationFailed([{"field": "level", "message": "level: unknown post level",
                                     "message_zh": "level：未知的岗位层级"}])
        rows = roster.list_posts(self.db.session, self.principal, limit=max(1, min(int(limit), 101)),
                                 after=parse_id(after, "after") if after else None,
                                 grid_id=parse_id(grid_id, "gridId") if grid_id else None, level=level,
                                 community_id=parse_id(community_id, "communityId") if community_id else None)
        return [roster.post_out(r) for r in rows]

    @rpc
    def set_staffing_model(self, model):
        require_role(self.principal, "county_admin")
        data = validate(StaffingModelIn, {"model": model})
        session = self.db.session
        with session.begin():
            roster.set_staffing_model(session, data.model)
            return roster.staffing_report(session, self.principal)

    @rpc
    def staffing_report(self):
        require_role(self.principal, *READERS)
        return roster.staffing_report(self.db.session, self.principal)

    @rpc
    def roster_counts(self):
        require_role(self.principal, *READERS)
        return roster.roster_counts(self.db.session, self.principal)
