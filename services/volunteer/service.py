"""The volunteer service: dependencies, volunteers and teams. The other entrypoints are mixed in
from activity_entrypoints, points_entrypoints, store_entrypoints, consumers (events) and
schedule (the monthly pioneer snapshot); rules live in people, activities, rules, ledger, store,
casework, pioneer and reports."""
from __future__ import annotations

import uuid

from nameko.rpc import ServiceRpc

from services.volunteer import people
from services.volunteer.activity_entrypoints import ActivityEntrypoints
from services.volunteer.consumers import EventEntrypoints
from services.volunteer.entrypoints import MANAGERS
from services.volunteer.models import Base
from services.volunteer.points_entrypoints import PointsEntrypoints
from services.volunteer.schedule import ScheduleEntrypoints
from services.volunteer.store_entrypoints import StoreEntrypoints
from shared import keyset, places, remote
from shared.contracts.validation import parse_id, validate
from shared.contracts.volunteer import (
    SERVICE,
    PlacementIn,
    TeamIn,
    VolunteerIn,
    VolunteerPageIn,
)
from shared.db import Database
from shared.idempotency import Idempotency
from shared.errors import NotFound
from shared.health import health_report
from shared.nameko_ext import CallingPrincipal, EventId, rpc
from shared.outbox import Outbox
from shared.scope import require_role
from shared.worker_tracing import Tracing


class VolunteerService(ActivityEntrypoints, PointsEntrypoints, StoreEntrypoints, EventEntrypoints,
                       ScheduleEntrypoints):
    name = SERVICE

    db = Database(SERVICE, Base.metadata)
    idempotency = Idempotency()
    outbox = Outbox()
    principal = CallingPrincipal()
    event_id = EventId()
    tracing = Tracing()
    grid = ServiceRpc("grid")
    organization = ServiceRpc("organization")

    @rpc(tenant_required=False)
    def health(self):
        return health_report(SERVICE, self.db)

    # volunteers and teams
    @rpc
    def create_team(self, team):
        data = validate(TeamIn, team)
        places.require(self.grid, communities=[(data.community_id, "communityId")])
        return self._write(lambda s: people.team_out(people.create_team(s, data)))

    @rpc
    def list_teams(self, limit=None, after=None):
        """志愿服务队 by name; with ``limit``, a page by name then id after the cursor ``after``
        (``<name>|<id>``)."""
        if limit is None:
            return [people.team_out(t) for t in people.list_teams(self.db.session)]
        rows = people.teams_page(self.db.session, limit=keyset.limit_of(limit), after=keyset.name_cursor(after))
        return [people.team_out(t) for t in rows]

    def _grid(self, grid_id):
        """The grid's record from the grid service (bounded): its community and street."""
        return remote.call(self.grid, "grid", "get_grid", str(grid_id))

    def _require_member(self, member_id: str) -> None:
        """A party member volunteer's ``memberId`` is a member of the county's roster."""
        try:
            ident = str(uuid.UUID(member_id))
        except ValueError:
            raise NotFound("party member", "党员", member_id, field="memberId") from None
        if not remote.call(self.organization, "organization", "members_exist", [ident]):
            raise NotFound("party member", "党员", member_id, field="memberId")

    @rpc
    def register_volunteer(self, volunteer):
        data = validate(VolunteerIn, volunteer)
        require_role(self.principal, *MANAGERS)
        if data.member_id is not None:
            self._require_member(data.member_id)
        grid = self._grid(data.grid_id) if data.grid_id else None
        if grid is None:  # with a grid, its community and street win (people.register)
            known = places.require(self.grid, streets=[(data.street_id, "streetId")],
                                   communities=[(data.community_id, "communityId")])
            if data.community_id and not data.street_id:  # the community's street follows
                street = known.communities[data.community_id]["street_id"]
                data = data.model_copy(update={"street_id": uuid.UUID(street)})
        return self._write(lambda s: people.volunteer_out(
            people.in_scope(s, self.principal, people.register(s, data, grid)), 0))

    @rpc
    def place_volunteer(self, placement):
        """所在网格: put a volunteer in a grid (its community and street follow)."""
        data = validate(PlacementIn, placement)
        require_role(self.principal, *MANAGERS)
        grid = self._grid(data.grid_id)
        def work(session):
            people.in_scope(session, self.principal, people.get_volunteer(session, data.volunteer_id))
            row = people.in_scope(session, self.principal, people.place(session, data.volunteer_id, grid))
            return people.volunteers_by_ids(session, [row.id])[0]
        return self._write(work)

    @rpc
    def volunteers_by_ids(self, ids):
        return people.volunteers_by_ids(self.db.session, [parse_id(i, "ids") for i in ids],
                                        self.principal)

    @rpc
    def list_volunteers(self, team_id=None):
        team = parse_id(team_id, "teamId") if team_id else None
        return people.list_volunteers(self.db.session, team, principal=self.principal)

    @rpc
    def volunteer_page(self, query):
        return people.page(self.db.session, validate(VolunteerPageIn, query), self.principal)
