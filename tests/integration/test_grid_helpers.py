"""Helpers (no tests) for the grid integration tests: a building and households on top of
territory_ops.lay_out, and valid ID-card numbers. Named test_grid_* to stay in the grid paths."""
from __future__ import annotations

import itertools
import random

from services.grid.idcard import check_digit
from tests.integration.territory_ops import lay_out

CREATE_BUILDING = """mutation($compoundId: ID!, $name: String!) {
  createBuilding(input: {compoundId: $compoundId, name: $name}) {
  __typename ... on Building { id } ... on OperationError { code message field } } }"""
REGISTER_HOUSEHOLD = """mutation($input: RegisterHouseholdInput!) { registerHousehold(input: $input) {
  __typename ... on Household { id gridId unit floor room }
  ... on OperationError { code message field fieldErrors { field message } } } }"""
RESIDENT_FIELDS = """id name idNumber phone masked gender birthDate residency specialGroups needsReview
  gridId updatedAt staleAfter stale"""
REGISTER_RESIDENT = """mutation($input: RegisterResidentInput!) { registerResident(input: $input) {
  __typename ... on Resident { %s }
  ... on OperationError { code message field fieldErrors { field message } } } }""" % RESIDENT_FIELDS
_rooms = itertools.count(101)
_rng = random.Random()


def id_number(born: str | None = None, place: str = "341181") -> str:
    # ID numbers are unique per tenant and the session shares one tenant: draw the birth date too,
    # or a thousand sequence numbers collide within a few hundred residents
    if born is None:
        born = f"{_rng.randint(1940, 2005)}{_rng.randint(1, 12):02d}{_rng.randint(1, 28):02d}"
    body = f"{place}{born}{_rng.randint(0, 999):03d}"
    return body + check_digit(body)


def lay_out_building(client) -> dict[str, str]:
    place = lay_out(client)
    place["building"] = client(CREATE_BUILDING, compoundId=place["compound"], name="1号楼")["createBuilding"]["id"]
    return place


def household(client, place: dict[str, str]) -> str:
    made = client(REGISTER_HOUSEHOLD, input={"buildingId": place["building"], "gridId": place["grid"],
                                             "unit": "1", "floor": 2, "room": str(next(_rooms))})
    return made["registerHousehold"]["id"]


def resident(client, place: dict[str, str], **extra) -> dict:
    number = extra.pop("idNumber", None) or id_number()
    made = client(REGISTER_RESIDENT, input={"householdId": household(client, place), "name": "王芳",
                                            "idNumber": number, "phone": "13812345678", **extra})
    return {**made["registerResident"], "clear": number}


def login(subject: str, *roles: str, scope=None, tenant: str = "341181") -> str:
    """A token with a chosen subject: cadres and grid workers act as themselves."""
    from shared.settings import Settings
    from shared.tokens import mint_dev_token
    from tests.support import TEST_JWT_SECRET

    return mint_dev_token(Settings(jwt_secret=TEST_JWT_SECRET), tenant=tenant,
                          roles=list(roles or ("party_member",)), subject=subject, scope=scope)
