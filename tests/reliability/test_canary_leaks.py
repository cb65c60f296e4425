"""The canary leak suite (issue 10, item 7).

County B is seeded with unique canary strings (place names, a case, a resident's name, ID number
and phone, a wish, a party organization, a volunteer team, a property company). Then, acting as
county A, every query of the schema (generated from the SDL, with B's ids and canaries as
arguments), both subscriptions, every export, and every log line and span produced meanwhile are
searched for them. The same inside county A across data scopes: a grid worker of one grid acts,
and another grid's resident and case are the canaries.

Each search is also run as the owner of the data (B, the county admin of A), so the suite proves
it reaches the canaries it looks for.
"""
from __future__ import annotations

import asyncio
import io
import json
import time
import uuid

import httpx
import pytest
from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLScalarType,
    GraphQLUnionType,
    get_named_type,
)

from shared.principal import Scope
from shared.settings import SERVICES
from tests.integration.conftest import Client, token
from tests.integration.otlp_receiver import Receiver
from tests.integration.territory_ops import REPORT_CASE, lay_out
from tests.integration.test_grid_helpers import id_number
from tests.reliability import schema_fuzz
from tests.reliability.conftest import start_platform

A, B = "341195", "341196"
# free-text arguments: not a canary, so an error message or log line echoing what the caller typed
# is not taken for a leak; ID-number arguments are B's (a blind-index lookup across counties)
PROBE = "probe" + uuid.uuid4().hex[:8]
pytestmark = pytest.mark.timeout(900)


def canary() -> str:
    return "cnry" + uuid.uuid4().hex[:10]


@pytest.fixture(scope="module")
def traced(own_vhost, own_cluster, tmp_path_factory):
    _cluster, app_url, _db = own_cluster
    receiver = Receiver()
    logs = tmp_path_factory.mktemp("canary-logs")
    platform = start_platform(own_vhost, app_url, logs, [list(SERVICES)],
                              CIVICGRID_OTEL_EXPORTER="otlp", OTEL_EXPORTER_OTLP_ENDPOINT=receiver.url,
                              OTEL_BSP_SCHEDULE_DELAY="100")
    yield platform, receiver, logs
    platform.stop()
    receiver.close()


def attempt(client: Client, query: str, name: str, **variables) -> dict | None:
    """A seeding mutation, retried while the refusal is retryable (a loaded machine); None when
    the domain refused it (the canary is then not counted)."""
    for _ in range(5):
        body = client.raw(query, variables).json()
        result = (body.get("data") or {}).get(name)
        errors = body.get("errors") or []
        if errors and all((e.get("extensions") or {}).get("retryable") for e in errors):
            time.sleep(2)
            continue
        if errors or not result or result.get("__typename") == "OperationError":
            return None
        return result
    return None


