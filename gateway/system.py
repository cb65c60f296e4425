"""Who am I, and are the services up."""
from __future__ import annotations

import asyncio

import strawberry

from shared.errors import CivicError
from shared.settings import SERVICES


@strawberry.type(description="The caller as the platform sees it (当前用户).")
class Me:
    subject: str
    tenant: str
    roles: list[str]
    scope_level: str
    scope_id: str | None


@strawberry.type(description="One service's health (服务健康).")
class ServiceHealth:
    service: str
    status: str
    database: str | None


async def _health(info: strawberry.Info, service: str) -> ServiceHealth:
    try:
        data = await info.context.rpc.call(service, "health", context={}, timeout=2.0)
        return ServiceHealth(service=service, status=data["status"], database=data["database"])
    except CivicError as exc:
        return ServiceHealth(service=service, status=exc.code.lower(), database=None)


@strawberry.type
class SystemQuery:
    @strawberry.field(description="The verified caller (当前用户).")
    def me(self, info: strawberry.Info) -> Me:
        p = info.context.principal
        return Me(subject=p.subject, tenant=p.tenant, roles=list(p.roles),
                  scope_level=p.scope.level, scope_id=p.scope.id)

    @strawberry.field(description="Health of the five services (服务健康状态).")
    async def service_health(self, info: strawberry.Info) -> list[ServiceHealth]:
        return list(await asyncio.gather(*(_health(info, s) for s in SERVICES)))
