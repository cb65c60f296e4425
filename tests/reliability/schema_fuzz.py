"""Hypothesis strategies built from the committed SDL (gateway/schema.graphql, read with
graphql-core): for any field, arguments full of invalid, oversized and hostile values, and a
document that selects what a refusal says (code, field)."""
from __future__ import annotations

from pathlib import Path

from graphql import (
    GraphQLEnumType,
    GraphQLField,
    GraphQLInputObjectType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLUnionType,
    build_schema,
    get_named_type,
)
from hypothesis import strategies as st

SDL = Path(__file__).resolve().parents[2] / "gateway" / "schema.graphql"
schema = build_schema(SDL.read_text(encoding="utf-8"))

HOSTILE_TEXT = [
    "", " ", "\t\n", "a" * 5000, "长" * 2000, "' OR '1'='1", "'; DROP TABLE residents; --",
    "\" OR \"\"=\"", "<script>alert(1)</script>", "=cmd|' /C calc'!A0", "+SUM(A1)", "@x", "-1+1",
    "\x00", "a\x00b", "\u202e\u0627\u0644", "🙂" * 100, "%s%s%s%n", "{{7*7}}", "${jndi:ldap://x}",
    "../../etc/passwd", "NaN", "null", "None", "1e309", "9" * 40, "２０２６－１３－４０",
    "2026-02-30", "2026-13-01T25:61:00", "9999-12-31T23:59:59Z", "0000-00-00", "-1",
    "34118119900101123", "34118119900101123X" * 3, "3.4118119900101e+17", "138 1234 5678",
    "{\"type\": \"Polygon\", \"coordinates\": [[[0, 0]]]}", "__proto__", "constructor",
]
HOSTILE_INT = [0, -1, -(2**31), 2**31 - 1, 10**6, -(10**6), 7, 100, 101]
HOSTILE_FLOAT = [0.0, -0.0, -1.5, 1e308, -1e308, 1e-308, 181.0, -91.0, 100.0001]


def _text() -> st.SearchStrategy:
    return st.one_of(st.sampled_from(HOSTILE_TEXT), st.text(max_size=60),
                     st.text(min_size=201, max_size=1200))


def _scalar(name: str, ids: list[str]) -> st.SearchStrategy:
    if name == "Int":
        return st.one_of(st.sampled_from(HOSTILE_INT), st.integers(-(2**31), 2**31 - 1))
    if name == "Float":
        return st.one_of(st.sampled_from(HOSTILE_FLOAT), st.floats(allow_nan=False, allow_infinity=False))
    if name == "Boolean":
        return st.booleans()
    if name == "ID":
        return st.one_of(st.sampled_from(ids) if ids else st.nothing(), st.uuids().map(str), _text())
    if name in ("Date",):
        return st.one_of(st.dates().map(str), _text())
    if name in ("DateTime",):
        return st.one_of(st.datetimes().map(lambda d: d.isoformat() + "+08:00"), _text())
    if name == "JSON":
        return st.recursive(st.one_of(st.none(), st.integers(), _text()),
                            lambda inner: st.lists(inner, max_size=4)
                            | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=8)
    return _text()  # String and unknown custom scalars


def value_for(gql_type, ids: list[str], depth: int = 0) -> st.SearchStrategy:
    """Values for a GraphQL input type; nullable positions are sometimes null."""
    if isinstance(gql_type, GraphQLNonNull):
        return _inner(gql_type.of_type, ids, depth)
    return st.one_of(st.none(), _inner(gql_type, ids, depth))


def _inner(gql_type, ids, depth) -> st.SearchStrategy:
    if isinstance(gql_type, GraphQLList):
        item = value_for(gql_type.of_type, ids, depth + 1)
        return st.one_of(st.lists(item, max_size=3), st.lists(item, min_size=150, max_size=300))
    if isinstance(gql_type, GraphQLEnumType):
        return st.sampled_from(list(gql_type.values))
    if isinstance(gql_type, GraphQLScalarType):
        return _scalar(gql_type.name, ids)
    if isinstance(gql_type, GraphQLInputObjectType):
        if depth > 3:
            return st.nothing()
        fields = {}
        optional = {}
        for name, field in gql_type.fields.items():
            strat = value_for(field.type, ids, depth + 1)
            (fields if isinstance(field.type, GraphQLNonNull) else optional)[name] = strat
        return st.fixed_dictionaries(fields, optional=optional)
    raise TypeError(f"no strategy for {gql_type}")


def _type_ref(gql_type) -> str:
    return str(gql_type)  # graphql-core prints e.g. "[ID!]!"


def _selection(gql_type) -> str:
    named = get_named_type(gql_type)
    if isinstance(named, GraphQLScalarType | GraphQLEnumType):
        return ""
    parts = ["__typename"]
    members = named.types if isinstance(named, GraphQLUnionType) else [named]
    if any(m.name == "OperationError" for m in members):
        parts.append("... on OperationError { code field retryable fieldErrors { field message } }")
    return "{ " + " ".join(parts) + " }"


def document(kind: str, name: str, field: GraphQLField) -> str:
    """``mutation($a: T, ...) { name(a: $a, ...) { __typename ... on OperationError {...} } }``"""
    params = ", ".join(f"${a}: {_type_ref(arg.type)}" for a, arg in field.args.items())
    args = ", ".join(f"{a}: ${a}" for a in field.args)
    head = f"{kind}({params})" if params else kind
    call = f"{name}({args})" if args else name
    return f"{head} {{ {call} {_selection(field.type)} }}"


def variables_for(field: GraphQLField, ids: list[str]) -> st.SearchStrategy:
    return st.fixed_dictionaries({a: value_for(arg.type, ids) for a, arg in field.args.items()})


def mutations() -> dict[str, GraphQLField]:
    return dict(schema.mutation_type.fields)


def queries() -> dict[str, GraphQLField]:
    return dict(schema.query_type.fields)


def is_object(gql_type) -> bool:
    return isinstance(get_named_type(gql_type), GraphQLObjectType | GraphQLUnionType)
