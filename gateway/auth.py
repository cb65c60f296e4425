"""Bearer-token verification: the tenant, roles, data scope and department come from verified
claims only."""
from __future__ import annotations

import jwt

from shared.errors import CivicError
from shared.principal import Principal, Scope, department_id_of, is_tenant_code
from shared.settings import Settings


class Unauthenticated(CivicError):
    code = "UNAUTHENTICATED"


class TokenVerifier:
    """HS256 with the configured secret, or RS256/ES256 against a JWKS URL (OIDC, e.g. Keycloak)."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self._jwks = jwt.PyJWKClient(settings.jwt_jwks_url, cache_keys=True) if settings.jwt_jwks_url else None

    def _decode(self, token: str) -> dict:
        options = {"require": ["exp", "sub"], "verify_aud": bool(self.settings.jwt_audience)}
        common = dict(audience=self.settings.jwt_audience, issuer=self.settings.jwt_issuer,
                      options=options, leeway=30)
        if self._jwks is not None:
            key = self._jwks.get_signing_key_from_jwt(token).key
            return jwt.decode(token, key, algorithms=["RS256", "ES256"], **common)
        return jwt.decode(token, self.settings.jwt_secret, algorithms=["HS256"], **common)

    def verify(self, authorization: str | None) -> Principal:
        return self.verify_with_expiry(authorization)[0]

    def verify_with_expiry(self, authorization: str | None) -> tuple[Principal, float]:
        """The principal and the token's ``exp`` (epoch seconds): a subscription ends then."""
        if not authorization:
            raise Unauthenticated("missing Authorization: Bearer token", "缺少 Authorization: Bearer 令牌")
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise Unauthenticated("Authorization must be 'Bearer <token>'", "Authorization 应为 'Bearer <令牌>'")
        try:
            claims = self._decode(token.strip())
        except jwt.ExpiredSignatureError:
            raise Unauthenticated("token expired", "令牌已过期", code="TOKEN_EXPIRED") from None
        except (jwt.InvalidTokenError, jwt.PyJWKClientError) as exc:
            raise Unauthenticated(f"invalid token: {exc}", "令牌无效", code="TOKEN_INVALID") from None
        tenant = claims.get("tenant")
        if not is_tenant_code(tenant):
            raise Unauthenticated("token has no valid 'tenant' claim (six-digit county code)",
                                  "令牌缺少有效的 tenant（六位县级代码）声明", code="TENANT_CLAIM_MISSING",
                                  field="tenant")
        try:  # optional: the department a ``department`` account belongs to (its unit id)
            department = department_id_of(claims.get("department"))
        except ValueError:
            raise Unauthenticated("invalid department claim: a department's unit id (UUID) is expected",
                                  "令牌 department 声明无效：应为部门的单位编号（UUID）",
                                  code="TOKEN_INVALID", field="department") from None
        roles = claims.get("roles") or []
        scope_claim = claims.get("scope") or {"level": "county"}
        try:
            scope = Scope(level=scope_claim.get("level", "county"), id=scope_claim.get("id"))
            principal = Principal(tenant=tenant, subject=str(claims["sub"]),
                                  roles=tuple(str(r) for r in roles), scope=scope,
                                  department_id=department)
        except (ValueError, TypeError, AttributeError) as exc:
            raise Unauthenticated(f"invalid scope claim: {exc}", "令牌 scope 声明无效",
                                  code="TOKEN_INVALID", field="scope") from None
        return principal, float(claims["exp"])
