"""Each service's migrations build exactly the schema its models describe."""
import importlib

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from shared.db import make_engine
from shared.migrate import alembic_config, upgrade
from shared.settings import SERVICES


def schema_diff(service: str, url: str) -> list:
    metadata = importlib.import_module(f"services.{service}.models").Base.metadata
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            # Tell alembic the service's version table name (as migrations_env does), so it is not
            # reported as a table missing from the models. Nothing else is excluded.
            context = MigrationContext.configure(conn, opts={
                "version_table": f"alembic_version_{service}",
                "compare_type": True, "compare_server_default": True})
            return compare_metadata(context, metadata)
    finally:
        engine.dispose()


@pytest.mark.parametrize("service", SERVICES)
def test_sqlite_migrations_match_models(tmp_path, service):
    url = f"sqlite:///{tmp_path / service}.sqlite"
    upgrade(service, url)
    assert schema_diff(service, url) == []


@pytest.mark.postgres
@pytest.mark.parametrize("service", SERVICES)
def test_postgres_migrations_match_models(pg_layout, pg_host, service):
    owner_url = pg_layout.url(pg_host, migrations=True).replace("{service}", service)
    upgrade(service, owner_url)
    assert schema_diff(service, owner_url) == []


@pytest.mark.parametrize("service", SERVICES)
def test_sqlite_downgrade_to_base_and_up_again(tmp_path, service):
    url = f"sqlite:///{tmp_path / service}.sqlite"
    upgrade(service, url)
    command.downgrade(alembic_config(service, url), "base")
    engine = make_engine(url)
    with engine.connect() as conn:
        left = set(sa.inspect(conn).get_table_names()) - {f"alembic_version_{service}"}
    engine.dispose()
    assert left == set()
    upgrade(service, url)
    assert schema_diff(service, url) == []
