"""Fixtures of the reliability suite (issue 10).

Fault tests run a platform of their own: a private RabbitMQ node or vhost, their own databases (or
their own PostgreSQL cluster), services in separate processes they may kill. The fuzz, leak and
audit tests share one platform (started here with patience for a loaded machine) on a vhost and a
PostgreSQL cluster of this folder's own. Its fixtures are defined here, not re-used from the
integration suite: a session fixture is cached once per definition, so an integration fixture
would hand these tests the integration platform's vhost (whose consumers would then answer half
of this platform's RPCs from other databases).
"""
from __future__ import annotations

import contextlib
import uuid

import pytest

from shared import broker, migrate
from shared.pg_provision import Layout, provision
from shared.settings import SERVICES
from tests.conftest import AMQP_BASE, missing
from tests.integration.conftest import (  # noqa: F401 - fixtures re-exported for this folder
    Client,
    SuperuserDb,
    migrated,
    token,
)
from tests.integration.private_broker import PrivateBroker
from tests.reliability.fault_rig import PrivatePostgres
from tests.support import Proc, free_port, process_env

# two cores shared by many test runs: start-up can take minutes, not the integration suite's 60 s
READY_SECONDS = 300


def start_services(names: list[str], env: dict[str, str], log_dir) -> Proc:
    proc = Proc("services-" + "-".join(names), ["-m", "shared.runner", *names], env, log_dir)
    proc.wait_for(lambda p: "ready: " in p.output(), READY_SECONDS)
    return proc


def start_gateway(env: dict[str, str], log_dir) -> tuple[Proc, str]:
    import httpx

    port = free_port()
    proc = Proc("gateway", ["-m", "gateway"], {**env, "CIVICGRID_GATEWAY_PORT": str(port)}, log_dir)
    url = f"http://127.0.0.1:{port}"

    def ready(_p) -> bool:
        try:
            return httpx.get(url + "/readyz", timeout=2).status_code == 200
        except httpx.HTTPError:
            return False

    proc.wait_for(ready, READY_SECONDS)
    return proc, url


@pytest.fixture(scope="module")
def own_broker(tmp_path_factory):
    """A RabbitMQ node of the module's own, with the deploy/ policies and dead letters."""
    if not PrivateBroker.available():
        missing("rabbitmq-server is not installed: a fault test needs a node of its own")
    node = PrivateBroker(tmp_path_factory.mktemp("rabbit"))
    node.start()
    node.apply_policies()
    broker.declare_dead_letters(node.uri)
    yield node
    with contextlib.suppress(Exception):  # already stopped by a failed test
        node.stop()


@pytest.fixture(scope="module")
def own_vhost(amqp_uri):
    """A vhost of the module's own on the machine's broker (other platforms' consumers would
    otherwise compete for the same queues)."""
    vhost = f"civicgrid-fault-{uuid.uuid4().hex[:8]}"
    broker.create_vhost(vhost)
    broker.apply_policies(vhost)
    uri = broker.with_vhost(AMQP_BASE, vhost)
    broker.declare_dead_letters(uri)
    yield uri
    broker.delete_vhost(vhost)


@pytest.fixture(scope="module")
def own_cluster():
    """A PostgreSQL cluster of the module's own, provisioned and migrated: (cluster, app URL
    template, superuser reader). Free of the machine server's connection limit, and stoppable."""
    if not PrivatePostgres.available():
        missing("PostgreSQL server binaries (initdb, pg_ctl) are not installed")
    cluster = PrivatePostgres()
    cluster.init()
    layout = Layout(prefix="cgfault")
    provision(cluster.admin_url, layout)
    owner = layout.url(cluster.host, migrations=True)
    for service in SERVICES:
        migrate.upgrade(service, owner.replace("{service}", service))
    db = SuperuserDb(f"postgresql+psycopg://postgres@{cluster.host}/cgfault_{{service}}")
    yield cluster, layout.url(cluster.host), db
    db.close()
    cluster.destroy()


class Platform:
    """Services (each group in its own process) and a gateway; groups can be killed and restarted."""

    def __init__(self, env: dict[str, str], logs, groups: list[list[str]]):
        self.env, self.logs = env, logs
        self.procs: dict[tuple[str, ...], Proc] = {}
        self.gateway: Proc | None = None
        try:
            for g in groups:
                self.procs[tuple(g)] = start_services(g, env, logs)
            self.gateway, self.url = start_gateway(env, logs)
        except BaseException:
            self.stop()  # never leave processes behind a failed start
            raise

    def restart(self, group: tuple[str, ...]):
        self.procs[group].stop()  # already dead: reaps it and closes its log
        self.procs[group] = start_services(list(group), self.env, self.logs)
        return self.procs[group]

    def output(self) -> str:
        parts = [p.output()[-2500:] for p in [*self.procs.values(), self.gateway] if p]
        return "\n----\n".join(parts)

    def stop(self) -> None:
        for proc in [self.gateway, *self.procs.values()]:
            if proc is not None:
                proc.stop()


def start_platform(amqp: str, database_url: str, logs, groups, **env) -> Platform:
    return Platform(process_env(AMQP_URI=amqp, CIVICGRID_DATABASE_URL=database_url, **env), logs,
                    groups)


def admin_token(tenant: str = "341181") -> str:
    return token(tenant, "county_admin")


@pytest.fixture(scope="session")
def shared_vhost(amqp_uri):
    """The shared platform's own vhost (never the integration suite's)."""
    vhost = f"civicgrid-rel-{uuid.uuid4().hex[:8]}"
    broker.create_vhost(vhost)
    broker.apply_policies(vhost)
    uri = broker.with_vhost(AMQP_BASE, vhost)
    broker.declare_dead_letters(uri)
    yield uri
    broker.delete_vhost(vhost)


@pytest.fixture(scope="session")
def platform_env(shared_vhost, pg_urls) -> dict[str, str]:
    return process_env(AMQP_URI=shared_vhost, CIVICGRID_DATABASE_URL=pg_urls["app"])


@pytest.fixture(scope="session")
def superuser_db(pg_urls):
    db = SuperuserDb(pg_urls["superuser"])
    yield db
    db.close()


@pytest.fixture(scope="session")
def shared_platform(platform_env, tmp_path_factory) -> Platform:  # noqa: F811 - the fixture
    """The shared platform of this folder (five services in one process and a gateway)."""
    platform = Platform(platform_env, tmp_path_factory.mktemp("logs"), [list(SERVICES)])
    yield platform
    platform.stop()


@pytest.fixture(scope="session")
def gateway_url(shared_platform) -> str:
    return shared_platform.url


@pytest.fixture(scope="session")
def county_a(gateway_url) -> Client:
    return Client(gateway_url, token("341181", "county_admin"))


@pytest.fixture(scope="session")
def pg_urls() -> dict[str, str]:
    """The shared platform's databases, on a PostgreSQL cluster of this folder's own (the
    machine's server runs out of connection slots when many suites run at once)."""
    if not PrivatePostgres.available():
        missing("PostgreSQL server binaries (initdb, pg_ctl) are not installed")
    cluster = PrivatePostgres()
    cluster.init()
    layout = Layout(prefix="cgrel")
    provision(cluster.admin_url, layout)
    urls = migrated(layout, cluster.host)
    urls["superuser"] = f"postgresql+psycopg://postgres@{cluster.host}/cgrel_{{service}}"
    yield urls
    cluster.destroy()
