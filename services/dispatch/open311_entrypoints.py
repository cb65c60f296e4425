"""Entrypoints of Open311 API keys (Open311 接口密钥; mixed into the service): county admins
create, revoke and list keys; the gateway resolves a key to its county before any tenant is
known (see open311_keys.py)."""
from __future__ import annotations

from services.dispatch import open311_keys, supervision
from shared.contracts.dispatch import Open311KeyIn
from shared.contracts.validation import parse_id, validate
from shared.nameko_ext import rpc


class Open311Entrypoints:
    @rpc
    def create_open311_key(self, key):
        """A new key (county admin); the answer carries its secret, never shown again."""
        data = validate(Open311KeyIn, key)
        session = self.db.session
        with session.begin():
            row, secret = open311_keys.create(session, self.principal, data)
            return open311_keys.key_out(row, secret)

    @rpc
    def revoke_open311_key(self, key_id):
        session = self.db.session
        with session.begin():
            row = open311_keys.revoke(session, self.principal, parse_id(key_id, "id"))
            return open311_keys.key_out(row)

    @rpc
    def list_open311_keys(self, limit=50, after=None):
        return [open311_keys.key_out(r) for r in
                open311_keys.listed(self.db.session, self.principal, limit, after)]

    @rpc(tenant_required=False)
    def resolve_open311_key(self, secret):
        """The county of a valid key, for the gateway's Open311 endpoint (no tenant yet)."""
        return open311_keys.resolve(supervision.factory_for(self.db.engine), secret)
