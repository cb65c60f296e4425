"""GraphQL documents and a helper that lays out one street → community → compound → grid."""
from __future__ import annotations

import uuid

CREATE_STREET = """mutation($name: String!) { createStreet(input: {name: $name}) {
  __typename ... on Street { id name } ... on OperationError { code message field } } }"""
CREATE_COMMUNITY = """mutation($streetId: ID!, $name: String!) {
  createCommunity(input: {streetId: $streetId, name: $name}) {
  __typename ... on Community { id name } ... on OperationError { code message field } } }"""
CREATE_COMPOUND = """mutation($communityId: ID!, $name: String!) {
  createCompound(input: {communityId: $communityId, name: $name}) {
  __typename ... on Compound { id name } ... on OperationError { code message field } } }"""
CREATE_GRID = """mutation($communityId: ID!, $compoundId: ID, $name: String!) {
  createGrid(input: {communityId: $communityId, compoundId: $compoundId, name: $name}) {
  __typename ... on Grid { id name openCaseCount } ... on OperationError { code message field } } }"""
REPORT_CASE = """mutation($gridId: ID!, $category: String!, $description: String!) {
  reportCase(input: {gridId: $gridId, category: $category, description: $description}) {
  __typename ... on Case { id status category grid { id name } }
  ... on OperationError { code message field fieldErrors { field message } } } }"""
GRID = """query($id: ID!) { grid(id: $id) { id name openCaseCount cases { id category } } }"""


def created(result: dict, typename: str) -> dict:
    """The created object, or a failure that shows the operation's error (not a bare KeyError)."""
    assert result["__typename"] == typename, result
    return result


def lay_out(client, label: str | None = None) -> dict[str, str]:
    label = label or uuid.uuid4().hex[:6]
    street = created(client(CREATE_STREET, name=f"街道{label}")["createStreet"], "Street")
    community = created(client(CREATE_COMMUNITY, streetId=street["id"], name=f"社区{label}")["createCommunity"],
                        "Community")
    compound = created(client(CREATE_COMPOUND, communityId=community["id"], name=f"小区{label}")["createCompound"],
                       "Compound")
    grid = created(client(CREATE_GRID, communityId=community["id"], compoundId=compound["id"],
                          name=f"网格{label}")["createGrid"], "Grid")
    return {"street": street["id"], "community": community["id"], "compound": compound["id"],
            "grid": grid["id"]}