def seed(client: Client, label: str) -> tuple[dict[str, str], dict[str, str]]:
    """Places and records whose every text is a canary; returns (canaries, ids)."""
    marks = {k: canary() for k in ("place", "case", "resident", "wish", "org", "team", "company")}
    place = lay_out(client, label=marks["place"])  # street, community, compound and grid names
    client("""mutation($id: ID!, $n: String!) { createBuilding(input: {compoundId: $id, name: $n}) {
      __typename } }""", id=place["compound"], n="1号楼")
    ids = dict(place)
    case = attempt(client, REPORT_CASE, "reportCase", gridId=place["grid"], category="parking",
                   description=f"占道 {marks['case']}")
    assert case, "the canary case could not be reported"
    ids["case"] = case["id"]
    building = client("""mutation($id: ID!) { createBuilding(input: {compoundId: $id, name: "2号楼"}) {
      ... on Building { id } } }""", id=place["compound"])["createBuilding"]["id"]
    household = client("""mutation($b: ID!, $g: ID!) { registerHousehold(input: {buildingId: $b,
      gridId: $g, unit: "1", floor: 3, room: "301"}) { ... on Household { id } } }""",
                       b=building, g=place["grid"])["registerHousehold"]["id"]
    number, phone = id_number(), "139" + str(uuid.uuid4().int)[:8]
    made = client("""mutation($input: RegisterResidentInput!) { registerResident(input: $input) {
      __typename ... on Resident { id } ... on OperationError { code field } } }""",
                  input={"householdId": household, "name": f"张{marks['resident']}",
                         "idNumber": number, "phone": phone})["registerResident"]
    assert made["__typename"] == "Resident", made
    ids["resident"] = made["id"]
    marks["id_number"], marks["phone"] = number, phone
    wish = attempt(client, """mutation($g: ID!, $t: String!) { collectWish(input: {gridId: $g, title: $t,
      channel: VISIT, wisherName: "李奶奶", description: "换灯泡"}) { __typename ... on MicroWish { id } } }""",
                   "collectWish", g=place["grid"], t=f"心愿 {marks['wish']}")
    if wish and wish.get("id"):
        ids["wish"] = wish["id"]
    else:
        marks.pop("wish")
    for query, name, text in (
            ("""mutation($n: String!) { createPartyOrg(input: {name: $n, type: "community_committee"}) {
              __typename ... on PartyOrg { id } } }""", "createPartyOrg", "org"),
            ("""mutation($n: String!) { createVolunteerTeam(input: {name: $n}) {
              __typename ... on VolunteerTeam { id } } }""", "createVolunteerTeam", "team")):
        made = attempt(client, query, name, n=f"{marks[text]}")
        if made and made.get("id"):
            ids[text] = made["id"]
        else:
            marks.pop(text)
    company = attempt(client, """mutation($n: String!) { registerPropertyCompany(input: {name: $n,
      creditCode: "91341181MA2N0X0X0X", contactName: "赵经理", contactPhone: "13800000000",
      coverage: "tenant"}) { __typename ... on PropertyCompany { id } } }""", "registerPropertyCompany",
                      n=f"物业 {marks['company']}")
    if company and company.get("id"):
        ids["company"] = company["id"]
    else:
        marks.pop("company")
    return marks, ids


# --- queries generated from the SDL ---------------------------------------------------------

def selection(gql_type, depth: int) -> str:
    named = get_named_type(gql_type)
    if isinstance(named, GraphQLScalarType | GraphQLEnumType):
        return ""
    if depth <= 0:
        return "{ __typename }"
    members = named.types if isinstance(named, GraphQLUnionType) else [named]
    parts = ["__typename"]
    for member in members:
        fields = []
        for name, field in member.fields.items():
            if any(isinstance(a.type, GraphQLNonNull) and a.default_value is None for a in field.args.values()):
                continue  # a field that needs arguments of its own
            fields.append(name + (" " + selection(field.type, depth - 1) if not isinstance(
                get_named_type(field.type), GraphQLScalarType | GraphQLEnumType) else ""))
        parts.append(f"... on {member.name} {{ {' '.join(fields)} }}")
    return "{ " + " ".join(parts) + " }"


def argument(name: str, gql_type, ids: dict[str, str], text: str):
    inner = gql_type.of_type if isinstance(gql_type, GraphQLNonNull) else gql_type
    if isinstance(inner, GraphQLList):
        value = argument(name, inner.of_type, ids, text)
        return [value]
    if isinstance(inner, GraphQLEnumType):
        return next(iter(inner.values))
    if isinstance(inner, GraphQLInputObjectType):
        return {n: argument(n, f.type, ids, text) for n, f in inner.fields.items()
                if isinstance(f.type, GraphQLNonNull)}
    kind = inner.name
    if kind == "ID":
        key = next((k for k in ids if k in name.lower()), None)
        return ids[key] if key else ids.get("grid")
    if kind == "Int":
        return 100 if name in ("first", "limit") else (2026 if "year" in name.lower() else 1)
    if kind == "Float":
        return 1.0
    if kind == "Boolean":
        return True
    if kind == "Date":
        return "2026-01-01"
    if kind == "DateTime":
        return "2026-01-01T00:00:00+08:00"
    if name in ("idNumber",):
        return ids.get("id_number", text)
    return text


