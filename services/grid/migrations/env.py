"""Alembic environment of the grid service (version table alembic_version_grid)."""
from services.grid.models import Base
from shared.migrations_env import run

run(Base.metadata)
