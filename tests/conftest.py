"""Real servers for the tests: a private RabbitMQ vhost and fresh PostgreSQL databases per run.

Where a server is missing the tests that need it skip with a loud reason; with
CIVICGRID_REQUIRE_SERVERS=1 (set by .ci/run) such a skip is a failure instead.
"""
from __future__ import annotations

import os
import uuid

import pytest

from shared import broker
from shared.pg_provision import Layout, drop, provision

REQUIRE = os.environ.get("CIVICGRID_REQUIRE_SERVERS") == "1"
AMQP_BASE = os.environ.get("CIVICGRID_TEST_AMQP_URI", "amqp://guest:guest@127.0.0.1:5672/")
PG_ADMIN = os.environ.get("CIVICGRID_TEST_PG_ADMIN_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
RUN_ID = uuid.uuid4().hex[:8]


def missing(reason: str) -> None:
    message = f"REAL SERVER MISSING — {reason}"
    if REQUIRE:
        pytest.fail(message + " (CIVICGRID_REQUIRE_SERVERS=1 forbids skipping)", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def amqp_uri() -> str:
    """AMQP URI of a private vhost for this run, with the deploy/ policies and dead letters."""
    if not broker.reachable(AMQP_BASE):
        missing(f"no RabbitMQ at {AMQP_BASE}")
    if not broker.can_manage_locally():
        missing("rabbitmqctl is not installed, so a private vhost cannot be made")
    vhost = f"civicgrid-test-{RUN_ID}"
    broker.create_vhost(vhost)
    broker.apply_policies(vhost)
    uri = broker.with_vhost(AMQP_BASE, vhost)
    broker.declare_dead_letters(uri)
    yield uri
    broker.delete_vhost(vhost)


def _pg_reachable() -> bool:
    import sqlalchemy as sa

    try:
        engine = sa.create_engine(PG_ADMIN, connect_args={"connect_timeout": 3})
        with engine.connect():
            pass
        engine.dispose()
        return True
    except Exception:
        return False


@pytest.fixture(scope="session")
def pg_layout() -> Layout:
    """Fresh per-run databases (one per service) with an owner and a non-owner app role."""
    if not _pg_reachable():
        missing(f"no PostgreSQL at {PG_ADMIN}")
    layout = Layout(prefix=f"cgt_{RUN_ID}")
    provision(PG_ADMIN, layout)
    yield layout
    drop(PG_ADMIN, layout)


@pytest.fixture(scope="session")
def pg_host() -> str:
    from sqlalchemy.engine import make_url

    url = make_url(PG_ADMIN)
    return f"{url.host or '127.0.0.1'}:{url.port or 5432}"
