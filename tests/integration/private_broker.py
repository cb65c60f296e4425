"""A RabbitMQ node of the test's own (own port, own data dir) that a test may stop and start."""
from __future__ import annotations

import json
import os
import subprocess
import time
import uuid
from pathlib import Path

from shared import broker
from tests.support import free_port

from shared.local_broker import node_tool

SERVER = node_tool("rabbitmq-server")
CTL = node_tool("rabbitmqctl")


class PrivateBroker:
    def __init__(self, base: Path):
        self.node = f"cgtest{uuid.uuid4().hex[:6]}@localhost"
        self.port = free_port()
        for folder in ("mnesia", "log"):
            (base / folder).mkdir(parents=True, exist_ok=True)
        (base / "enabled_plugins").write_text("[].\n")
        # our own config file: the machine's /etc/rabbitmq/rabbitmq.conf may pin the listener
        (base / "rabbitmq.conf").write_text(f"listeners.tcp.local = 127.0.0.1:{self.port}\n")
        self.env = {**os.environ, "RABBITMQ_NODENAME": self.node, "RABBITMQ_NODE_PORT": str(self.port),
                    "RABBITMQ_DIST_PORT": str(free_port()), "RABBITMQ_MNESIA_BASE": str(base / "mnesia"),
                    "RABBITMQ_LOG_BASE": str(base / "log"),
                    "RABBITMQ_ENABLED_PLUGINS_FILE": str(base / "enabled_plugins"),
                    "RABBITMQ_CONFIG_FILE": str(base / "rabbitmq.conf")}
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
        for policy in broker.definitions()["policies"]:
            self.ctl("set_policy", "--priority", str(policy["priority"]), "--apply-to", policy["apply-to"],
                     policy["name"], policy["pattern"], json.dumps(policy["definition"]))
