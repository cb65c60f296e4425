"""Every mutation of the schema fuzzed through the gateway (real services, PostgreSQL with RLS).

Arguments come from the committed SDL: invalid, oversized and hostile values, and ids that are
random, the fuzzing county's own, or another county's. For each call:
* no HTTP 5xx, no ``INTERNAL`` error, no stack trace or library name in any message;
* every error carries a code; a ``VALIDATION_FAILED`` names the field;
* a refused call wrote nothing — the fuzzing county's and the other county's row counts (all
  tenant tables of the five databases) are unchanged;
* the other county's ids are never accepted.

Bounded for CI: CIVICGRID_FUZZ_EXAMPLES (default 2) examples per mutation.
"""
from __future__ import annotations

import os
import time

import httpx
import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings

from shared.settings import SERVICES
from tests.integration.conftest import Client, token
from tests.integration.territory_ops import lay_out
from tests.reliability import schema_fuzz

FUZZER, VICTIM = "341197", "341198"
EXAMPLES = int(os.environ.get("CIVICGRID_FUZZ_EXAMPLES", "2"))
LEAKY = ("Traceback", "psycopg", "sqlalchemy", "site-packages", ".py\"", "pydantic", "nameko",
         "eventlet", "kombu", "Exception", "/work/")
SKIPPED = set()  # mutations whose refusal lands elsewhere; none so far

# the shared platform may be migrated and started inside the first test
pytestmark = pytest.mark.timeout(900)


class RowCounter:
    """Rows of one county in every tenant table of the five databases (outbox/inbox aside)."""

    def __init__(self, superuser_db, template: str):
        self.db = superuser_db
        self.sql = {}
        for service in SERVICES:
            engine = sa.create_engine(template.replace("{service}", service))
            with engine.connect() as conn:
                tables = conn.execute(sa.text(
                    "SELECT table_name FROM information_schema.columns WHERE column_name = 'tenant_id' "
                    "AND table_schema = 'public' AND table_name NOT IN ('outbox', 'inbox') ORDER BY 1")).scalars().all()
            engine.dispose()
            self.sql[service] = "SELECT " + " + ".join(
                f"(SELECT count(*) FROM {t} WHERE tenant_id = :t)" for t in tables) if tables else "SELECT 0"

    def __call__(self, tenant: str) -> dict[str, int]:
        return {s: self.db(s, q, t=tenant) for s, q in self.sql.items()}

    def _background(self, tenant: str) -> dict[str, tuple[int, int]]:
        """Per database: the county's outbox rows not yet sent, and its consumers' inbox rows."""
        return {s: (self.db(s, "SELECT count(*) FROM outbox WHERE tenant_id = :t AND sent_at IS NULL", t=tenant),
                    self.db(s, "SELECT count(*) FROM inbox WHERE tenant_id = :t", t=tenant))
                for s in self.sql}

    def settled(self, tenant: str) -> dict[str, int]:
        """Counts once background work (events of an accepted call) is over: every outbox row of
        the county sent, and neither its rows nor its consumers' inbox changed over three reads
        0.3 s apart (at most ~30 s)."""
        last, quiet = (self(tenant), self._background(tenant)), 0
        for _ in range(100):
            time.sleep(0.3)
            now = (self(tenant), self._background(tenant))
            drained = all(unsent == 0 for unsent, _ in now[1].values())
            quiet = quiet + 1 if now == last and drained else 0
            if quiet >= 3:
                break
            last = now
        return now[0]


@pytest.fixture(scope="module")
def fuzz_env(shared_platform, gateway_url, superuser_db, pg_urls):
    victim = Client(gateway_url, token(VICTIM, "county_admin"))
    mine = Client(gateway_url, token(FUZZER, "county_admin"))
    theirs, own = lay_out(victim), lay_out(mine)
    counter = RowCounter(superuser_db, pg_urls["superuser"])
    return {"platform": shared_platform, "url": gateway_url + "/graphql", "ids": [*own.values(), *theirs.values()],
            "theirs": set(theirs.values()), "count": counter,
            "headers": {"Authorization": f"Bearer {token(FUZZER, 'county_admin')}",
                        "Accept-Language": "en"}}


