"""Alembic environment of the property service (version table alembic_version_property)."""
from services.property.models import Base
from shared.migrations_env import run

run(Base.metadata)
