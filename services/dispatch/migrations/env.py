"""Alembic environment of the dispatch service (version table alembic_version_dispatch)."""
from services.dispatch.models import Base
from shared.migrations_env import run

run(Base.metadata)
