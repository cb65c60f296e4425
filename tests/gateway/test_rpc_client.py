"""Contract tests of gateway.rpc_client against a real nameko service on a real RabbitMQ.

The echo service runs in a subprocess (``python -m shared.runner``): this process must never
import eventlet or the nameko runner.
"""
from __future__ import annotations

import asyncio
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from gateway.rpc_client import RpcClient
from shared.errors import (
    CivicError, NotFound, TenantRequired, Timeout, Unavailable, UnknownService,
)
from shared.principal import Principal, Scope

pytestmark = pytest.mark.rabbitmq

ROOT = Path(__file__).resolve().parents[2]
PRINCIPAL = Principal(tenant="341181", subject="u-1", roles=("grid_worker",),
                      scope=Scope("grid", "g-7"))
CONTEXT = {
    "tenant": "341181",
    "principal": PRINCIPAL.to_header(),
    "traceparent": "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
    "language": "zh",
}
UNREACHABLE = "amqp://guest:guest@127.0.0.1:1/"


def _rabbitmqctl(*args: str) -> str:
    ctl = shutil.which("rabbitmqctl") or "/usr/sbin/rabbitmqctl"
    return subprocess.run([ctl, "-q", *args], check=True, capture_output=True, text=True,
                          timeout=60).stdout


def _vhost(amqp_uri: str) -> str:
    return unquote(urlsplit(amqp_uri).path[1:])


def _connections_of(client: RpcClient) -> list[tuple[str, int]]:
    """(pid, channel count) of the broker connections this client opened."""
    out = _rabbitmqctl("list_connections", "--no-table-headers", "pid", "channels", "client_properties")
    name = f"civicgrid-{client.name}-{client.client_id}"
    return [(line.split("\t")[0], int(line.split("\t")[1])) for line in out.splitlines()
            if f'"{name}"' in line]


