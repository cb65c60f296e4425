"""One schema for every county tenant, joined from the per-domain Query and Mutation classes."""
from __future__ import annotations

from pathlib import Path

import strawberry

from gateway.cases.mutations import CaseMutation
from gateway.cases.queries import CaseQuery
from gateway.limits import EXTENSIONS
from gateway.system import SystemQuery
from gateway.tracing import OperationName
from gateway.territory.mutations import TerritoryMutation
from gateway.territory.queries import TerritoryQuery

SDL_PATH = Path(__file__).with_name("schema.graphql")


@strawberry.type
class Query(SystemQuery, TerritoryQuery, CaseQuery):
    pass


@strawberry.type
class Mutation(TerritoryMutation, CaseMutation):
    pass


schema = strawberry.Schema(
    query=Query,
    mutation=Mutation,
    extensions=[OperationName, *EXTENSIONS],
)
