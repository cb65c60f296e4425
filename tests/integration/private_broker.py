"""A RabbitMQ node of the test's own (own port, own data dir) that a test may stop and start."""
from __future__ import annotations

import subprocess
import time
import uuid
from pathlib import Path

from shared import broker
from shared.local_broker import node_env, node_tool, prepare_node
from tests.support import free_port

SERVER = node_tool("rabbitmq-server")
CTL = node_tool("rabbitmqctl")


class PrivateBroker:
    def __init__(self, base: Path):
        self.node = f"cgtest{uuid.uuid4().hex[:6]}@localhost"
        self.port = free_port()
        prepare_node(base, self.port)
        self.env = node_env(base, self.node, self.port, dist_port=free_port())
        self.uri = f"amqp://guest:guest@127.0.0.1:{self.port}/"

    @staticmethod
    def available() -> bool:
        return Path(SERVER).exists() and Path(CTL).exists()

    def ctl(self, *args: str) -> None:
        subprocess.run([CTL, "-q", "-n", self.node, *args], env=self.env, check=True,
                       capture_output=True, timeout=120)

    def start(self) -> None:
        subprocess.run([SERVER, "-detached"], env=self.env, cwd=self.env["RABBITMQ_LOG_BASE"], check=True,
                       capture_output=True, timeout=60)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:  # the Erlang node takes a moment to answer at all
            try:
                self.ctl("await_startup", "--timeout", "60")
                break
            except subprocess.CalledProcessError:
                time.sleep(0.5)
        while not broker.reachable(self.uri) and time.monotonic() < deadline:
            time.sleep(0.2)

    def stop(self) -> None:
        self.ctl("stop")
        deadline = time.monotonic() + 30
        while broker.reachable(self.uri) and time.monotonic() < deadline:
            time.sleep(0.2)

    def apply_policies(self) -> None:
        broker.apply_policies("/", node=self.node, env=self.env)
