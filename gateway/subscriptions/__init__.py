"""GraphQL subscriptions over graphql-transport-ws, fed from the services' events (docs/API.md)."""
from __future__ import annotations

import strawberry

from gateway.subscriptions.cases import CaseSubscription
from gateway.subscriptions.emergency import EmergencySubscription


@strawberry.type(description="Live updates over graphql-transport-ws at /graphql (订阅).")
class Subscription(CaseSubscription, EmergencySubscription):
    pass
