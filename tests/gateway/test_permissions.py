"""Role checks in one place: every root field carries exactly one permission from
gateway/permissions.py, the table names only real operations, and docs/API.md shows its matrix."""
from __future__ import annotations

from strawberry.permission import PermissionExtension

from gateway.permissions import BEGIN, END, RULES, Permission, matrix_section, root_fields
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
