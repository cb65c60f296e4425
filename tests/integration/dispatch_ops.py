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


ERROR = "... on OperationError { code message field fieldErrors { field message } }"
REPORT = f"""mutation($input: ReportCaseInput!) {{ reportCase(input: $input) {{ __typename
  ... on Case {{ {CASE_FIELDS} compoundId buildingId longitude latitude address anonymous reporter
    routedDepartmentName evidence {{ seq sha256 size mediaType uri }}
    likelyDuplicates {{ id status category }} }} {ERROR} }} }}"""


def file_ref(content: bytes, media_type: str = "image/jpeg") -> dict:
    """An evidence reference as a client computes it from the file it uploaded."""
    import hashlib

    digest = hashlib.sha256(content).hexdigest()
    return {"uri": f"https://oss.example.cn/cases/{digest}.jpg", "sha256": digest,
            "size": len(content), "mediaType": media_type}


def wait_for(check, seconds: float = 20.0, what: str = "the condition"):
    """Poll ``check`` until it returns something truthy (events travel asynchronously)."""
    import time

    deadline = time.monotonic() + seconds
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.2)


def person(gateway_url: str, role: str, subject: str, tenant: str = "341181"):
    """A client whose token names a known subject (a resident who must be recognised later)."""
    from shared.settings import Settings
    from shared.tokens import mint_dev_token
    from tests.integration.conftest import Client
    from tests.support import TEST_JWT_SECRET

    bearer = mint_dev_token(Settings(jwt_secret=TEST_JWT_SECRET), tenant=tenant, roles=[role],
                            subject=subject)
    return Client(gateway_url, bearer)


def refused_code(client, document: str, **variables) -> str:
    """The code of a refusal that comes back as a GraphQL error (FORBIDDEN, UNAUTHENTICATED)."""
    body = client.raw(document, variables).json()
    return body["errors"][0]["extensions"]["code"]
