"""Who is calling, for which county, and how much of it they may see.

The gateway builds a :class:`Principal` from verified token claims only, and sends it to services
in nameko context data (``nameko.tenant`` and ``nameko.principal`` headers). Services never take
the tenant from RPC arguments.
"""
from __future__ import annotations

import json
import re
import uuid
from dataclasses import asdict, dataclass, field
from typing import Literal

ScopeLevel = Literal["county", "street", "community", "grid"]
SCOPE_LEVELS: tuple[ScopeLevel, ...] = ("county", "street", "community", "grid")
TENANT_PATTERN = re.compile(r"^[0-9]{6}$")

# context-data keys; nameko puts them on the wire as ``nameko.<key>`` headers
TENANT_KEY = "tenant"
PRINCIPAL_KEY = "principal"
EVENT_ID_KEY = "event_id"
TRACEPARENT_KEY = "traceparent"
LANGUAGE_KEY = "language"

ROLES = (
    "platform_admin", "county_admin", "command_center", "street_staff", "community_staff", "grid_worker",
    "department", "party_member", "resident", "property_company", "dashboard", "auditor",
)


def is_tenant_code(value: object) -> bool:
    """A tenant is a county-level administrative division code (six digits, e.g. 341181)."""
    return isinstance(value, str) and bool(TENANT_PATTERN.match(value))


@dataclass(frozen=True)
class Scope:
    """The part of the tenant a principal covers: the whole county, or one street/community/grid."""

    level: ScopeLevel = "county"
    id: str | None = None

    def __post_init__(self) -> None:
        if self.level not in SCOPE_LEVELS:
            raise ValueError(f"scope level must be one of {', '.join(SCOPE_LEVELS)}")
        if (self.level == "county") != (self.id is None):
            raise ValueError("a county scope has no id; every other scope needs one")


def department_id_of(value: object) -> str | None:
    """The canonical form of a department id (a functional department's unit id, a UUID, as the
    whistle parts and routing rules name it); ``None`` stays ``None``."""
    if value is None:
        return None
    if isinstance(value, uuid.UUID):
        return str(value)
    try:
        return str(uuid.UUID(value if isinstance(value, str) else ""))
    except ValueError:
        raise ValueError("department must be a unit id (UUID string)") from None


@dataclass(frozen=True)
class Principal:
    """``department_id``: the functional department (职能部门) a ``department`` account belongs
    to (token claim ``department``); ``None`` when the token names none."""

    tenant: str
    subject: str
    roles: tuple[str, ...] = ()
    scope: Scope = field(default_factory=Scope)
    department_id: str | None = None

    def __post_init__(self) -> None:
        if not is_tenant_code(self.tenant):
            raise ValueError("tenant must be a six-digit county code")
        object.__setattr__(self, "department_id", department_id_of(self.department_id))

    def has_role(self, *roles: str) -> bool:
        return any(role in self.roles for role in roles)

    def to_header(self) -> str:
        data = asdict(self)
        data["roles"] = list(self.roles)
        if self.department_id is None:  # absent = none: the header stays as it was before the claim
            del data["department_id"]
        return json.dumps(data, separators=(",", ":"), ensure_ascii=False)

    @classmethod
    def from_header(cls, raw: str | bytes | None) -> "Principal | None":
        if not raw:
            return None
        data = json.loads(raw)
        return cls(tenant=data["tenant"], subject=data["subject"], roles=tuple(data.get("roles", ())),
                   scope=Scope(**data.get("scope") or {}), department_id=data.get("department_id"))

    def context_data(self) -> dict[str, str]:
        return {TENANT_KEY: self.tenant, PRINCIPAL_KEY: self.to_header()}
