"""Fixtures of the dashboard's browser tests: the built page, a private platform with the demo
county, the public API as a client has it, and headless Chromium."""
from __future__ import annotations

import pytest

from tests.dashboard import dashboard_browser, dashboard_platform


def _missing(reason: str) -> None:
    """Skip loudly, or fail under CIVICGRID_REQUIRE_SERVERS=1 (tests/conftest.py decides)."""
    from tests.conftest import missing

    missing(reason)


@pytest.fixture(scope="module")
def built_dashboard() -> None:
    reason = dashboard_browser.absent()
    if reason:
        _missing(reason)
    dashboard_browser.build()


@pytest.fixture(scope="module")
def demo_platform(tmp_path_factory):
    import os

    from shared import broker
    from tests.conftest import AMQP_BASE, PG_ADMIN, _pg_reachable

    running = os.environ.get("CIVICGRID_DASHBOARD_PLATFORM")  # one started by hand, to iterate faster
    if running:
        yield dashboard_platform.Platform(url=running.rstrip("/"), amqp_uri="")
        return

    if not broker.reachable(AMQP_BASE):
        _missing(f"no RabbitMQ at {AMQP_BASE}")
    if not broker.can_manage_locally():
        _missing("rabbitmqctl is not installed, so a private vhost cannot be made")
    if not _pg_reachable():
        _missing(f"no PostgreSQL at {PG_ADMIN}")
    platform = dashboard_platform.start(AMQP_BASE, PG_ADMIN, tmp_path_factory.mktemp("dashboard-logs"))
    yield platform
    platform.stop()


@pytest.fixture(scope="module")
def admin_api(demo_platform) -> dashboard_platform.Api:
    return dashboard_platform.Api(demo_platform.url, dashboard_platform.token("dashboard-admin"))


@pytest.fixture(scope="module")
def browser(built_dashboard, demo_platform):
    dashboard_browser.ARTIFACTS.mkdir(parents=True, exist_ok=True)
    driver = dashboard_browser.Browser(demo_platform.url)
    yield driver
    driver.close()
