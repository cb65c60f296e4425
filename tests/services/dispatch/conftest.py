"""A migrated SQLite database of the dispatch service per test."""
import pytest

from shared.db import make_engine, tenant_sessionmaker
from shared.migrate import upgrade


@pytest.fixture
def factory(tmp_path):
    url = f"sqlite:///{tmp_path / 'dispatch.sqlite'}"
    upgrade("dispatch", url)
    engine = make_engine(url)
    yield tenant_sessionmaker(engine)
    engine.dispose()
