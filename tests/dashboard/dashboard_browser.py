"""Headless Debian Chromium driven by playwright-core (browser_driver.mjs) from Python tests.

Everything the tools need is looked for here; ``absent()`` names what is missing so the tests can
skip loudly (or fail under CIVICGRID_REQUIRE_SERVERS=1)."""
from __future__ import annotations

import itertools
import json
import os
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DASHBOARD = ROOT / "gateway" / "dashboard"
DRIVER = Path(__file__).with_name("browser_driver.mjs")
ARTIFACTS = ROOT / "var" / "test-artifacts" / "dashboard"  # var/ is gitignored


def chromium() -> str | None:
    for candidate in (os.environ.get("CIVICGRID_CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium"),
                      shutil.which("chromium-browser")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def absent() -> str | None:
    """What is missing for the browser tests, or None."""
    if not shutil.which("node") or not shutil.which("npm"):
        return "Node.js/npm are not installed, so the dashboard cannot be built or driven"
    if chromium() is None:
        return "Debian chromium is not installed (apt-get install chromium)"
    return None


def build() -> None:
    """Build the dashboard the way `make dashboard` does, unless it is built and current."""
    dist = DASHBOARD / "dist" / "index.html"
    sources = [*DASHBOARD.joinpath("src").rglob("*"), DASHBOARD / "index.html", DASHBOARD / "vite.config.ts",
               DASHBOARD / "package-lock.json", ROOT / "gateway" / "schema.graphql"]
    if dist.exists() and (DASHBOARD / "node_modules" / "playwright-core").exists() and \
            all(p.stat().st_mtime <= dist.stat().st_mtime for p in sources if p.is_file()):
        return
    subprocess.run(["make", "-s", "dashboard"], cwd=ROOT, check=True, timeout=600)


class BrowserError(AssertionError):
    pass


class Browser:
    def __init__(self, origin: str):
        self.proc = subprocess.Popen(["node", str(DRIVER), str(DASHBOARD), chromium(), origin],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=ROOT)
        self.ids = itertools.count(1)

    def _do(self, op: str, **args):
        request_id = next(self.ids)
        self.proc.stdin.write(json.dumps({"id": request_id, "op": op, **args}) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            raise BrowserError(f"the browser driver exited ({self.proc.wait()}) during {op} {args}")
        answer = json.loads(line)
        assert answer["id"] == request_id
        if not answer["ok"]:
            raise BrowserError(f"{op} {args}: {answer['error']}")
        return answer["result"]

    def __getattr__(self, op: str):
        return lambda **args: self._do(op, **args)

    def close(self) -> None:
        if self.proc.poll() is None:
            try:
                self.proc.stdin.write(json.dumps({"op": "close"}) + "\n")
                self.proc.stdin.close()
                self.proc.wait(30)
            except (OSError, subprocess.TimeoutExpired):
                self.proc.kill()
                self.proc.wait()
        for pipe in (self.proc.stdin, self.proc.stdout):
            if pipe and not pipe.closed:
                pipe.close()
