"""RabbitMQ set-up shared by `make run`, the tests and CI: one source, deploy/rabbitmq/definitions.json.

Work queues (``rpc-*``, ``evt-*``) are declared as quorum queues by our entrypoints; the policy in
the definitions adds a delivery limit and the dead-letter exchange. Reply queues stay classic.
"""
from __future__ import annotations

import json
import shutil
import socket
import subprocess
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

from shared.settings import ROOT

DEFINITIONS = ROOT / "deploy" / "rabbitmq" / "definitions.json"
DEAD_LETTER_EXCHANGE = "civicgrid.dlx"
DEAD_LETTER_QUEUE = "civicgrid.dead-letters"


def definitions(path: Path = DEFINITIONS) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def reachable(amqp_uri: str, timeout: float = 1.0) -> bool:
    parts = urlsplit(amqp_uri)
    try:
        with socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 5672), timeout):
            return True
    except OSError:
        return False


def with_vhost(amqp_uri: str, vhost: str) -> str:
    parts = urlsplit(amqp_uri)
    return urlunsplit((parts.scheme, parts.netloc, "/" + quote(vhost, safe=""), "", ""))


def _rabbitmqctl(*args: str, node: str | None = None, env: dict | None = None) -> None:
    if node:  # a private node runs as the caller: use the real script, not Debian's su wrapper
        from shared.local_broker import node_tool

        ctl, args = node_tool("rabbitmqctl"), ("-n", node, *args)
    else:
        ctl = shutil.which("rabbitmqctl") or "/usr/sbin/rabbitmqctl"
    subprocess.run([ctl, "-q", *args], check=True, capture_output=True, timeout=60, env=env)


def can_manage_locally() -> bool:
    return shutil.which("rabbitmqctl") is not None or Path("/usr/sbin/rabbitmqctl").exists()


def create_vhost(vhost: str, user: str = "guest") -> None:
    _rabbitmqctl("add_vhost", vhost)
    _rabbitmqctl("set_permissions", "-p", vhost, user, ".*", ".*", ".*")


def delete_vhost(vhost: str) -> None:
    _rabbitmqctl("delete_vhost", vhost)


def apply_policies(vhost: str = "/", *, node: str | None = None, env: dict | None = None) -> None:
    """Apply the definitions' policies to ``vhost`` with rabbitmqctl (no management plugin needed)."""
    for policy in definitions()["policies"]:
        _rabbitmqctl("set_policy", "-p", vhost, "--priority", str(policy["priority"]),
                     "--apply-to", policy["apply-to"], policy["name"], policy["pattern"],
                     json.dumps(policy["definition"]), node=node, env=env)


def declare_dead_letters(amqp_uri: str) -> None:
    """Declare the dead-letter exchange and queue of the definitions over AMQP."""
    from kombu import Connection, Exchange, Queue

    exchange = Exchange(DEAD_LETTER_EXCHANGE, type="fanout", durable=True)
    queue = Queue(DEAD_LETTER_QUEUE, exchange=exchange, durable=True,
                  queue_arguments={"x-queue-type": "quorum"})
    with Connection(amqp_uri, connect_timeout=5) as conn:
        queue(conn.channel()).declare()
