"""GraphQL documents of the closed loop, shared by the dispatch integration tests."""
from __future__ import annotations

from tests.integration.territory_ops import REPORT_CASE

CASE_FIELDS = "id status level dueAt rating handlerMemberIds mergedInto supervised"
RESULT = f"""__typename ... on Case {{ {CASE_FIELDS} }}
  ... on OperationError {{ code message field fieldErrors {{ field message }} }}"""


def step(name: str, input_type: str) -> str:
    return f"""mutation($input: {input_type}!) {{ {name}(input: $input) {{ {RESULT} }} }}"""


ACCEPT = step("acceptCase", "AcceptCaseInput")
REJECT = step("rejectCase", "RejectCaseInput")
MERGE = step("mergeCase", "MergeCaseInput")
ESCALATE = step("escalateCase", "EscalateCaseInput")
RESOLVE = step("resolveCase", "ResolveCaseInput")
VERIFY = step("verifyCase", "VerifyCaseInput")
RATE = step("rateCase", "RateCaseInput")
ARCHIVE = step("archiveCase", "ArchiveCaseInput")
CASE = f"""query($id: ID!) {{ case(id: $id) {{ {CASE_FIELDS}
  timeline {{ seq action fromStatus toStatus level actor note at }} }} }}"""


def report(client, grid_id: str, category: str = "environment", description: str = "垃圾堆放") -> str:
    case = client(REPORT_CASE, gridId=grid_id, category=category, description=description)
    return case["reportCase"]["id"]


def run(client, document: str, **fields) -> dict:
    data = client(document, input=fields)
    return next(iter(data.values()))
