"""What every subscription does around its events: take them from the bus for the caller's
tenant, stop when the token expires, and give each event fresh DataLoaders."""
from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable

import strawberry

from gateway.auth import Unauthenticated
from gateway.subscriptions.bus import Event
from shared.errors import Unavailable


async def events(info: strawberry.Info, wants: Callable[[str], bool]) -> AsyncIterator[Event]:
    """The caller's tenant's events named as ``wants`` says, until the token expires.

    Registers with the bus before yielding anything, so work a resolver does before its first
    event (checking the argument against a service) misses nothing.
    """
    ctx = info.context
    if ctx.bus is None:
        raise Unavailable("subscriptions are not available on this gateway", "此网关不提供订阅")
    async with ctx.bus.subscribe(ctx.principal.tenant, wants) as subscriber:
        yield None  # registered
        while True:
            event = await subscriber.next(ctx.expires_at)
            if event is None:
                raise Unauthenticated("token expired; reconnect with a new token",
                                      "令牌已过期，请使用新令牌重新连接", code="TOKEN_EXPIRED")
            # links resolved for this event must not come from a loader cached for an earlier one
            ctx.loaders.clear()
            yield event


@contextlib.asynccontextmanager
async def subscribed(info: strawberry.Info, wants: Callable[[str], bool]):
    """``async with subscribed(...) as stream``: registered with the bus on entry, unregistered
    on exit (also when the client completes or disconnects)."""
    async with contextlib.aclosing(events(info, wants)) as stream:
        await anext(stream)
        yield stream
