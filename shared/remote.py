"""Service-to-service RPC with a bound: nameko's proxy has no timeout of its own."""
from __future__ import annotations

import eventlet
from nameko.exceptions import UnknownService as NamekoUnknownService

from shared.errors import Timeout, Unavailable
from shared.settings import get_settings


def call(proxy, service: str, method: str, *args, timeout: float | None = None, **kwargs):
    """Call ``proxy.<method>`` and give up after ``timeout`` seconds with a retryable error."""
    limit = timeout or get_settings().rpc_timeout
    try:
        with eventlet.Timeout(limit):
            return getattr(proxy, method)(*args, **kwargs)
    except eventlet.Timeout:
        raise Timeout(f"{service}.{method} did not answer within {limit:g}s",
                      f"{service}.{method} 在 {limit:g} 秒内未响应") from None
    except NamekoUnknownService:
        raise Unavailable(f"service {service} is not running", f"{service} 服务未运行") from None
