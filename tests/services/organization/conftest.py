"""Organization rules over a migrated SQLite database, with an outbox recorder that keeps events."""
import pytest

from shared.db import make_engine, open_tenant_session, tenant_sessionmaker
from shared.migrate import upgrade

TENANT = "341181"


class Recorder:
    def __init__(self):
        self.events: list[tuple[str, dict]] = []

    def __call__(self, _session, event_type: str, payload: dict):
        self.events.append((event_type, payload))

    def of(self, event_type: str) -> list[dict]:
        return [p for t, p in self.events if t == event_type]


@pytest.fixture(scope="session")
def migrated_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("org") / "organization.sqlite"
    upgrade("organization", f"sqlite:///{path}")
    return path


@pytest.fixture
def session(migrated_db, tmp_path):
    copy = tmp_path / "organization.sqlite"
    copy.write_bytes(migrated_db.read_bytes())  # a fresh migrated database per test, migrated once
    engine = make_engine(f"sqlite:///{copy}")
    with open_tenant_session(tenant_sessionmaker(engine), TENANT) as session:
        yield session
    engine.dispose()


@pytest.fixture
def record():
    return Recorder()
