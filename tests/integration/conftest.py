"""The platform for integration tests: five services and the gateway as real processes, on a
private RabbitMQ vhost and fresh PostgreSQL databases migrated by the owner role; services connect
as the non-owner app role, so row-level security is in force."""
from __future__ import annotations

import httpx
import pytest
import sqlalchemy as sa

from shared import migrate
from shared.principal import Scope
from shared.settings import SERVICES, Settings
from shared.tokens import mint_dev_token
from tests.support import TEST_JWT_SECRET, process_env, start_gateway, start_services


def migrated(layout, host: str) -> dict[str, str]:
    """Migrate every service database of ``layout``; return the URL templates of each role."""
    owner = layout.url(host, migrations=True)
    for service in SERVICES:
        migrate.upgrade(service, owner.replace("{service}", service))
    return {"app": layout.url(host), "owner": owner,
            "superuser": f"postgresql+psycopg://postgres@{host}/{layout.prefix}_{{service}}"}


@pytest.fixture(scope="session")
def pg_urls(pg_layout, pg_host) -> dict[str, str]:
    return migrated(pg_layout, pg_host)


class SuperuserDb:
    """Reads service databases bypassing RLS, to check what was (not) written."""

    def __init__(self, template: str):
        self.template = template
        self.engines: dict[str, sa.Engine] = {}

    def __call__(self, service: str, sql: str, **params):
        if service not in self.engines:
            self.engines[service] = sa.create_engine(self.template.replace("{service}", service))
        with self.engines[service].begin() as conn:
            result = conn.execute(sa.text(sql), params)
            return result.scalar_one() if result.returns_rows else None

    def close(self) -> None:
        for engine in self.engines.values():
            engine.dispose()


@pytest.fixture(scope="session")
def platform_env(amqp_uri, pg_urls) -> dict[str, str]:
    return process_env(AMQP_URI=amqp_uri, CIVICGRID_DATABASE_URL=pg_urls["app"])


@pytest.fixture(scope="session")
def gateway_url(platform_env, tmp_path_factory) -> str:
    logs = tmp_path_factory.mktemp("logs")
    services = start_services(list(SERVICES), platform_env, logs)
    try:
        gateway, url = start_gateway(platform_env, logs)
    except BaseException:
        services.stop()
        raise
    yield url
    gateway.stop()
    services.stop()


@pytest.fixture(scope="session")
def superuser_db(pg_urls):
    db = SuperuserDb(pg_urls["superuser"])
    yield db
    db.close()


def token(tenant: str, *roles: str, scope: Scope | None = None, lifetime: int = 3600) -> str:
    settings = Settings(jwt_secret=TEST_JWT_SECRET)
    return mint_dev_token(settings, tenant=tenant, roles=list(roles or ("county_admin",)),
                          scope=scope, lifetime=lifetime)


class Client:
    """A GraphQL client as a user would have: HTTP, a bearer token, a language."""

    def __init__(self, url: str, bearer: str | None, language: str = "en"):
        self.url = url + "/graphql"
        self.headers = {"Accept-Language": language}
        if bearer:
            self.headers["Authorization"] = f"Bearer {bearer}"

    def raw(self, query: str, variables: dict | None = None) -> httpx.Response:
        return httpx.post(self.url, json={"query": query, "variables": variables or {}},
                          headers=self.headers, timeout=30)

    def __call__(self, query: str, **variables) -> dict:
        response = self.raw(query, variables)
        body = response.json()
        assert response.status_code == 200 and not body.get("errors"), body
        return body["data"]


@pytest.fixture(scope="session")
def county_a(gateway_url) -> Client:
    return Client(gateway_url, token("341181", "county_admin"))


@pytest.fixture(scope="session")
def county_b(gateway_url) -> Client:
    return Client(gateway_url, token("341102", "county_admin"))
