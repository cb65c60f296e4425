"""Alembic environment of the organization service (version table alembic_version_organization)."""
from services.organization.models import Base
from shared.migrations_env import run

run(Base.metadata)
