"""The volunteer service: dependencies, volunteers and teams, consumed events. The other RPC
entrypoints are mixed in from activity_entrypoints, points_entrypoints and store_entrypoints;
rules live in people, activities, rules, ledger, store, casework, pioneer and reports."""
from __future__ import annotations

import logging
from datetime import datetime

from services.volunteer import activities, casework, people
from services.volunteer.activity_entrypoints import ActivityEntrypoints
from services.volunteer.models import Base, inbox
from services.volunteer.points_entrypoints import PointsEntrypoints
from services.volunteer.store_entrypoints import StoreEntrypoints
from shared.contracts.dispatch import CASE_RESOLVED, CaseResolved
from shared.contracts.organization import MEMBER_REGISTERED, MemberRegisteredWithCommunity
from shared.contracts.validation import parse_id, validate
from shared.contracts.volunteer import SERVICE, TeamIn, VolunteerIn
from shared.db import Database
from shared.health import health_report
from shared.nameko_ext import CallingPrincipal, EventId, event_handler, rpc
from shared.outbox import Outbox, first_delivery
from shared.worker_tracing import Tracing

log = logging.getLogger(__name__)


class VolunteerService(ActivityEntrypoints, PointsEntrypoints, StoreEntrypoints):
    name = SERVICE

    db = Database(SERVICE, Base.metadata)
    outbox = Outbox()
    principal = CallingPrincipal()
    event_id = EventId()
    tracing = Tracing()

    @rpc(tenant_required=False)
    def health(self):
        return health_report(SERVICE, self.db)

    # volunteers and teams
    @rpc
    def create_team(self, team):
        data = validate(TeamIn, team)
        return self._write(lambda s: people.team_out(people.create_team(s, data)))

    @rpc
    def list_teams(self):
        return [people.team_out(t) for t in people.list_teams(self.db.session)]

    @rpc
    def register_volunteer(self, volunteer):
        data = validate(VolunteerIn, volunteer)
        return self._write(lambda s: people.volunteer_out(people.register(s, data), 0))

    @rpc
    def volunteers_by_ids(self, ids):
        return people.volunteers_by_ids(self.db.session, [parse_id(i, "ids") for i in ids])

    @rpc
    def list_volunteers(self, team_id=None):
        team = parse_id(team_id, "teamId") if team_id else None
        return people.list_volunteers(self.db.session, team)

    # consumed events
    @event_handler("dispatch", CASE_RESOLVED)
    def on_case_resolved(self, payload):
        event = CaseResolved.model_validate(payload)
        day = activities.local_day(datetime.fromisoformat(event.at))
        session = self.db.session
        with session.begin():
            if not first_delivery(session, inbox, "volunteer.on_case_resolved", self.event_id):
                return
            txn, credited, missing = casework.credit_handlers(
                session, event.case_id, [str(m) for m in event.handler_member_ids], day)
            for volunteer_id, points in credited.items():
                self._posted(session, txn, volunteer_id, points)
        if missing:
            log.info("case %s: %d handler(s) not registered as volunteers", event.case_id, len(missing))

    @event_handler("organization", MEMBER_REGISTERED)
    def on_member_registered(self, payload):
        event = MemberRegisteredWithCommunity.model_validate(payload)
        session = self.db.session
        with session.begin():
            if not first_delivery(session, inbox, "volunteer.on_member_registered", self.event_id):
                return
            people.from_dual_registration(session, member_id=str(event.member_id),
                                          name=event.member_name, community_id=event.community_id)
