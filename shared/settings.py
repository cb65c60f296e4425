"""Typed settings read from the environment; a missing or malformed value fails at start-up."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

ROOT = Path(__file__).resolve().parent.parent
SERVICES = ("organization", "grid", "dispatch", "volunteer", "property")
DEV_JWT_SECRET = "civicgrid-dev-only-secret-change-me-0123456789"


class Settings(BaseSettings):
    """Every knob of a CivicGrid process. Environment variables use the ``CIVICGRID_`` prefix,
    except ``AMQP_URI`` which keeps nameko's name."""

    model_config = SettingsConfigDict(env_prefix="CIVICGRID_", extra="ignore")

    env: Literal["dev", "test", "production"] = "dev"
    amqp_uri: str = Field("amqp://guest:guest@127.0.0.1:5672/", validation_alias="AMQP_URI")
    # ``{service}`` is replaced by the service name: one database per service.
    database_url: str = f"sqlite:///{ROOT / 'var' / 'db' / '{service}.sqlite'}"
    # The owner role that runs migrations; defaults to database_url (fine for SQLite).
    migration_database_url: str | None = None
    jwt_secret: str | None = None
    jwt_jwks_url: str | None = None
    jwt_issuer: str | None = None
    jwt_audience: str | None = None
    rpc_timeout: float = Field(10.0, gt=0, le=300)
    gateway_host: str = "127.0.0.1"
    gateway_port: int = Field(8000, ge=1, le=65535)
    outbox_poll_interval: float = Field(0.5, gt=0, le=60)
    # days a service keeps the keys (and answers) of idempotent RPCs (shared/idempotency.py)
    idempotency_days: float = Field(7.0, gt=0, le=3650)
    otel_exporter: Literal["none", "console", "otlp"] = "none"
    # GraphQL gate (docs/API.md): requests per second per tenant and per gateway process, with a
    # burst; 0 turns the limit off. Unset: 50/s (burst 100) in production, off elsewhere.
    rate_limit_per_second: float | None = Field(None, ge=0, le=100_000)
    rate_limit_burst: int | None = Field(None, ge=1, le=1_000_000)
    # a JSON file {"<sha256 of the document>": "<document>"}; when set only those run
    persisted_operations: Path | None = None
    # schema introspection (__schema, __type); unset: on outside production, off in production
    introspection: bool | None = None

    @field_validator("amqp_uri")
    @classmethod
    def _amqp_scheme(cls, value: str) -> str:
        if not value.startswith(("amqp://", "amqps://")):
            raise ValueError("AMQP_URI must start with amqp:// or amqps://")
        return value

    @field_validator("database_url", "migration_database_url")
    @classmethod
    def _db_template(cls, value: str | None) -> str | None:
        if value is not None and "{service}" not in value:
            raise ValueError("must contain '{service}': each service owns its own database")
        if value is not None and not value.startswith(("sqlite:", "postgresql")):
            raise ValueError("only sqlite and postgresql databases are supported")
        return value

    @field_validator("persisted_operations")
    @classmethod
    def _manifest_exists(cls, value: Path | None) -> Path | None:
        if value is not None and not value.is_file():
            raise ValueError(f"no such file: {value}")
        return value

    @model_validator(mode="after")
    def _gate_defaults(self) -> Settings:
        production = self.env == "production"
        if self.rate_limit_per_second is None:
            self.rate_limit_per_second = 50.0 if production else 0.0
        if self.rate_limit_burst is None:
            self.rate_limit_burst = max(1, int(self.rate_limit_per_second * 2))
        if self.introspection is None:
            self.introspection = not production
        return self

    @model_validator(mode="after")
    def _production_is_strict(self) -> "Settings":
        if self.env == "production":
            if not (self.jwt_jwks_url or self.jwt_secret):
                raise ValueError("production needs CIVICGRID_JWT_JWKS_URL or CIVICGRID_JWT_SECRET")
            if self.jwt_secret == DEV_JWT_SECRET:
                raise ValueError("production must not use the development JWT secret")
        elif not (self.jwt_jwks_url or self.jwt_secret):
            self.jwt_secret = DEV_JWT_SECRET
        return self

    def service_database_url(self, service: str, *, migrations: bool = False) -> str:
        if service not in SERVICES:
            raise ValueError(f"unknown service {service!r}; expected one of {', '.join(SERVICES)}")
        template = (self.migration_database_url or self.database_url) if migrations else self.database_url
        return template.replace("{service}", service)


class SettingsError(RuntimeError):
    """Raised with one readable line per bad environment variable."""


def load_settings() -> Settings:
    try:
        return Settings()
    except ValidationError as exc:
        lines = [
            f"  {'.'.join(str(p) for p in err['loc']) or 'settings'}: {err['msg']}"
            for err in exc.errors()
        ]
        raise SettingsError("invalid CivicGrid configuration:\n" + "\n".join(lines)) from None


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return load_settings()
