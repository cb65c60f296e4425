"""Who am I, and are the services up."""
from __future__ import annotations

import asyncio

import strawberry

from shared.errors import CivicError
from shared.settings import SERVICES


@strawberry.type(description="The caller as the platform sees it (当前用户).")
class Me:
    subject: str = strawberry.field(description="Your login: the verified token's subject (用户账号).")
    tenant: str = strawberry.field(description="Your county (租户): its six-digit administrative division "
                                               "code, e.g. 341181.")
    roles: list[str] = strawberry.field(description="Your roles (角色): platform_admin, county_admin, "
                                                    "command_center, street_staff, community_staff, "
                                                    "grid_worker, department, party_member, resident, "
                                                    "property_company, dashboard, auditor.")
    scope_level: str = strawberry.field(description="How much of the county you see (数据范围): county, "
                                                    "street, community or grid.")
    scope_id: str | None = strawberry.field(description="The street's, community's or grid's id of your "
                                                        "scope; null for the county.")


@strawberry.type(description="One service's health (服务健康).")
class ServiceHealth:
    service: str = strawberry.field(description="grid, organization, dispatch, volunteer or property (服务名).")
    status: str = strawberry.field(description="ok, degraded (its database is unreachable), or, when the "
                                               "call failed, the error code in lower case, e.g. timeout "
                                               "(no answer within 2 seconds) or unavailable (状态).")
    database: str | None = strawberry.field(description="ok, or `unreachable: <error>` (数据库); null when "
                                                        "the service did not answer.")


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
