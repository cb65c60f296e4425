"""Which department a ``department`` account is (token claim ``department``): it reports for and
resolves only its own department's parts, and its inbox holds only its own department's notices;
county admin and command center act on any part. Over SQLite."""
import uuid

import pytest
import sqlalchemy as sa

from services.dispatch import notifications
from services.dispatch.models import WhistlePart
from shared.db import open_tenant_session
from shared.errors import CivicError, Forbidden
from shared.principal import Principal
from tests.services.dispatch.support import ADMIN, TENANT
from tests.services.dispatch.test_whistle import DEPARTMENTS, account, part_step, street_case, summon


def statuses(factory) -> dict[str, str]:
    with open_tenant_session(factory, TENANT) as session:
        return {str(p.id): p.status for p in session.scalars(sa.select(WhistlePart))}


def inbox(factory, principal):
    with open_tenant_session(factory, TENANT) as session:
        return [notifications.out(n, read_at) for n, read_at in
                notifications.inbox(session, principal, 100, None)]


def test_a_department_acts_only_on_its_own_part(factory):
    first, second = summon(factory, street_case(factory), DEPARTMENTS[:2])
    with pytest.raises(Forbidden) as info:  # 城管局's account on 住建局's part
        part_step(factory, second, "report", principal=account(first))
    assert (info.value.code, info.value.field) == ("FORBIDDEN", "partId")
    assert "住建局" in info.value.message and "住建局" in info.value.message_zh
    assert info.value.details["department_id"] == second["department_id"]
    assert set(statuses(factory).values()) == {"summoned"}
    assert part_step(factory, first, "report")["status"] == "reported"
    assert part_step(factory, second, "report")["status"] == "reported"
    with pytest.raises(Forbidden):
        part_step(factory, first, "resolve", principal=account(second))
    assert statuses(factory) == {first["id"]: "reported", second["id"]: "reported"}
    assert part_step(factory, first, "resolve")["status"] == "resolved"
    upper = Principal(TENANT, "dept-x", ("department",), department_id=second["department_id"].upper())
    assert part_step(factory, second, "resolve", principal=upper)["status"] == "resolved"  # same id


def test_a_department_token_naming_no_department_is_refused(factory):
    [part] = summon(factory, street_case(factory), DEPARTMENTS[:1])
    nameless = Principal(TENANT, "dept-?", ("department",))
    for action in ("report", "resolve"):
        with pytest.raises(Forbidden) as info:
            part_step(factory, part, action, principal=nameless)
        assert "names no department" in info.value.message and "部门" in info.value.message_zh
    with pytest.raises(Forbidden):  # refused before the part is looked up: no NOT_FOUND probing
        part_step(factory, {**part, "id": str(uuid.uuid4())}, "report", principal=nameless)
    assert statuses(factory) == {part["id"]: "summoned"}


@pytest.mark.parametrize("role", ["county_admin", "command_center"])
def test_county_roles_act_on_any_part(factory, role):
    parts = summon(factory, street_case(factory), DEPARTMENTS[:2])
    county = Principal(TENANT, f"{role}-1", (role,), department_id=parts[0]["department_id"])
    for part in parts:  # a department claim does not narrow a county role
        assert part_step(factory, part, "report", principal=county)["status"] == "reported"
        assert part_step(factory, part, "resolve", principal=county)["status"] == "resolved"


def test_the_inbox_shows_each_department_its_own_notices(factory):
    first, second = summon(factory, street_case(factory), DEPARTMENTS[:2])
    for part in (first, second):
        notices = inbox(factory, account(part))
        assert [(n["kind"], n["department_id"], n["department_name"]) for n in notices] == [
            ("case.whistled", part["department_id"], part["department_name"])]
    assert inbox(factory, Principal(TENANT, "dept-?", ("department",))) == []  # names none
    assert inbox(factory, ADMIN) == []  # county roles: as before, not a department audience
    theirs = inbox(factory, account(second))[0]["id"]
    with open_tenant_session(factory, TENANT) as session, session.begin(), \
            pytest.raises(CivicError) as info:  # another department's notice is not yours to mark
        notifications.mark_read(session, account(first), [theirs])
    assert (info.value.code, info.value.field) == ("NOT_FOUND", "ids")
