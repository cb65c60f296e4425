"""The token claims CivicGrid reads, and minting of development tokens.

Claims: ``sub``; ``tenant`` (six-digit county code); ``roles`` (list); ``scope``
(``{"level": "county"}`` or ``{"level": "street"|"community"|"grid", "id": "<uuid>"}``);
``department`` (optional: the unit id of the functional department a ``department`` account
belongs to — the id whistle parts and routing rules name); ``exp``.
In production an OIDC provider (e.g. Keycloak) issues them with RS256; in development
``civicgrid token`` signs them with the HS256 development secret.
"""
from __future__ import annotations

import time
import uuid

import jwt

from shared.principal import ROLES, Principal, Scope
from shared.settings import Settings

DEV_TOKEN_LIFETIME = 12 * 3600


def mint_dev_token(settings: Settings, *, tenant: str, roles: list[str], subject: str | None = None,
                   scope: Scope | None = None, lifetime: int = DEV_TOKEN_LIFETIME,
                   department: str | None = None) -> str:
    if not settings.jwt_secret:
        raise ValueError("no CIVICGRID_JWT_SECRET: development tokens cannot be minted")
    unknown = [r for r in roles if r not in ROLES]
    if unknown:
        raise ValueError(f"unknown roles {unknown}; known: {', '.join(ROLES)}")
    principal = Principal(tenant=tenant, subject=subject or f"dev-{uuid.uuid4().hex[:8]}",
                          roles=tuple(roles), scope=scope or Scope(), department_id=department)
    now = int(time.time())
    claims = {"sub": principal.subject, "tenant": tenant, "roles": list(roles),
              "scope": {"level": principal.scope.level, **({"id": principal.scope.id} if principal.scope.id else {})},
              "iat": now, "exp": now + lifetime}
    if principal.department_id is not None:
        claims["department"] = principal.department_id
    if settings.jwt_issuer:
        claims["iss"] = settings.jwt_issuer
    if settings.jwt_audience:
        claims["aud"] = settings.jwt_audience
    return jwt.encode(claims, settings.jwt_secret, algorithm="HS256")
