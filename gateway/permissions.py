"""Role checks of the API, in one place: small permission classes and the operation → class table.

Every root field (query, mutation, subscription) gets exactly one permission class here, applied
when the schema is built (:func:`apply`). A listed operation is refused with ``FORBIDDEN`` before
any RPC when the caller holds none of its roles; an unlisted one is open to any verified caller
and its service decides (row-level rules such as "the reporter may rate their own case" stay
there). The services check the same roles again: the gateway is not the only way in, and a
mistake here must not open anything. The role × operation matrix in docs/API.md is generated from
:data:`RULES` (``python -m gateway.permissions``); a test fails when it is stale, and another runs
each role against a representative set of operations through the running gateway.
"""
from __future__ import annotations

from typing import Any

from strawberry.permission import BasePermission, PermissionExtension

from gateway.auth import Unauthenticated
from shared.errors import Forbidden
from shared.principal import ROLES


class Permission(BasePermission):
    """Allows callers holding one of ``roles`` (any verified caller when ``roles`` is None)."""

    roles: tuple[str, ...] | None = None
    label = "any verified caller"

    def has_permission(self, source: Any, info: Any, **kwargs: Any) -> bool:
        principal = info.context.principal
        if principal is None:
            raise Unauthenticated("missing Authorization: Bearer token", "缺少 Authorization: Bearer 令牌")
        return self.roles is None or principal.has_role(*self.roles)

    def on_unauthorized(self) -> None:
        roles = self.roles or ()
        raise Forbidden(f"requires one of the roles: {', '.join(roles)}",
                        f"需要以下角色之一：{'、'.join(roles)}")


def _group(name: str, label: str, *roles: str) -> type[Permission]:
    unknown = set(roles) - set(ROLES)
    if unknown:
        raise ValueError(f"{name}: unknown roles {sorted(unknown)}")
    return type(name, (Permission,), {"roles": roles, "label": label, "__doc__": label})


Authenticated = type("Authenticated", (Permission,), {"__doc__": "Any verified caller."})
CountyAdmin = _group("CountyAdmin", "county administrators (县级管理员)", "county_admin")
CaseStaff = _group("CaseStaff", "staff who handle cases in their scope (办理人员)", "county_admin",
                   "command_center", "street_staff", "community_staff", "grid_worker")
Whistlers = _group("Whistlers", "who may blow the whistle (街道吹哨)", "county_admin", "command_center",
                   "street_staff")
DepartmentActors = _group("DepartmentActors", "departments answering a whistle (部门报到)", "department",
                          "county_admin", "command_center")
Adjusters = _group("Adjusters", "who may split and merge grids (网格调整)", "county_admin", "street_staff",
                   "community_staff")
ResidentReaders = _group("ResidentReaders", "who may read the residents registry (居民台账)", "county_admin",
                         "command_center", "street_staff", "community_staff", "grid_worker")
ResidentWriters = _group("ResidentWriters", "who may write the residents registry", "county_admin",
                         "street_staff", "community_staff", "grid_worker")
Appointers = _group("Appointers", "who may appoint and vacate grid posts (网格人员任免)", "county_admin",
                    "street_staff", "community_staff")
RosterReaders = _group("RosterReaders", "who may read the roster (人员名册)", "county_admin", "command_center",
                       "street_staff", "community_staff", "grid_worker", "dashboard")
Visitors = _group("Visitors", "who record door-to-door visits (入户走访)", "grid_worker", "community_staff",
                  "street_staff", "county_admin")
VisitReaders = _group("VisitReaders", "who may read visits", "grid_worker", "community_staff", "street_staff",
                      "county_admin", "command_center", "dashboard")
EmergencyActivators = _group("EmergencyActivators", "who may start and end an emergency (一键启动)",
                             "county_admin", "command_center", "street_staff")
EmergencyWatchers = _group("EmergencyWatchers", "who may follow an emergency", "county_admin",
                           "command_center", "street_staff", "community_staff", "dashboard")
