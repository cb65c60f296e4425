"""The county command dashboard (驾驶舱), served by the gateway at ``/dashboard/``.

A static web app (Preact + hand-drawn SVG, built by Vite from npm packages: ``make dashboard``)
whose build output in ``dist/`` is served as files; it talks to the same public ``/graphql`` as any
client, with the user's token. Nothing is fetched from elsewhere at run time, so it works on an
intranet without internet access. See docs/DASHBOARD.md.
"""
from __future__ import annotations

from pathlib import Path

from starlette.responses import HTMLResponse
from starlette.staticfiles import StaticFiles

DIST = Path(__file__).with_name("dist")

# The page loads only its own files and talks only to its own gateway.
SECURITY_HEADERS = [
    (b"content-security-policy", (b"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                                  b"connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'")),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
]
NOT_BUILT = """<!doctype html><meta charset="utf-8"><title>驾驶舱未构建 · dashboard not built</title>
<p>驾驶舱尚未构建：请在仓库根目录运行 <code>make dashboard</code>（需要 Node.js 与 npm）。</p>
<p>The dashboard is not built: run <code>make dashboard</code> in the repository (needs Node.js and npm).</p>"""


class Dashboard:
    """ASGI app for the mount: the built files (hashed assets cached for good, the page never),
    or a page saying how to build them when ``dist/`` is missing."""

    def __init__(self, directory: Path = DIST):
        self.directory = directory
        self.files: StaticFiles | None = None

    async def __call__(self, scope, receive, send):
        if not (self.directory / "index.html").is_file():
            return await HTMLResponse(NOT_BUILT, status_code=503)(scope, receive, send)
        if self.files is None:
            self.files = StaticFiles(directory=self.directory, html=True)
        hashed = "/assets/" in scope["path"]  # Vite names them by content hash
        cache = b"public, max-age=31536000, immutable" if hashed else b"no-cache"

        async def with_headers(message):
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), *SECURITY_HEADERS,
                                                  (b"cache-control", cache)]}
            await send(message)

        await self.files(scope, receive, with_headers)


def static_app() -> Dashboard:
    return Dashboard()
