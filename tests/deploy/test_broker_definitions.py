"""The production broker's definitions: the topology file of the repository plus a users file made
by deploy/rabbitmq/make_users.py (as the rabbitmq-users Secret holds it), loaded from one
directory at boot by a RabbitMQ node of the test's own. The user logs in with its password, the
policy is there, and no default or demo user exists."""
from __future__ import annotations

import importlib.util
import json
import secrets
import shutil
import subprocess
from pathlib import Path

import pytest
from kombu import Connection

from shared import broker
from tests.conftest import missing
from tests.integration.private_broker import PrivateBroker

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("make_users", ROOT / "deploy" / "rabbitmq" / "make_users.py")
make_users = importlib.util.module_from_spec(spec)
spec.loader.exec_module(make_users)


def test_password_hash_is_rabbitmqs_salted_sha256():
    # a known vector: salt 908d c60a, password "test12" (RabbitMQ's passwords-and-hashing guide)
    assert make_users.password_hash("test12", bytes.fromhex("908dc60a")) == \
        "kI3GCqW5JLMJa4iX1lo7X4D6XbYqlLgxIs30+P6tENUV2POR"


def test_users_file_holds_hashes_only():
    document = make_users.users_definitions([("civicgrid", "s3cret-password-123456", []),
                                             ("ops", "another-password-123456", ["administrator"])])
    text = json.dumps(document)
    assert "s3cret-password" not in text and "another-password" not in text
    assert [p["user"] for p in document["permissions"]] == ["civicgrid", "ops"]


@pytest.fixture(scope="module")
def production_node(tmp_path_factory):
    if not PrivateBroker.available():
        missing("rabbitmq-server is not installed, so no private node can load the definitions")
    base = tmp_path_factory.mktemp("rabbit-defs")
    node = PrivateBroker(base / "node")
    definitions = base / "definitions"
    definitions.mkdir()
    shutil.copy(broker.DEFINITIONS, definitions / "10-topology.json")
    password = secrets.token_urlsafe(24)
    users = make_users.users_definitions([("civicgrid", password, [])])
    (definitions / "20-users.json").write_text(json.dumps(users), encoding="utf-8")
    conf = base / "node" / "rabbitmq.conf"
    conf.write_text(conf.read_text() + f"load_definitions = {definitions}/\n")
    node.start()
    yield node, password
    node.stop()


def listed(node: PrivateBroker, *args: str) -> str:
    from tests.integration.private_broker import CTL

    return subprocess.run([CTL, "-q", "-n", node.node, *args], env=node.env, check=True,
                          capture_output=True, text=True, timeout=60).stdout


def test_the_node_boots_with_topology_and_secret_users_only(production_node):
    node, password = production_node
    with Connection(f"amqp://civicgrid:{password}@127.0.0.1:{node.port}/", connect_timeout=10) as conn:
        conn.connect()
        _, messages, _ = conn.channel().queue_declare(queue=broker.DEAD_LETTER_QUEUE, passive=True)
        assert messages == 0  # the dead-letter queue of the topology exists
    users = listed(node, "list_users")
    assert "civicgrid" in users and "guest" not in users
    assert "civicgrid-work-queues" in listed(node, "list_policies")
    with pytest.raises(Exception):  # the demo password does not open the production broker
        with Connection(f"amqp://civicgrid:civicgrid@127.0.0.1:{node.port}/", connect_timeout=10) as conn:
            conn.connect()
