"""Alembic environment of the volunteer service (version table alembic_version_volunteer)."""
from services.volunteer.models import Base
from shared.migrations_env import run

run(Base.metadata)
