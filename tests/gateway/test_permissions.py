"""Role checks in one place: every root field carries exactly one permission from
gateway/permissions.py, the table names only real operations, each class holds exactly the roles
its services check, and docs/API.md shows its matrix."""
from __future__ import annotations

from strawberry.permission import PermissionExtension

from gateway.permissions import (
    BEGIN,
    END,
    RULES,
    Permission,
    matrix_section,
    root_fields,
)
from gateway.schema import Mutation, Query, Subscription
from shared.principal import ROLES
from shared.settings import ROOT


def test_every_root_field_has_one_permission():
    for operation, field in root_fields(Query, Mutation, Subscription):
        found = [e for e in field.extensions if isinstance(e, PermissionExtension)]
        assert len(found) == 1 and len(found[0].permissions) == 1, operation
        assert isinstance(found[0].permissions[0], Permission), operation


def test_the_table_names_real_operations_and_roles():
    operations = {name for name, _ in root_fields(Query, Mutation, Subscription)}
    assert set(RULES) <= operations, sorted(set(RULES) - operations)
    for permission in set(RULES.values()):
        assert permission.roles and set(permission.roles) <= set(ROLES), permission


def test_docs_show_the_current_matrix():
    text = (ROOT / "docs" / "API.md").read_text(encoding="utf-8")
    shown = text.partition(BEGIN)[2].partition(END)[0].strip()
    assert shown == matrix_section().strip(), \
        "docs/API.md's role matrix is stale: run `python -m gateway.permissions --write`"


def test_classes_hold_the_roles_their_services_check():
    """A class standing for a service's role tuple has exactly its roles: a gateway rule stricter
    than the service refuses legitimate callers, a looser one only moves the refusal later."""
    import gateway.permissions as p
    from services.dispatch import closed_loop, needs, whistle, workflow
    from services.grid import (
        adjust_rpc,
        emergency_rpc,
        residents_rpc,
        roster_rpc,
        visits_rpc,
    )
    from services.organization import entrypoints as organization
    from services.organization import rpc_deliberation
    from services.property import entrypoint_support as property_
    from services.volunteer import entrypoints as volunteer

    mirrors = [
        (p.CountyAdmin, organization.ORG_ADMINS), (p.Deliberators, rpc_deliberation.DELIBERATORS),
        (p.VolunteerManagers, volunteer.MANAGERS),
        (p.PropertyAuthority, property_.AUTHORITY), (p.PropertyCommunity, property_.COMMUNITY),
        (p.PropertyCommunity, tuple({r for roles in property_.SCORERS.values() for r in roles})),
        (p.CaseStaff, closed_loop.STAFF), (p.CaseStaff, workflow.STAFF),
        (p.Whistlers, whistle.WHISTLERS), (p.DepartmentActors, whistle.DEPARTMENT_ACTORS),
        (p.OrderPlacers, (*workflow.STAFF, "resident")), (p.NeedPosters, workflow.COMMUNITY_STAFF),
        (p.UnitActors, needs.UNIT_ACTORS),
        (p.EmergencyActivators, emergency_rpc.ACTIVATORS),
        (p.EmergencyWatchers, (*emergency_rpc.ACTIVATORS, "community_staff", "dashboard")),
        (p.Visitors, visits_rpc.VISITORS), (p.VisitReaders, visits_rpc.READERS),
        (p.Appointers, roster_rpc.APPOINTERS), (p.RosterReaders, roster_rpc.READERS),
        (p.ResidentReaders, residents_rpc.READERS), (p.ResidentWriters, residents_rpc.WRITERS),
        (p.Adjusters, adjust_rpc.ADJUSTERS),
    ]
    for permission, roles in mirrors:
        assert set(permission.roles) == set(roles), (permission.__name__, sorted(roles))