CoverageReaders = _group("CoverageReaders", "who may read grid coverage", "county_admin", "command_center",
                         "street_staff", "community_staff", "grid_worker", "dashboard")
VolunteerManagers = _group("VolunteerManagers", "who manage volunteers (志愿管理)", "county_admin",
                           "street_staff", "community_staff")
PropertyAuthority = _group("PropertyAuthority", "the housing authority (住建部门)", "county_admin",
                           "department")
PropertyCommunity = _group("PropertyCommunity", "authority, streets and communities on property matters",
                           "county_admin", "department", "street_staff", "community_staff")
Deliberators = _group("Deliberators", "who run deliberations (议事协商)", "county_admin", "street_staff",
                      "community_staff")
WebhookAdmins = _group("WebhookAdmins", "who manage webhooks", "county_admin", "command_center")
OrderPlacers = _group("OrderPlacers", "who may place service orders (居民点单)", "county_admin", "command_center",
                      "street_staff", "community_staff", "grid_worker", "resident")
NeedPosters = _group("NeedPosters", "who post community needs (社区需求发布)", "county_admin", "command_center",
                     "street_staff", "community_staff")
UnitActors = _group("UnitActors", "who claim needs and list unit resources (驻区单位资源对接)", "party_member",
                    "county_admin", "command_center", "street_staff", "community_staff")
Auditors = _group("Auditors", "auditors (审计员)", "auditor")
ChainVerifiers = _group("ChainVerifiers", "who may verify an audit chain (审计链校验)", "auditor", "platform_admin")
PlatformAdmin = _group("PlatformAdmin", "platform operators", "platform_admin")

