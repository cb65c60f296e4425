"""A migrated SQLite volunteer database per test, and helpers to make volunteers."""
import pytest

from services.volunteer import ledger, people
from shared.contracts.volunteer import VolunteerIn
from shared.db import make_engine, open_tenant_session, tenant_sessionmaker
from shared.migrate import upgrade

TENANT = "341181"


@pytest.fixture
def factory(tmp_path):
    url = f"sqlite:///{tmp_path / 'volunteer.sqlite'}"
    upgrade("volunteer", url)
    engine = make_engine(url)
    yield tenant_sessionmaker(engine)
    engine.dispose()


@pytest.fixture
def session(factory):
    with open_tenant_session(factory, TENANT) as session:
        yield session
        # the double-entry invariant, after every test: all movements of the tenant sum to zero
        session.rollback()
        assert ledger.tenant_total(session) == 0


def volunteer(session, name="王芳", **kw):
    row = people.register(session, VolunteerIn(name=name, **kw))
    session.commit()
    return row