@pytest.fixture(scope="module")
def echo_service(amqp_uri: str):
    """The echo nameko service in a subprocess; its output goes to a file (never a full pipe)."""
    log = tempfile.NamedTemporaryFile("w+", prefix="echo-service-", suffix=".log", delete=False)
    env = {**os.environ, "AMQP_URI": amqp_uri, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "shared.runner", "tests.gateway.echo_service:EchoService"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 30
    try:
        while "ready:" not in Path(log.name).read_text(encoding="utf-8", errors="replace"):
            if proc.poll() is not None or time.monotonic() > deadline:
                output = Path(log.name).read_text(encoding="utf-8", errors="replace")
                pytest.fail(f"echo service did not start (exit {proc.poll()}):\n{output[-4000:]}")
            time.sleep(0.1)
        yield proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()
        os.unlink(log.name)


@pytest.fixture(scope="module")
async def client(amqp_uri: str, echo_service):
    rpc = RpcClient(amqp_uri, timeout=10.0)
    await rpc.start()
    yield rpc
    await rpc.close()


async def test_round_trip_carries_tenant_context(client: RpcClient):
    payload = {"a": [1, "二", None], "b": {"nested": True}}
    assert await client.call("echo", "echo", payload, context=CONTEXT) == \
        {"value": payload, "tenant": "341181"}
    # keyword arguments and kombu-typed values survive the trip both ways
    when = datetime(2024, 10, 1, 8, 30, tzinfo=timezone.utc)
    result = await client.call("echo", "echo", value=[when, Decimal("1.10")], context=CONTEXT)
    assert result == {"value": [when, Decimal("1.10")], "tenant": "341181"}
    assert client.in_flight == 0


async def test_remote_error_keeps_code_and_bilingual_message(client: RpcClient):
    with pytest.raises(NotFound) as caught:
        await client.call("echo", "fail", context=CONTEXT)
    err = caught.value
    assert err.code == "NOT_FOUND"
    assert err.message == "Case C-404 does not exist"
    assert err.message_zh == "事件 C-404 不存在"
    assert err.field == "id"
    assert err.details == {"entity": "Case", "id": "C-404"}


async def test_call_without_tenant_is_refused(client: RpcClient):
    with pytest.raises(TenantRequired) as caught:
        await client.call("echo", "echo", 1, context={})
    assert caught.value.code == "TENANT_REQUIRED"
    with pytest.raises(TenantRequired):
        await client.call("echo", "echo", 1, context={"tenant": "34118"})  # not six digits
    # a health-check entrypoint opts out of the tenant requirement
    assert await client.call("echo", "health", context={}) == {"ok": True, "tenant": None}


async def test_unknown_method_is_an_error_not_a_hang(client: RpcClient):
    with pytest.raises(CivicError) as caught:
        await client.call("echo", "no_such_method", context=CONTEXT, timeout=5)
    assert caught.value.code not in ("TIMEOUT", "UNKNOWN_SERVICE")


async def test_unknown_method_maps_to_method_not_found(client: RpcClient):
    with pytest.raises(CivicError) as caught:
        await client.call("echo", "no_such_method", context=CONTEXT, timeout=5)
    assert caught.value.code == "METHOD_NOT_FOUND"


async def test_unknown_service_fails_fast(client: RpcClient):
    # UnknownService (not Timeout) within a 30 s timeout: the call failed without waiting it out
    with pytest.raises(UnknownService) as caught:
        await client.call("nosuchservice", "anything", context=CONTEXT, timeout=30)
    err = caught.value
    assert err.code == "UNKNOWN_SERVICE"
    assert "nosuchservice" in err.message and "nosuchservice" in err.message_zh
    assert err.message != err.message_zh
    # the returned message did not break the channel
    assert (await client.call("echo", "echo", "still", context=CONTEXT))["value"] == "still"


async def test_timeout_then_late_reply_is_ignored(client: RpcClient):
    with pytest.raises(Timeout) as caught:  # Timeout, not the late value: the wait was cut short
        await client.call("echo", "slow", 1.5, context=CONTEXT, timeout=0.3)
    err = caught.value
    assert err.code == "TIMEOUT" and err.retryable
    assert "echo.slow" in err.message and "echo.slow" in err.message_zh
    assert client.in_flight == 0  # the pending future was dropped
    # calls made while the late reply arrives still get their own answers
    results = await asyncio.gather(*(client.call("echo", "echo", i, context=CONTEXT)
                                     for i in range(5)), asyncio.sleep(1.8))
    assert [r["value"] for r in results[:5]] == list(range(5))
    assert await client.call("echo", "slow", 0, context=CONTEXT) == 0
    assert client.is_connected


async def test_200_calls_in_flight_over_one_connection_and_reply_queue(client: RpcClient, amqp_uri: str):
    tasks = [asyncio.create_task(client.call("echo", "echo", f"v-{i}", context=CONTEXT))
             for i in range(200)]
    await asyncio.sleep(0)  # every task has registered its call: nothing serializes them
    assert client.in_flight == 200
    results = await asyncio.gather(*tasks)
    assert [r["value"] for r in results] == [f"v-{i}" for i in range(200)]
    assert {r["tenant"] for r in results} == {"341181"}
    assert client.in_flight == 0
    assert client.reply_queues_declared == 1
    # and the broker agrees: one connection with one channel, one reply queue with one consumer
    connections = await asyncio.to_thread(_connections_of, client)
    assert [channels for _pid, channels in connections] == [1]
    queues = json.loads(await asyncio.to_thread(
        _rabbitmqctl, "list_queues", "-p", _vhost(amqp_uri), "--formatter", "json",
        "name", "consumers", "arguments"))
    ours = [q for q in queues if client.client_id in q["name"]]
    assert [(q["name"], q["consumers"]) for q in ours] == [(client.reply_queue_name, 1)]
    assert ours[0]["name"].startswith("rpc.reply-gateway-")


async def test_unreachable_broker_raises_unavailable_promptly():
    # Unavailable, never Timeout: with a 60 s call timeout, "promptly" is the kind of error
    rpc = RpcClient(UNREACHABLE, timeout=60.0, connect_timeout=3.0, reconnect_interval=0.2)
    with pytest.raises(Unavailable) as caught:
        await rpc.start()
    assert caught.value.code == "UNAVAILABLE" and caught.value.retryable
    with pytest.raises(Unavailable):
        await rpc.call("echo", "echo", 1, context=CONTEXT)
    await asyncio.sleep(0.3)  # past the retry pause: a new connect attempt also fails fast
    with pytest.raises(Unavailable):
        await rpc.call("echo", "echo", 1, context=CONTEXT)
    assert not rpc.is_connected
    assert await rpc.ready() is False
    await rpc.close()


async def test_lost_connection_fails_pending_calls_then_recovers(amqp_uri: str, echo_service):
    rpc = RpcClient(amqp_uri, timeout=20.0, reconnect_interval=0.5)
    await rpc.start()
    try:
        assert await rpc.ready() is True
        # the reply would come after 15 s: an Unavailable proves the call failed on the lost
        # connection, not on its reply or timeout (no wall-clock bound: rabbitmqctl is slow on a
        # loaded machine)
        pending = asyncio.create_task(rpc.call("echo", "slow", 15, context=CONTEXT))
        await asyncio.sleep(0.3)
        assert rpc.in_flight == 1
        [(pid, _channels)] = await asyncio.to_thread(_connections_of, rpc)
        await asyncio.to_thread(_rabbitmqctl, "close_connection", pid, "test: connection lost")
        with pytest.raises(Unavailable):
            await pending
        deadline = time.monotonic() + 30
        while not rpc.is_connected:
            assert time.monotonic() < deadline, "robust connection did not recover"
            await asyncio.sleep(0.1)
        assert (await rpc.call("echo", "echo", "back", context=CONTEXT))["value"] == "back"
        assert rpc.reply_queues_declared == 1
        assert await rpc.ready() is True
    finally:
        await rpc.close()
    with pytest.raises(Unavailable):
        await rpc.call("echo", "echo", 1, context=CONTEXT)
