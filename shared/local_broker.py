"""Find or start a RabbitMQ broker for ``make run``.

In order: the configured AMQP_URI if reachable; a Docker engine → compose's ``rabbitmq``; an
installed ``rabbitmq-server`` started as a private node with its data under var/rabbitmq; as root
with apt, install it first; otherwise stop with the one command to run.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path
from urllib.parse import urlsplit

from shared import broker
from shared.settings import ROOT

NODE = "civicgrid@localhost"
# Debian's /usr/sbin wrappers re-run the tools as the rabbitmq user (other data dirs, other
# Erlang cookie); a private node runs as whoever starts it, so call the real scripts.
DEBIAN_BIN = Path("/usr/lib/rabbitmq/bin")


def node_tool(name: str) -> str:
    if (DEBIAN_BIN / name).exists():
        return str(DEBIAN_BIN / name)
    return shutil.which(name) or f"/usr/sbin/{name}"


class BrokerUnavailable(RuntimeError):
    pass


def _wait_reachable(uri: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if broker.reachable(uri):
            return True
        time.sleep(0.5)
    return False


def _docker_engine() -> bool:
    if not shutil.which("docker"):
        return False
    return subprocess.run(["docker", "info"], capture_output=True, timeout=20).returncode == 0


def prepare_node(var: Path, port: int) -> None:
    """Data folders, plugins and a config file of the node's own: the machine's
    /etc/rabbitmq/rabbitmq.conf may pin another listener."""
    for folder in ("mnesia", "log"):
        (var / folder).mkdir(parents=True, exist_ok=True)
    plugins = var / "enabled_plugins"
    if not plugins.exists():
        plugins.write_text("[].\n")
    (var / "rabbitmq.conf").write_text(f"listeners.tcp.local = 127.0.0.1:{port}\n")


def node_env(var: Path, node: str, port: int, dist_port: int | None = None) -> dict[str, str]:
    """The environment under which the RabbitMQ scripts run a node kept in ``var``."""
    dist = dist_port or (port + 20000 if port < 45000 else port - 20000)
    return {**os.environ, "RABBITMQ_NODENAME": node, "RABBITMQ_MNESIA_BASE": str(var / "mnesia"),
            "RABBITMQ_LOG_BASE": str(var / "log"), "RABBITMQ_NODE_PORT": str(port),
            "RABBITMQ_DIST_PORT": str(dist), "RABBITMQ_CONFIG_FILE": str(var / "rabbitmq.conf"),
            "RABBITMQ_ENABLED_PLUGINS_FILE": str(var / "enabled_plugins")}


def _private_env(uri: str) -> dict[str, str]:
    return node_env(ROOT / "var" / "rabbitmq", NODE, urlsplit(uri).port or 5672)


def _start_private_node(uri: str, log) -> bool:
    var = ROOT / "var" / "rabbitmq"
    port = urlsplit(uri).port or 5672
    prepare_node(var, port)
    log(f"starting a private RabbitMQ node {NODE} on port {port} with its data under {var}")
    subprocess.run([node_tool("rabbitmq-server"), "-detached"], env=_private_env(uri),
                   cwd=var / "log", check=True, capture_output=True, timeout=60)
    return _wait_reachable(uri, 60)


def apply_private_policies(uri: str) -> None:
    broker.apply_policies("/", node=NODE, env=_private_env(uri))


def stop_private_node(uri: str) -> None:
    subprocess.run([node_tool("rabbitmqctl"), "-n", NODE, "stop"], env=_private_env(uri),
                   capture_output=True, timeout=60)


def ensure(uri: str, log=print) -> str:
    """Return ``"external"``, ``"docker"`` or ``"private"`` for where the broker came from."""
    if broker.reachable(uri):
        return "external"
    if _docker_engine():
        log("starting RabbitMQ with docker compose")
        subprocess.run(["docker", "compose", "up", "-d", "rabbitmq"], cwd=ROOT, check=True)
        if _wait_reachable(uri, 90):
            return "docker"
    installed = Path(node_tool("rabbitmq-server")).exists()
    if not installed and os.geteuid() == 0 and shutil.which("apt-get"):
        log("installing rabbitmq-server with apt-get (one time)")
        subprocess.run(["apt-get", "update", "-q"], check=True)
        subprocess.run(["apt-get", "install", "-y", "-q", "rabbitmq-server"], check=True,
                       env={**os.environ, "DEBIAN_FRONTEND": "noninteractive", "RUNLEVEL": "1"})
        installed = True
    if installed and _start_private_node(uri, log):
        return "private"
    raise BrokerUnavailable(
        f"no RabbitMQ reachable at {uri}. Install it with `sudo apt-get install rabbitmq-server` "
        "(or start one and set AMQP_URI), then run `make run` again.")
