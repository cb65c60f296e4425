"""A tiny nameko service for the RPC client contract tests (runs in a subprocess only).

Started with ``python -m shared.runner tests.gateway.echo_service:EchoService``; the pytest
process never imports this module (it would pull in nameko and eventlet).
"""
import eventlet

from shared.errors import NotFound
from shared.nameko_ext import Tenant, rpc


class EchoService:
    name = "echo"

    tenant = Tenant()

    @rpc
    def echo(self, value):
        return {"value": value, "tenant": self.tenant}

    @rpc
    def fail(self):
        raise NotFound("Case", "事件", "C-404", field="id")

    @rpc
    def slow(self, seconds):
        eventlet.sleep(seconds)
        return seconds

    @rpc(tenant_required=False)
    def health(self):
        return {"ok": True, "tenant": self.tenant}