# operation (Root.fieldName) → permission; each entry mirrors the role check of the service
# method behind it. Unlisted operations: Authenticated.
RULES: dict[str, type[Permission]] = {
    # grid: territory, residents, roster, visits, emergency
    "Mutation.createStreet": CountyAdmin, "Mutation.createCommunity": CountyAdmin,
    "Mutation.createCompound": CountyAdmin, "Mutation.createBuilding": CountyAdmin,
    "Mutation.createGrid": CountyAdmin, "Mutation.setGridBoundary": CountyAdmin,
    "Mutation.setRatingConfig": CountyAdmin, "Mutation.splitGrid": Adjusters, "Mutation.mergeGrids": Adjusters,
    "Query.gridCoverage": CoverageReaders,
    "Query.residents": ResidentReaders, "Query.households": ResidentReaders,
    "Query.residentByIdNumber": ResidentReaders,
    "Mutation.registerHousehold": ResidentWriters, "Mutation.registerResident": ResidentWriters,
    "Mutation.updateResident": ResidentWriters,
    "Query.posts": RosterReaders, "Query.staffingReport": RosterReaders, "Query.rosterCounts": RosterReaders,
    "Mutation.appointPost": Appointers, "Mutation.vacatePost": Appointers,
    "Mutation.setStaffingModel": CountyAdmin,
    "Query.visits": VisitReaders, "Query.weeklyVisiting": VisitReaders,
    "Mutation.recordVisit": Visitors, "Mutation.setVisitQuota": CountyAdmin,
    "Mutation.assignCadre": CountyAdmin,
    "Mutation.activateEmergency": EmergencyActivators, "Mutation.deactivateEmergency": EmergencyActivators,
    "Query.visitLog": VisitReaders, "Query.gridRating": VisitReaders, "Query.bestGridWorkers": VisitReaders,
    "Query.emergencyStatus": EmergencyWatchers, "Query.cadreCoverage": EmergencyWatchers,
    "Query.emergencies": EmergencyWatchers, "Query.cadreAssignments": EmergencyWatchers,
    "Subscription.emergencyAcknowledgements": EmergencyWatchers,
    # dispatch: the closed loop (the reporter may also verify and rate their own case)
    "Mutation.acceptCase": CaseStaff, "Mutation.rejectCase": CaseStaff, "Mutation.mergeCase": CaseStaff,
    "Mutation.escalateCase": CaseStaff, "Mutation.resolveCase": CaseStaff,
    "Mutation.archiveCase": CaseStaff,
    "Mutation.whistleCase": Whistlers, "Mutation.setCalendarDay": CountyAdmin,
    "Mutation.createOpen311Key": CountyAdmin, "Mutation.revokeOpen311Key": CountyAdmin,
    "Query.open311Keys": CountyAdmin,
    "Mutation.reportForWhistle": DepartmentActors, "Mutation.resolveWhistlePart": DepartmentActors,
    "Mutation.setCategory": CountyAdmin,
    "Query.webhooks": WebhookAdmins, "Query.webhookDeliveries": WebhookAdmins,
    "Mutation.subscribeWebhook": CountyAdmin, "Mutation.unsubscribeWebhook": CountyAdmin,
    # dispatch: wishes, orders, needs (a step's rule is the union over its actions; the wisher or
    # the resident who ordered may confirm their own, so wishStep and orderStep stay open)
    "Mutation.collectWish": CaseStaff, "Mutation.placeOrder": OrderPlacers, "Mutation.postNeed": NeedPosters,
    "Mutation.needStep": UnitActors, "Mutation.offerResource": UnitActors,
    # volunteer
    "Query.activityCheckinCode": VolunteerManagers,
    "Mutation.createVolunteerTeam": VolunteerManagers, "Mutation.createVolunteerActivity": VolunteerManagers,
    "Mutation.setPointRule": VolunteerManagers, "Mutation.adjustPoints": VolunteerManagers,
    "Mutation.createStoreItem": VolunteerManagers, "Mutation.registerVolunteer": VolunteerManagers,
    "Mutation.placeVolunteer": VolunteerManagers, "Mutation.confirmVolunteerHours": VolunteerManagers,
    "Mutation.awardDutyPoints": VolunteerManagers, "Mutation.reversePointsTransaction": VolunteerManagers,
    "Mutation.confirmRedemptionPickup": VolunteerManagers, "Mutation.snapshotPioneerIndex": VolunteerManagers,
    # property
    "Mutation.registerPropertyCompany": PropertyAuthority, "Mutation.addManagementContract": PropertyAuthority,
    "Mutation.setCompoundManagement": PropertyAuthority, "Mutation.defineNegativeItem": PropertyAuthority,
    "Mutation.drawInspections": PropertyAuthority, "Mutation.openEvaluation": PropertyAuthority,
    "Mutation.appendCreditEntry": PropertyAuthority, "Mutation.defineIndicatorSet": PropertyAuthority,
    "Mutation.recordInspection": PropertyAuthority, "Mutation.fileRectifications": PropertyAuthority,
    "Mutation.publishEvaluation": PropertyAuthority,
    "Mutation.createCommittee": PropertyCommunity, "Mutation.openSatisfactionSurvey": PropertyCommunity,
    "Mutation.addCommitteeMember": PropertyCommunity, "Mutation.reviewCandidate": PropertyCommunity,
    "Mutation.submitChairReport": PropertyCommunity, "Mutation.gradeChair": PropertyCommunity,
    "Mutation.recordThreePartyMeeting": PropertyCommunity, "Mutation.recordFallbackFunding": PropertyCommunity,
    "Mutation.answerSatisfactionSurvey": PropertyCommunity,
    "Mutation.submitEvaluationScores": PropertyCommunity,  # the union of the three parties' scorers
    # organization
    "Mutation.createPartyOrg": CountyAdmin, "Mutation.renamePartyOrg": CountyAdmin,
    "Mutation.movePartyOrg": CountyAdmin, "Mutation.dissolvePartyOrg": CountyAdmin,
    "Mutation.appointOfficer": CountyAdmin, "Mutation.endOfficerTerm": CountyAdmin,
    "Mutation.addPartyMember": CountyAdmin, "Mutation.revealPartyMember": CountyAdmin,
    "Mutation.transferPartyMember": CountyAdmin, "Mutation.registerWithCommunity": CountyAdmin,
    "Mutation.pairUnitWithCommunity": CountyAdmin, "Mutation.holdJointMeeting": CountyAdmin,
    "Mutation.markDecisionDone": CountyAdmin, "Mutation.setStarPlan": CountyAdmin,
    "Mutation.evaluateStars": CountyAdmin, "Mutation.setStarFormula": CountyAdmin,
    "Mutation.addCommitteeMemberUnit": CountyAdmin, "Mutation.addCommitteeProject": CountyAdmin,
    "Mutation.updateProjectProgress": CountyAdmin, "Mutation.setVenueStandards": CountyAdmin,
    "Mutation.createServiceVenue": CountyAdmin, "Mutation.recordVenueCompliance": CountyAdmin,
    "Mutation.collectTopic": Deliberators, "Mutation.advanceDeliberation": Deliberators,
    # personal-data audit trails (grid, organization)
    "Query.auditLog": Auditors, "Query.auditChain": ChainVerifiers,
}


