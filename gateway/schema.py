"""One schema for every county tenant, joined from the per-domain Query and Mutation classes."""
from __future__ import annotations

from pathlib import Path

import strawberry

from gateway import permissions
from gateway.audit import AuditQuery
from gateway.cases.mutations import CaseMutation
from gateway.cases.open311_keys import Open311KeyMutation, Open311KeyQuery
from gateway.cases.queries import CaseQuery
from gateway.emergency.mutations import EmergencyMutation
from gateway.emergency.queries import EmergencyQuery
from gateway.errors import CivicSchema, describe_result_unions
from gateway.idempotency import IdempotentMutations
from gateway.limits import EXTENSIONS
from gateway.metrics import RequestMetrics
from gateway.organization.big_committee import BigCommitteeMutation, BigCommitteeQuery
from gateway.organization.deliberation import DeliberationMutation, DeliberationQuery
from gateway.organization.dual import DualRegistrationMutation, DualRegistrationQuery
from gateway.organization.meetings import MeetingMutation, MeetingQuery
from gateway.organization.members import MemberMutation, MemberQuery
from gateway.organization.service_records import ServiceRecordQuery
from gateway.organization.stars import StarMutation, StarQuery
from gateway.organization.suggestion import SuggestionMutation, SuggestionQuery
from gateway.organization.tree import OrgTreeMutation, OrgTreeQuery
from gateway.organization.venues import VenueMutation, VenueQuery
from gateway.property.mutations import PropertyMutation
from gateway.property.queries import PropertyQuery
from gateway.residents.mutations import ResidentsMutation
from gateway.residents.queries import ResidentsQuery
from gateway.residents.visits import VisitsMutation, VisitsQuery
from gateway.roster.mutations import RosterMutation
from gateway.roster.queries import RosterQuery
from gateway.subscriptions import Subscription
from gateway.system import SystemQuery
from gateway.territory.adjust import AdjustMutation
from gateway.territory.compounds import CompoundQuery
from gateway.territory.coverage import CoverageQuery
from gateway.territory.mutations import TerritoryMutation
from gateway.territory.queries import TerritoryQuery
from gateway.territory.rating import RatingMutation, RatingQuery
from gateway.tracing import OperationName
from gateway.volunteer.mutations import VolunteerMutation
from gateway.volunteer.queries import VolunteerQuery

SDL_PATH = Path(__file__).with_name("schema.graphql")


@strawberry.type(description="Read the county's data within your scope (查询).")
class Query(SystemQuery, AuditQuery, TerritoryQuery, CompoundQuery, RatingQuery, CoverageQuery, CaseQuery, Open311KeyQuery, ResidentsQuery, VisitsQuery, RosterQuery, EmergencyQuery, OrgTreeQuery, MemberQuery,
            DualRegistrationQuery, MeetingQuery, StarQuery, BigCommitteeQuery, DeliberationQuery,
            ServiceRecordQuery, VenueQuery, SuggestionQuery,
            VolunteerQuery, PropertyQuery):
    pass


@strawberry.type(description="Change the county's data; expected failures come back as "
                             "OperationError (操作).")
class Mutation(TerritoryMutation, RatingMutation, AdjustMutation, CaseMutation, Open311KeyMutation, ResidentsMutation, VisitsMutation, RosterMutation, EmergencyMutation, OrgTreeMutation, MemberMutation,
               DualRegistrationMutation, MeetingMutation, StarMutation,
               BigCommitteeMutation, DeliberationMutation, VenueMutation, SuggestionMutation,
               VolunteerMutation, PropertyMutation):
    pass


permissions.apply(Query, Mutation, Subscription)  # the role checks, from gateway/permissions.py

schema = CivicSchema(  # logs errors without their messages (gateway/errors.py)
    query=Query,
    mutation=Mutation,
    subscription=Subscription,
    extensions=[OperationName, RequestMetrics, *EXTENSIONS, IdempotentMutations],
)
describe_result_unions(schema._schema)  # gateway/errors.py
