"""Helpers for tests that run the real processes: services and gateway as subprocesses."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
TEST_JWT_SECRET = "civicgrid-test-secret-0123456789abcdef"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def process_env(**overrides: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CIVICGRID_") or k.startswith("CIVICGRID_REQUIRE")}
    env.update({"CIVICGRID_ENV": "test", "CIVICGRID_JWT_SECRET": TEST_JWT_SECRET,
                "CIVICGRID_OUTBOX_POLL_INTERVAL": "0.2", "PYTHONUNBUFFERED": "1"})
    env.update(overrides)
    return env


# how long a started service or gateway may take to be ready; a loaded machine needs more
READY_SECONDS = float(os.environ.get("CIVICGRID_TEST_READY_SECONDS", "120"))


class Proc:
    """A child process whose output goes to a log file, read back on failure."""

    def __init__(self, name: str, args: list[str], env: dict[str, str], log_dir: Path):
        self.name = name
        self.log = log_dir / f"{name}.log"
        self._out = open(self.log, "ab")
        self.popen = subprocess.Popen([sys.executable, *args], cwd=ROOT, env=env, stdout=self._out,
                                      stderr=subprocess.STDOUT)

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def wait_for(self, check, seconds: float | None = None) -> None:
        """Wait until ``check`` passes; a process that exits or is not ready in time is stopped
        (never left running against a vhost the fixtures are about to delete)."""
        seconds = seconds or READY_SECONDS
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.popen.poll() is not None:
                self.stop()
                raise RuntimeError(f"{self.name} exited:\n{self.output()[-3000:]}")
            if check(self):
                return
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"{self.name} not ready after {seconds}s:\n{self.output()[-3000:]}")

    def stop(self, timeout: float = 20) -> None:
        if self._out.closed:
            return
        if self.popen.poll() is None:
            self.popen.terminate()
            try:
                self.popen.wait(timeout)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait()
        self._out.close()


def start_services(names: list[str], env: dict[str, str], log_dir: Path) -> Proc:
    proc = Proc("services-" + "-".join(names), ["-m", "shared.runner", *names], env, log_dir)
    proc.wait_for(lambda p: "ready: " in p.output())
    return proc


def start_gateway(env: dict[str, str], log_dir: Path) -> tuple[Proc, str]:
    port = free_port()
    env = {**env, "CIVICGRID_GATEWAY_PORT": str(port)}
    proc = Proc("gateway", ["-m", "gateway"], env, log_dir)
    url = f"http://127.0.0.1:{port}"

    def ready(_p) -> bool:
        try:
            return httpx.get(url + "/readyz", timeout=1).status_code == 200
        except httpx.HTTPError:
            return False

    proc.wait_for(ready)
    return proc, url
