"""Data scope inside a tenant: a principal sees what its place in the hierarchy covers."""
from __future__ import annotations

import uuid

import sqlalchemy as sa

from shared.errors import Forbidden
from shared.principal import Principal


def scope_clause(principal: Principal | None, *, street=None, community=None, grid=None):
    """A WHERE clause limiting rows to the principal's scope, given the columns that hold the
    row's street, community and grid ids. No principal means an internal event: unrestricted."""
    if principal is None or principal.scope.level == "county":
        return sa.true()
    column = {"street": street, "community": community, "grid": grid}[principal.scope.level]
    if column is None:
        return sa.false()  # the row has no such place: outside a narrower scope
    try:  # scope ids arrive as text in the token; the columns are UUIDs (a str fails on SQLite)
        scope_id = uuid.UUID(str(principal.scope.id))
    except ValueError:
        return sa.false()  # not one of our ids: nothing is in scope
    return column == scope_id


def require_role(principal: Principal | None, *roles: str) -> None:
    if principal is None or not principal.has_role(*roles):
        raise Forbidden(f"requires one of the roles: {', '.join(roles)}",
                        f"需要以下角色之一：{'、'.join(roles)}")
