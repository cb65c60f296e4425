"""Property companies, credit file, management mode and fallback funding, through the gateway on
real RabbitMQ + PostgreSQL."""
from __future__ import annotations

import random
import uuid

import pytest

from services.property.credit_code import ALPHABET, check_character
from tests.integration.conftest import Client, token
from tests.integration.territory_ops import lay_out

REGISTER = """mutation($input: RegisterPropertyCompanyInput!) { registerPropertyCompany(input: $input) {
  __typename ... on PropertyCompany { id name creditCode contactPhone coverage branchName instructorName
    creditFile { seq kind } }
  ... on OperationError { code field fieldErrors { field message } } } }"""
CONTRACT = """mutation($input: AddManagementContractInput!) { addManagementContract(input: $input) {
  __typename ... on ManagementContract { id compoundName startsOn endsOn }
  ... on OperationError { code field } } }"""
APPEND = """mutation($input: AppendCreditEntryInput!) { appendCreditEntry(input: $input) {
  __typename ... on CreditEntry { seq kind summary } ... on OperationError { code field } } }"""
COMPANY = """query($id: ID!) { propertyCompany(id: $id) { id name contactPhone
  contracts { compoundId compoundName } creditFile { seq kind summary } } }"""
COMPANIES = "{ propertyCompanies(first: 100) { edges { node { id } } } }"
MODE = """mutation($input: SetCompoundManagementInput!) { setCompoundManagement(input: $input) {
  __typename ... on CompoundManagement { id mode fallbackKind fallbackProvider company { name } }
  ... on OperationError { code field } } }"""
FUND = """mutation($input: RecordFallbackFundingInput!) { recordFallbackFunding(input: $input) {
  __typename ... on FundingEntry { id amountFen source } ... on OperationError { code field } } }"""
SUMMARY = """query($c: ID!, $y: Int!, $h: Int!) { fundingSummary(compoundId: $c, year: $y, half: $h) {
  income { source amountFen } incomeTotalFen spendingFen balanceFen entries } }"""


def new_code(rng=random.Random()) -> str:
    first17 = "91341181" + "".join(rng.choice(ALPHABET) for _ in range(9))
    return first17 + check_character(first17)


def compound(client) -> str:
    """A real compound (with its street, community and grid) in the grid service."""
    return lay_out(client)["compound"]


def ids(page: dict) -> set[str]:
    return {e["node"]["id"] for e in page["edges"]}


def register(client, **kw):
    data = {"name": f"物业{uuid.uuid4().hex[:6]}", "creditCode": new_code(), "contactName": "王经理",
            "contactPhone": "13905501234", **kw}
    return client(REGISTER, input=data)["registerPropertyCompany"]


def test_company_with_branch_contract_and_credit_file(county_a, superuser_db):
    firm = register(county_a, coverage="branch", branchName="金鼎物业党支部")
    assert firm["__typename"] == "PropertyCompany"
    assert (firm["contactPhone"], firm["coverage"], firm["branchName"]) == ("139****1234", "branch", "金鼎物业党支部")
    assert firm["creditFile"] == [{"seq": 1, "kind": "registered"}]
    cipher = superuser_db("property", "SELECT contact_phone_cipher FROM companies WHERE id = :i", i=uuid.UUID(firm["id"]))
    assert "13905501234" not in cipher
    place = lay_out(county_a)
    made = county_a(CONTRACT, input={"companyId": firm["id"], "compoundId": place["compound"],
                                     "startsOn": "2025-01-01", "endsOn": "2027-12-31"})["addManagementContract"]
    assert made["__typename"] == "ManagementContract" and made["endsOn"] == "2027-12-31"
    name = made["compoundName"]  # the grid service's name
    assert name.startswith("小区")
    unknown = county_a(CONTRACT, input={"companyId": firm["id"], "compoundId": str(uuid.uuid4()),
                                        "startsOn": "2025-01-01", "endsOn": "2027-12-31"})["addManagementContract"]
    assert (unknown["code"], unknown["field"]) == ("NOT_FOUND", "compoundId")  # no longer taken as given
    note = county_a(APPEND, input={"companyId": firm["id"], "summary": "约谈：消防通道堆物"})["appendCreditEntry"]
    assert (note["seq"], note["kind"]) == (2, "note")
    got = county_a(COMPANY, id=firm["id"])["propertyCompany"]
    assert got["contracts"] == [{"compoundId": place["compound"], "compoundName": name}]
    assert [e["kind"] for e in got["creditFile"]] == ["registered", "note"]


def test_bad_company_input_is_named_and_not_written(county_a, superuser_db):
    name = f"坏码物业{uuid.uuid4().hex[:6]}"
    code = new_code()
    wrong = code[:17] + ALPHABET[(ALPHABET.index(code[17]) + 1) % 31]
    result = register(county_a, name=name, creditCode=wrong)
    assert (result["code"], result["field"]) == ("VALIDATION_FAILED", "creditCode")
    result = register(county_a, name=name, coverage="instructor")
    assert (result["code"], result["field"]) == ("VALIDATION_FAILED", "instructorName")
    result = register(county_a, name=name, creditCode="short", contactPhone="x")
    assert {e["field"] for e in result["fieldErrors"]} == {"creditCode", "contactPhone"}
    assert superuser_db("property", "SELECT count(*) FROM companies WHERE name = :n", n=name) == 0
    firm = register(county_a)
    again = register(county_a, creditCode=firm["creditCode"], name=name)
    assert (again["code"], again["field"]) == ("CONFLICT", "creditCode")
    assert superuser_db("property", "SELECT count(*) FROM companies WHERE name = :n", n=name) == 0