def query_documents(ids: dict[str, str], marks: dict[str, str]) -> list[tuple[str, dict]]:
    """Every query field, twice: required arguments only, and every argument set; ID arguments
    are the other county's ids, ID-card numbers its canary, other strings a probe."""
    docs = []
    for name, field in schema_fuzz.queries().items():
        for full in (False, True):
            args = {a: arg for a, arg in field.args.items()
                    if full or (isinstance(arg.type, GraphQLNonNull) and arg.default_value is None)}
            values = {a: argument(a, arg.type, {**ids, "id_number": marks["id_number"]},
                                  PROBE) for a, arg in args.items()}
            params = ", ".join(f"${a}: {arg.type}" for a, arg in args.items())
            call = f"{name}({', '.join(f'{a}: ${a}' for a in args)})" if args else name
            for depth in (4, 3, 2, 1, 0):  # the gateway refuses documents over 2,000 tokens
                doc = f"query{f'({params})' if params else ''} {{ {call} {selection(field.type, depth)} }}"
                if tokens(doc) <= 1900:
                    break
            docs.append((doc, values))
    return docs


def tokens(document: str) -> int:
    from graphql.language import Lexer, Source, TokenKind

    lexer, count = Lexer(Source(document)), 0
    while lexer.advance().kind != TokenKind.EOF:
        count += 1
    return count


def strings_in(value) -> set[str]:
    if isinstance(value, dict):
        return set().union(*(strings_in(v) for v in value.values())) if value else set()
    if isinstance(value, list):
        return set().union(*(strings_in(v) for v in value)) if value else set()
    return {value} if isinstance(value, str) and len(value) > 3 else set()


def run_queries(url: str, bearer: str, docs) -> str:
    text = []
    headers = {"Authorization": f"Bearer {bearer}"}
    with httpx.Client(timeout=60) as http:
        for doc, variables in docs:
            response = http.post(url + "/graphql", json={"query": doc, "variables": variables},
                                 headers=headers)
            assert response.status_code < 500, response.text[:500]
            answer = response.text
            for sent in strings_in(variables):  # an echo of what the caller sent is no leak
                answer = answer.replace(sent, "")
            text.append(answer)
    return "\n".join(text)


def run_exports(url: str, bearer: str, ids: dict[str, str]) -> str:
    from openpyxl import load_workbook

    headers = {"Authorization": f"Bearer {bearer}"}
    found = []
    index = httpx.get(url + "/exports", headers=headers, timeout=60)
    if index.status_code != 200:
        return ""
    for item in index.json().get("exports", []):
        for params in ({}, {"gridId": ids["grid"]}):
            response = httpx.get(url + item["path"], params=params, headers=headers, timeout=120)
            found.append(response.text if response.status_code != 200 else "")
            if response.status_code == 200:
                book = load_workbook(io.BytesIO(response.content), read_only=True)
                for sheet in book.worksheets:
                    for row in sheet.iter_rows(values_only=True):
                        found.append(" ".join(str(c) for c in row if c is not None))
    return "\n".join(found)


async def listen(url: str, bearer: str, queries: list[tuple[str, dict]], seconds: float, during) -> str:
    """graphql-transport-ws: subscribe, let ``during()`` make events, collect what arrives."""
    import websockets

    received = []
    async with websockets.connect(url.replace("http", "ws") + "/graphql",
                                  subprotocols=["graphql-transport-ws"]) as ws:
        await ws.send(json.dumps({"type": "connection_init",
                                  "payload": {"Authorization": f"Bearer {bearer}"}}))
        received.append(await ws.recv())
        for n, (doc, variables) in enumerate(queries):
            await ws.send(json.dumps({"id": str(n), "type": "subscribe",
                                      "payload": {"query": doc, "variables": variables}}))
        await asyncio.sleep(1)
        await asyncio.to_thread(during)
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                received.append(await asyncio.wait_for(ws.recv(), timeout=0.5))
            except TimeoutError:
                pass
    return "\n".join(str(m) for m in received)


def subscription_documents(ids: dict[str, str]) -> list[tuple[str, dict]]:
    docs = []
    for name, field in schema_fuzz.schema.subscription_type.fields.items():
        for full in (False, True):
            args = {a: arg for a, arg in field.args.items()
                    if full or isinstance(arg.type, GraphQLNonNull)}
            values = {a: argument(a, arg.type, ids, "x") for a, arg in args.items()}
            params = ", ".join(f"${a}: {arg.type}" for a, arg in args.items())
            call = f"{name}({', '.join(f'{a}: ${a}' for a in args)})" if args else name
            head = f"subscription({params})" if params else "subscription"
            docs.append((f"{head} {{ {call} {selection(field.type, 3)} }}", values))
    return docs


