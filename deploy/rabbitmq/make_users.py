"""Write the broker's users as a RabbitMQ definitions file, with password hashes only.

Production brokers load deploy/rabbitmq/definitions.json (topology, no users) plus this file,
kept in the secret manager and mounted from the ``rabbitmq-users`` Secret (docs/OPERATIONS.md).
Passwords are read from the environment, never from arguments (they would land in shell history)::

    CIVICGRID_BROKER_PASSWORD=… CIVICGRID_BROKER_ADMIN_PASSWORD=… \
        python deploy/rabbitmq/make_users.py --user civicgrid --admin civicgrid-ops > 20-users.json

The application user gets configure/write/read on vhost ``/`` and no tags (it needs no management
UI); the optional admin user gets the ``administrator`` tag for operators.
"""
from __future__ import annotations

import argparse
import base64
import hashlib
import json
import os
import secrets
import sys

ALGORITHM = "rabbit_password_hashing_sha256"


def password_hash(password: str, salt: bytes | None = None) -> str:
    """RabbitMQ's SHA-256 scheme: base64(salt + sha256(salt + password)), a 4-byte salt."""
    salt = salt if salt is not None else secrets.token_bytes(4)
    return base64.b64encode(salt + hashlib.sha256(salt + password.encode("utf-8")).digest()).decode()


def users_definitions(users: list[tuple[str, str, list[str]]], vhost: str = "/") -> dict:
    """Definitions with ``users`` as (name, password, tags), each allowed everything on ``vhost``."""
    return {
        "users": [{"name": name, "password_hash": password_hash(password),
                   "hashing_algorithm": ALGORITHM, "tags": tags} for name, password, tags in users],
        "vhosts": [{"name": vhost}],
        "permissions": [{"user": name, "vhost": vhost, "configure": ".*", "write": ".*", "read": ".*"}
                        for name, _, _ in users],
    }


def _password(variable: str) -> str:
    value = os.environ.get(variable, "")
    if len(value) < 16:
        raise SystemExit(f"{variable} must hold the password (16 characters or more)")
    return value


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--user", default="civicgrid", help="the application user (AMQP_URI)")
    parser.add_argument("--admin", help="an administrator for operators (optional)")
    args = parser.parse_args(argv)
    users = [(args.user, _password("CIVICGRID_BROKER_PASSWORD"), [])]
    if args.admin:
        users.append((args.admin, _password("CIVICGRID_BROKER_ADMIN_PASSWORD"), ["administrator"]))
    json.dump(users_definitions(users), sys.stdout, indent=2)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