def permission_of(operation: str) -> type[Permission]:
    return RULES.get(operation, Authenticated)


def root_fields(*roots: type) -> list[tuple[str, Any]]:
    """(``Root.fieldName``, strawberry field) of every root field of ``roots``."""
    out = []
    for root in roots:
        definition = root.__strawberry_definition__
        for field in definition.fields:
            name = field.graphql_name or _camel(field.python_name)
            out.append((f"{definition.name}.{name}", field))
    return out


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def apply(*roots: type) -> None:
    """Put each root field's permission on it (once), before the schema is built."""
    for operation, field in root_fields(*roots):
        if not any(isinstance(e, PermissionExtension) for e in field.extensions):
            field.extensions.append(PermissionExtension([permission_of(operation)()], use_directives=False))


def matrix(operations: list[str]) -> str:
    """The role × operation table of docs/API.md (✓ allowed; an unlisted operation is open to
    every role here and its service may refuse further)."""
    roles = [r for r in ROLES if r != "platform_admin"]
    head = "| operation | " + " | ".join(f"`{r}`" for r in roles) + " |"
    lines = [head, "|" + "---|" * (len(roles) + 1)]
    for operation in sorted(operations, key=lambda o: (o.split(".")[0] != "Query", o)):
        permission = permission_of(operation)
        if permission is Authenticated:
            continue
        marks = ["✓" if r in permission.roles else "" for r in roles]
        lines.append(f"| `{operation}` | " + " | ".join(marks) + " |")
    return "\n".join(lines)


def open_operations(operations: list[str]) -> list[str]:
    return sorted(o for o in operations if permission_of(o) is Authenticated)


def matrix_section() -> str:
    from gateway.schema import Mutation, Query, Subscription

    operations = [name for name, _ in root_fields(Query, Mutation, Subscription)]
    return (f"{matrix(operations)}\n\nOpen to every verified caller, narrowed by data scope and by "
            f"the service ({len(open_operations(operations))}): "
            + ", ".join(f"`{o}`" for o in open_operations(operations)) + ".")


BEGIN, END = "<!-- role-matrix:begin (python -m gateway.permissions --write) -->", "<!-- role-matrix:end -->"


def write_into(path) -> None:
    """Replace the matrix between the markers of ``path`` (docs/API.md)."""
    from pathlib import Path

    text = Path(path).read_text(encoding="utf-8")
    head, _, rest = text.partition(BEGIN)
    _, _, tail = rest.partition(END)
    Path(path).write_text(f"{head}{BEGIN}\n{matrix_section()}\n{END}{tail}", encoding="utf-8")


if __name__ == "__main__":
    import sys

    from shared.settings import ROOT

    if "--write" in sys.argv:
        write_into(ROOT / "docs" / "API.md")
    else:
        print(matrix_section())
