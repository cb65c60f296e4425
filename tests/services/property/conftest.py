"""A migrated SQLite property database per test, with a tenant-bound session."""
import pytest

from shared.db import make_engine, open_tenant_session, tenant_sessionmaker
from shared.migrate import upgrade

TENANT = "341181"


@pytest.fixture
def engine(tmp_path):
    url = f"sqlite:///{tmp_path / 'property.sqlite'}"
    upgrade("property", url)
    engine = make_engine(url)
    yield engine
    engine.dispose()


@pytest.fixture
def session(engine):
    with open_tenant_session(tenant_sessionmaker(engine), TENANT) as session:
        yield session
