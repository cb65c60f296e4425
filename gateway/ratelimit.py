"""Per-tenant request rate: one token bucket per county, per gateway process.

A county's dashboards and clients share its bucket, so one busy county cannot starve the others
on a shared deployment. The bucket lives in the process: with N gateway replicas behind a load
balancer a county gets up to N times the configured rate (docs/API.md).
"""
from __future__ import annotations

import math
import time
from collections import OrderedDict
from dataclasses import dataclass

from shared.errors import CivicError

MAX_TENANTS = 10_000  # buckets kept; the least recently used county's is dropped (it refills anyway)


class RateLimited(CivicError):
    code = "RATE_LIMITED"
    retryable = True

    def __init__(self, retry_after: int):
        super().__init__(f"too many requests for this county; retry after {retry_after} s",
                         f"本县请求过于频繁，请 {retry_after} 秒后重试",
                         details={"retry_after": retry_after})
        self.retry_after = retry_after


@dataclass
class _Bucket:
    tokens: float
    at: float


class TenantRateLimit:
    """``take(tenant)`` spends one token or raises :class:`RateLimited` with a Retry-After."""

    def __init__(self, per_second: float, burst: int, clock=time.monotonic):
        self.per_second = per_second
        self.burst = burst
        self.clock = clock
        self._buckets: OrderedDict[str, _Bucket] = OrderedDict()

    @property
    def enabled(self) -> bool:
        return self.per_second > 0

    def take(self, tenant: str) -> None:
        if not self.enabled:
            return
        now = self.clock()
        bucket = self._buckets.pop(tenant, None) or _Bucket(tokens=float(self.burst), at=now)
        bucket.tokens = min(float(self.burst), bucket.tokens + (now - bucket.at) * self.per_second)
        bucket.at = now
        self._buckets[tenant] = bucket
        if len(self._buckets) > MAX_TENANTS:
            self._buckets.popitem(last=False)
        if bucket.tokens < 1:
            raise RateLimited(max(1, math.ceil((1 - bucket.tokens) / self.per_second)))
        bucket.tokens -= 1
