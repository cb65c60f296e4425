"""How the gateway serves the dashboard's built files at /dashboard/ (no browser, no servers)."""
from __future__ import annotations

import httpx
from starlette.applications import Starlette
from starlette.routing import Mount

from gateway.dashboard import Dashboard


def client(directory) -> httpx.AsyncClient:
    app = Starlette(routes=[Mount("/dashboard", Dashboard(directory))])
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://gateway")


async def test_built_page_and_assets(tmp_path):
    (tmp_path / "assets").mkdir()
    (tmp_path / "index.html").write_text("<!doctype html><title>驾驶舱</title>", encoding="utf-8")
    (tmp_path / "assets" / "index-abc123.js").write_text("console.log(1)")
    async with client(tmp_path) as http:
        bare = await http.get("/dashboard", follow_redirects=False)
        assert bare.status_code in (307, 308) and bare.headers["location"].endswith("/dashboard/")
        page = await http.get("/dashboard/")
        assert page.status_code == 200 and "驾驶舱" in page.text
        assert page.headers["cache-control"] == "no-cache"
        policy = page.headers["content-security-policy"]
        assert "default-src 'self'" in policy and "connect-src 'self'" in policy
        script = await http.get("/dashboard/assets/index-abc123.js")
        assert script.status_code == 200 and "immutable" in script.headers["cache-control"]
        assert (await http.get("/dashboard/assets/missing.js")).status_code == 404
        assert (await http.get("/dashboard/%2e%2e/%2e%2e/pyproject.toml")).status_code == 404


async def test_not_built_says_how_to_build(tmp_path):
    async with client(tmp_path / "dist") as http:
        page = await http.get("/dashboard/")
    assert page.status_code == 503
    assert "make dashboard" in page.text and "驾驶舱尚未构建" in page.text


def test_the_gateway_mounts_it():
    from gateway.app import create_app
    from shared.settings import Settings
    from tests.support import TEST_JWT_SECRET

    app = create_app(Settings(jwt_secret=TEST_JWT_SECRET, AMQP_URI="amqp://guest:guest@127.0.0.1:1/"))
    app = getattr(app, "app", app)  # under the tracing middleware when that is on
    assert any(getattr(route, "path", None) == "/dashboard" and isinstance(route.app, Dashboard)
               for route in app.routes)
