"""GraphQL documents for the organization tests and a helper that builds a small org tree."""
from __future__ import annotations

import uuid

from tests.integration.territory_ops import lay_out

ORG_FIELDS = "id parentId name type level status depth path streetId communityId gridId"
ERROR = "... on OperationError { code message field fieldErrors { field message } }"
CREATE_ORG = """mutation($input: CreatePartyOrgInput!) { createPartyOrg(input: $input) {
  __typename ... on PartyOrg { %s } %s } }""" % (ORG_FIELDS, ERROR)
MOVE_ORG = """mutation($input: MovePartyOrgInput!) { movePartyOrg(input: $input) {
  __typename ... on PartyOrg { %s } %s } }""" % (ORG_FIELDS, ERROR)
RENAME_ORG = """mutation($input: RenamePartyOrgInput!) { renamePartyOrg(input: $input) {
  __typename ... on PartyOrg { id name } %s } }""" % ERROR
DISSOLVE_ORG = """mutation($input: DissolvePartyOrgInput!) { dissolvePartyOrg(input: $input) {
  __typename ... on PartyOrg { id status dissolvedAt } %s } }""" % ERROR
APPOINT = """mutation($input: AppointOfficerInput!) { appointOfficer(input: $input) {
  __typename ... on Officer { id name role termStart termEnd } %s } }""" % ERROR
ORG_TREE = "query($d: Boolean!) { orgTree(includeDissolved: $d) { %s officers { name role } } }" % ORG_FIELDS
PARTY_ORG = "query($id: ID!) { partyOrg(id: $id) { id name officers { name role termEnd } } }"
ORG_HISTORY = "query($id: ID!) { orgHistory(orgId: $id) { action before after actor } }"


def create_org(client, name: str, type: str, parent: str | None = None, **extra) -> dict:
    data = {"name": name, "type": type, **extra}
    if parent:
        data["parentId"] = parent
    return client(CREATE_ORG, input=data)["createPartyOrg"]


def root_org(client) -> str:
    """The county committee of the client's tenant (made once, found afterwards)."""
    made = create_org(client, "中共县委员会", "county_committee")
    if made["__typename"] == "PartyOrg":
        return made["id"]
    roots = [o for o in client(ORG_TREE, d=False)["orgTree"] if o["type"] == "county_committee"]
    return roots[0]["id"]


def small_tree(client, label: str | None = None) -> dict[str, str]:
    """county → street → community → grid branch → party group, on a fresh street → community →
    grid of the client's county laid out in the grid service (the service checks place ids)."""
    label = label or uuid.uuid4().hex[:6]
    place = lay_out(client, label)
    county = root_org(client)
    street = create_org(client, f"街道党工委{label}", "street_working_committee", county, streetId=place["street"])
    community = create_org(client, f"社区党委{label}", "community_committee", street["id"],
                           communityId=place["community"])
    grid = create_org(client, f"网格党支部{label}", "grid_branch", community["id"], gridId=place["grid"])
    group = create_org(client, f"党小组{label}", "party_group", grid["id"])
    for made in (street, community, grid, group):
        assert made["__typename"] == "PartyOrg", made
    return {"county": county, "street": street["id"], "community": community["id"], "grid": grid["id"],
            "group": group["id"], "street_place": street["streetId"],
            "community_place": community["communityId"], "grid_place": grid["gridId"]}

MEMBER_FIELDS = "id orgId name idNumberMasked phoneMasked joinDate status employerUnit inService"
ADD_MEMBER = """mutation($input: AddPartyMemberInput!) { addPartyMember(input: $input) {
  __typename ... on PartyMember { %s } %s } }""" % (MEMBER_FIELDS, ERROR)
TRANSFER = """mutation($input: TransferPartyMemberInput!) { transferPartyMember(input: $input) {
  __typename ... on MemberTransfer { id fromOrgId toOrgId reason } %s } }""" % ERROR
REVEAL = """mutation($input: RevealPartyMemberInput!) { revealPartyMember(input: $input) {
  __typename ... on PartyMemberPersonalData { memberId idNumber phone } %s } }""" % ERROR
MEMBERS = """query($org: ID, $first: Int!, $after: String) { partyMembers(orgId: $org, first: $first, after: $after) {
  items { %s org { name } } endCursor hasNextPage } }""" % MEMBER_FIELDS
BY_ID_NUMBER = "query($n: String!) { partyMemberByIdNumber(idNumber: $n) { id name idNumberMasked } }"


def id_number() -> str:
    """A syntactically valid 18-character ID number, unique per call (the service checks the form)."""
    return f"341181{uuid.uuid4().int % 10**11:011d}" + "0123456789X"[uuid.uuid4().int % 11]


def party_members(client, n: int, label: str | None = None) -> list[str]:
    """Ids of ``n`` new party members of the client's county (in a grid branch of a fresh tree)."""
    branch = small_tree(client, label)["grid"]
    return [add_member(client, branch, f"党员{k}")["id"] for k in range(n)]


def add_member(client, org: str, name: str = "张伟", **extra) -> dict:
    data = {"orgId": org, "name": name, "idNumber": id_number(), "joinDate": "2010-07-01",
            "phone": "13912345678", **extra}
    return client(ADD_MEMBER, input=data)["addPartyMember"]
