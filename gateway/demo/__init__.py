"""The demo county: 天长市 (tenant 341181), scaled down from the seed figures.

Each domain adds its own step module here; everything goes through the services' public RPC
contracts, exactly as the gateway would. The county is registered last, so a seed that failed
half-way is run again from the start on a fresh database (``make clean``).
"""
from __future__ import annotations

import random

from gateway.demo import dispatch, organization, property, roster, territory, volunteer
from gateway.demo.context import Demo
from gateway.rpc_client import RpcClient
from shared.errors import CivicError
from shared.principal import Principal

TENANT = "341181"
COUNTY = "天长市"
STEPS = [territory.seed, territory.seed_cases, territory.seed_residents, roster.seed, roster.seed_visits,
         organization.seed, dispatch.seed,  # dispatch names the roster's real members and orgs
         volunteer.seed, property.seed]


async def seed(rpc: RpcClient, *, tenant: str = TENANT, county: str = COUNTY,
               seed_value: int = 341181) -> dict[str, int]:
    """Create the demo county once; returns what was created (empty when it already exists)."""
    platform = Principal(tenant=tenant, subject="demo-seed", roles=("platform_admin",)).context_data()
    try:
        await rpc.call("organization", "get_county", context=platform)
        return {}
    except CivicError as exc:
        if exc.code != "NOT_FOUND":
            raise
    demo = Demo(rpc=rpc, tenant=tenant, rng=random.Random(seed_value))
    for step in STEPS:
        await step(demo)
    await rpc.call("organization", "register_county", {"name": county}, context=platform)
    return demo.counts