def refused(body: dict, name: str) -> bool:
    if body.get("errors"):
        return True
    result = (body.get("data") or {}).get(name)
    return isinstance(result, dict) and result.get("__typename") == "OperationError"


def why(platform, request_id: str) -> str:
    """The exception behind an INTERNAL: the gateway's log line, else the services' last error."""
    lines = [line for line in platform.gateway.output().splitlines() if request_id in line]
    errors = [line for proc in platform.procs.values() for line in proc.output().splitlines()
              if '"level": "ERROR"' in line and '"exc"' in line]
    return ((lines[-1] if lines else "")[-600:] + "\n" + (errors[-1] if errors else "")[-900:])


def check_response(response: httpx.Response, name: str, platform=None) -> dict:
    assert response.status_code < 500, (response.status_code, response.text[:500])
    body = response.json()
    text = response.text
    for word in LEAKY:
        assert word not in text, f"{name}: response leaks {word!r}: {text[:800]}"
    for error in body.get("errors") or []:
        ext = error.get("extensions") or {}
        assert ext.get("code") and ext["code"] != "INTERNAL", \
            f"{name}: {error}\n{why(platform, ext.get('requestId', '-')) if platform else ''}"
        if ext["code"] == "VALIDATION_FAILED":
            assert ext.get("field"), f"{name}: validation error without a field: {error}"
    result = (body.get("data") or {}).get(name)
    if isinstance(result, dict) and result.get("__typename") == "OperationError":
        assert result["code"] and result["code"] != "INTERNAL", result
        if result["code"] == "VALIDATION_FAILED":
            assert result["field"] or result["fieldErrors"], f"{name}: {result}"
    return body


@pytest.mark.timeout(600)
@pytest.mark.parametrize("name", sorted(schema_fuzz.mutations()))
def test_mutation_refuses_bad_input_cleanly(name, fuzz_env):
    field = schema_fuzz.mutations()[name]
    doc = schema_fuzz.document("mutation", name, field)
    count = fuzz_env["count"]
    baseline = {"mine": count.settled(FUZZER), "theirs": count(VICTIM)}

    @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=False,
              suppress_health_check=list(HealthCheck))
    @given(variables=schema_fuzz.variables_for(field, fuzz_env["ids"]))
    def one(variables):
        response = httpx.post(fuzz_env["url"], json={"query": doc, "variables": variables},
                              headers=fuzz_env["headers"], timeout=60)
        body = check_response(response, name, fuzz_env["platform"])
        if refused(body, name):
            now = count(FUZZER)
            assert now == baseline["mine"], \
                f"{name} refused yet wrote rows {_changed(baseline['mine'], now)}: {variables!r:.600}"
        else:  # accepted: it may write, but never with the other county's ids
            used = {v for v in _leaves(variables) if isinstance(v, str)}
            assert not used & fuzz_env["theirs"], f"{name} accepted another county's id: {variables!r:.600}"
            baseline["mine"] = count.settled(FUZZER)
        assert count(VICTIM) == baseline["theirs"], f"{name} changed another county's rows"

    one()


def _changed(before: dict[str, int], after: dict[str, int]) -> dict[str, int]:
    return {s: after[s] - before[s] for s in after if after[s] != before[s]}


def _leaves(value):
    if isinstance(value, dict):
        for v in value.values():
            yield from _leaves(v)
    elif isinstance(value, list):
        for v in value:
            yield from _leaves(v)
    else:
        yield value


def test_every_mutation_is_fuzzed():
    assert len(schema_fuzz.mutations()) > 50 and not SKIPPED
    assert all(st is not None for st in (schema_fuzz.variables_for(f, ["x"])
                                         for f in schema_fuzz.mutations().values()))