def test_bad_contract_and_credit_entry_input(county_a, superuser_db):
    firm = register(county_a)
    base = {"companyId": firm["id"], "compoundId": compound(county_a), "compoundName": "x",
            "startsOn": "2025-01-01", "endsOn": "2024-01-01"}
    assert county_a(CONTRACT, input=base)["addManagementContract"]["field"] == "endsOn"
    unknown = county_a(CONTRACT, input={**base, "companyId": str(uuid.uuid4()), "endsOn": "2026-01-01"})
    assert unknown["addManagementContract"]["code"] == "NOT_FOUND"
    assert county_a(APPEND, input={"companyId": firm["id"], "summary": " "})["appendCreditEntry"]["field"] == "summary"
    assert superuser_db("property", "SELECT count(*) FROM management_contracts WHERE company_id = :i",
                        i=uuid.UUID(firm["id"])) == 0
    assert superuser_db("property", "SELECT count(*) FROM credit_entries WHERE company_id = :i",
                        i=uuid.UUID(firm["id"])) == 1


def test_modes_and_half_year_funding(county_a, superuser_db):
    firm = register(county_a)
    managed = county_a(MODE, input={"compoundId": compound(county_a), "compoundName": "滨湖花园", "mode": "company",
                                    "companyId": firm["id"]})["setCompoundManagement"]
    assert managed["company"]["name"] == firm["name"]
    old_street = compound(county_a)
    bad = county_a(MODE, input={"compoundId": old_street, "compoundName": "老街小区", "mode": "none"})
    assert bad["setCompoundManagement"]["field"] == "fallbackKind"
    assert superuser_db("property", "SELECT count(*) FROM compound_modes WHERE compound_id = :c",
                        c=uuid.UUID(old_street)) == 0
    none = county_a(MODE, input={"compoundId": old_street, "compoundName": "老街小区", "mode": "none",
                                 "fallbackKind": "community_team", "fallbackProvider": "社区托管服务队"})
    assert none["setCompoundManagement"]["fallbackKind"] == "community_team"
    for on, direction, source, amount in [("2026-01-10", "income", "residents", 36000),
                                          ("2026-03-01", "income", "subsidy", 200000),
                                          ("2026-05-20", "spending", None, 150000)]:
        entry = {"compoundId": old_street, "on": on, "direction": direction, "amountFen": amount}
        if source:
            entry["source"] = source
        assert county_a(FUND, input=entry)["recordFallbackFunding"]["__typename"] == "FundingEntry"
    bad = county_a(FUND, input={"compoundId": old_street, "on": "2026-02-01", "direction": "income",
                                "source": "residents", "amountFen": 0})["recordFallbackFunding"]
    assert (bad["code"], bad["field"]) == ("VALIDATION_FAILED", "amountFen")
    summary = county_a(SUMMARY, c=old_street, y=2026, h=1)["fundingSummary"]
    assert {i["source"]: i["amountFen"] for i in summary["income"]} == {
        "residents": 36000, "operations": 0, "project_funds": 0, "subsidy": 200000}
    assert (summary["incomeTotalFen"], summary["spendingFen"], summary["balanceFen"], summary["entries"]) == (
        236000, 150000, 86000, 3)


def test_other_county_sees_and_touches_nothing(county_a, county_b, superuser_db):
    firm = register(county_a)
    assert county_b(COMPANY, id=firm["id"])["propertyCompany"] is None
    assert firm["id"] not in ids(county_b(COMPANIES)["propertyCompanies"])
    made = county_b(CONTRACT, input={"companyId": firm["id"], "compoundId": compound(county_b), "compoundName": "越权",
                                     "startsOn": "2025-01-01", "endsOn": "2026-01-01"})["addManagementContract"]
    assert (made["code"], made["field"]) == ("NOT_FOUND", "companyId")
    assert county_b(APPEND, input={"companyId": firm["id"], "summary": "越权"})["appendCreditEntry"]["code"] == "NOT_FOUND"
    assert superuser_db("property", "SELECT count(*) FROM credit_entries WHERE company_id = :i",
                        i=uuid.UUID(firm["id"])) == 1
    # the same credit code may be registered in another county
    assert register(county_b, creditCode=firm["creditCode"])["__typename"] == "PropertyCompany"


@pytest.mark.parametrize("role", ["resident", "grid_worker"])
def test_only_the_authority_registers(gateway_url, role):
    client = Client(gateway_url, token("341181", role))
    body = client.raw(REGISTER, {"input": {"name": "x", "creditCode": new_code(), "contactName": "x",
                                           "contactPhone": "13905501234"}}).json()
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
