"""Rotating the personal-data key on a running platform (real RabbitMQ + PostgreSQL):

1. services run with key k1; residents are written under it;
2. restarted with ``k2,k1``: old ciphertexts still read, new writes go under k2;
3. ``civicgrid personal-data reencrypt`` moves every value to k2 in batches — interrupted after one
   batch, then run again, it continues; a second full run changes nothing;
4. restarted with k2 only: everything still reads.
"""
from __future__ import annotations

import asyncio
import base64
import subprocess
import sys

import pytest

from tests.integration.conftest import Client, token
from tests.integration.test_grid_helpers import lay_out_building, resident
from tests.reliability.conftest import Platform
from tests.support import ROOT, process_env

K1 = "k1:" + base64.b64encode(b"rotation-test-k1").decode()
K2 = "k2:" + base64.b64encode(b"rotation-test-k2").decode()
RESIDENTS = """query($g: ID) { residents(first: 50, gridId: $g, unmasked: true, reason: "轮换核对") {
  edges { node { id idNumber phone } } } }"""


def platform(uri, urls, logs, keys: str) -> Platform:
    env = process_env(AMQP_URI=uri, CIVICGRID_DATABASE_URL=urls["app"], CIVICGRID_DATA_KEYS=keys,
                      CIVICGRID_INDEX_KEY="rotation-test-index-key")
    return Platform(env, logs, [["grid", "organization"]])


def key_ids(db) -> dict[str, int]:
    rows = db("grid", "SELECT string_agg(split_part(id_number_enc, ':', 1) || ',' || "
                      "coalesce(split_part(phone_enc, ':', 1), ''), ';') FROM residents") or ""
    counts: dict[str, int] = {}
    for pair in rows.split(";"):
        for key in filter(None, pair.split(",")):
            counts[key] = counts.get(key, 0) + 1
    return counts


async def one_batch(uri: str, size: int) -> dict:
    from gateway.rpc_client import RpcClient
    from shared.principal import Principal

    rpc = RpcClient(uri, timeout=30)
    await rpc.start()
    try:
        ctx = Principal(tenant="341181", subject="test", roles=("platform_admin",)).context_data()
        return await rpc.call("grid", "reencrypt_personal_data", size, context=ctx)
    finally:
        await rpc.close()


def reencrypt(env, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "gateway.cli", "personal-data", "reencrypt",
                           "--tenant", "341181", *extra], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120, check=False)


@pytest.mark.timeout(900)
def test_rotate_read_reencrypt_resume(own_vhost, own_cluster, tmp_path_factory):
    _cluster, app_url, db = own_cluster
    urls = {"app": app_url}
    logs = tmp_path_factory.mktemp("rotation-logs")
    first = platform(own_vhost, urls, logs, K1)
    try:
        admin = Client(first.url, token("341181", "county_admin"))
        place = lay_out_building(admin)
        before = [resident(admin, place) for _ in range(5)]
    finally:
        first.stop()
    assert key_ids(db) == {"k1": 10}

    second = platform(own_vhost, urls, logs, f"{K2},{K1}")
    try:
        admin = Client(second.url, token("341181", "county_admin"))
        clear = {r["id"]: r["clear"] for r in before}
        shown = admin(RESIDENTS, g=place["grid"])["residents"]["edges"]
        assert {e["node"]["id"]: e["node"]["idNumber"] for e in shown} == clear
        after = resident(admin, place)
        assert key_ids(db) == {"k1": 10, "k2": 2}

        # one batch, then the run is "interrupted"
        batch = asyncio.run(one_batch(own_vhost, 2))
        assert (batch["changed"], batch["remaining"], batch["key"]) == (2, 3, "k2")
        assert key_ids(db) == {"k1": 6, "k2": 6}
        env = second.env
        rest = reencrypt(env, "--service", "grid", "--batch", "2")  # continues where it stopped
        assert rest.returncode == 0, rest.stderr
        assert "grid 341181: 3 row(s) re-encrypted under key k2, 0 left" in rest.stdout, rest.stdout
        assert key_ids(db) == {"k2": 12}
        again = reencrypt(env)
        assert again.returncode == 0 and "grid 341181: 0 row(s) re-encrypted" in again.stdout, again.stdout
        shown = admin(RESIDENTS, g=place["grid"])["residents"]["edges"]
        clear[after["id"]] = after["clear"]
        assert {e["node"]["id"]: (e["node"]["idNumber"], e["node"]["phone"]) for e in shown} == {
            i: (n, "13812345678") for i, n in clear.items()}
    finally:
        second.stop()

    third = platform(own_vhost, urls, logs, K2)  # the old key is gone for good
    try:
        admin = Client(third.url, token("341181", "county_admin"))
        shown = admin(RESIDENTS, g=place["grid"])["residents"]["edges"]
        assert {e["node"]["id"]: e["node"]["idNumber"] for e in shown} == clear
    finally:
        third.stop()