def tail(logs, since: dict) -> str:
    out = []
    for path in sorted(logs.glob("*.log")):
        with open(path, "rb") as f:
            f.seek(since.get(path.name, 0))
            out.append(f.read().decode(errors="replace"))
    return "\n".join(out)


def sizes(logs) -> dict:
    return {p.name: p.stat().st_size for p in logs.glob("*.log")}


def leaks(text: str, marks: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in marks.items() if v in text}


def test_county_a_sees_nothing_of_county_b(traced):
    platform, receiver, logs = traced
    url = platform.url
    b_bearer, a_bearer = token(B, "county_admin"), token(A, "county_admin")
    marks, ids = seed(Client(url, b_bearer), "乙")
    seed(Client(url, a_bearer), "甲")  # A has data of its own: empty answers prove nothing
    time.sleep(1.5)  # spans of the seeding flushed before A acts
    logs_from, spans_from = sizes(logs), len(receiver.raw)

    docs = query_documents(ids, marks)
    answers = run_queries(url, a_bearer, docs)
    exported = run_exports(url, a_bearer, ids)
    b_client = Client(url, b_bearer)

    def more_of_b():
        b_client(REPORT_CASE, gridId=ids["grid"], category="parking", description=f"又一起 {marks['case']}")

    pushed = asyncio.run(listen(url, a_bearer, subscription_documents(ids), 3, more_of_b))
    time.sleep(1.5)
    logged = tail(logs, logs_from)
    spans = b"".join(receiver.raw[spans_from:]).decode("utf-8", errors="replace")

    found = {"queries": leaks(answers, marks), "exports": leaks(exported, marks),
             "subscriptions": leaks(pushed, marks), "logs": leaks(logged, marks),
             "spans": leaks(spans, marks)}
    print(f"\nRELIABILITY canary_tenants: {len(docs)} queries, {len(marks)} canaries, "
          f"{len(exported)} export chars, {len(pushed)} subscription chars, found as A: {found}")
    assert found == {k: {} for k in found}

    # the same searches as B reach B's canaries: the suite looks where the data is
    as_owner = run_queries(url, b_bearer, docs)
    reached = leaks(as_owner, marks)
    assert {"place", "case", "resident", "phone"} <= set(reached), reached


def test_grid_worker_sees_nothing_of_another_grid(traced):
    platform, receiver, logs = traced
    url = platform.url
    admin = Client(url, token(A, "county_admin"))
    mine = lay_out(admin, label="本格")
    marks, ids = seed(admin, "邻格")  # the other grid's resident and case are the canaries
    scoped = {k: marks[k] for k in ("case", "resident", "id_number", "phone")}
    worker = token(A, "grid_worker", scope=Scope("grid", mine["grid"]))
    time.sleep(1.5)
    logs_from, spans_from = sizes(logs), len(receiver.raw)
    docs = query_documents(ids, marks)
    answers = run_queries(url, worker, docs)
    exported = run_exports(url, worker, ids)

    def more_in_other_grid():
        admin(REPORT_CASE, gridId=ids["grid"], category="parking", description=f"邻格 {marks['case']}")

    pushed = asyncio.run(listen(url, worker, subscription_documents(ids), 3, more_in_other_grid))
    time.sleep(1.5)
    found = {"queries": leaks(answers, scoped), "exports": leaks(exported, scoped),
             "subscriptions": leaks(pushed, scoped),
             "logs": leaks(tail(logs, logs_from), scoped),
             "spans": leaks(b"".join(receiver.raw[spans_from:]).decode("utf-8", "replace"), scoped)}
    print(f"\nRELIABILITY canary_scopes: {len(docs)} queries, found as grid worker: {found}")
    assert found == {k: {} for k in found}
    reached = leaks(run_queries(url, token(A, "county_admin"), docs), scoped)
    assert "resident" in reached, reached
