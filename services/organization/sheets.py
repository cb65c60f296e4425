"""Sheets of the party organization system (党组织台账 / 党员名册), as ``gateway/transfer/specs.py``
says: keyset-paged exports in the caller's scope and a batch import checked row by row.

Members' ID-card numbers and phones are exported masked; unmasked only for a county admin who
asks for it with a reason, and then every number and phone shown writes a ``member_access_audit``
row (in the page's transaction, so a page that fails writes neither). Every page of either sheet
given out, masked or not, is one more entry of that hash-chained trail (:func:`record_export`: no
member, field ``sheet:<sheet>``, the export id, its reason, rows and filters). The member import checks each
row with the contract, the ID number by GB 11643 (MOD 11-2 check character, a real birth date not
in the future), the org (must exist and be active, by its id or its unique name) and the dates;
rows are keyed by the ID number's blind index, so a sheet imported twice updates, never duplicates.
The org roster's import (all rows or none) is :mod:`org_import`; the org export writes its columns.
"""
from __future__ import annotations

import json
import uuid
from datetime import date

import sqlalchemy as sa
from pydantic import ValidationError
from sqlalchemy.orm import Session

from services.organization.models import Member, MemberAccessAudit, Org
from services.organization.org_import import LEVEL_ZH
from services.organization.org_types import TYPE_ZH
from services.organization.roster import add_member
from services.organization.roster import visible as member_visible
from services.organization.tree import visible as org_visible
from shared import personal_data as pd
from shared.contracts.organization import MemberIn
from shared.contracts.validation import field_errors, parse_id
from shared.errors import ValidationFailed
from shared.principal import Principal

STATUS_ZH = {"full": "正式党员", "probationary": "预备党员"}
STATUS_FROM_ZH = {**{v: k for k, v in STATUS_ZH.items()}, "full": "full", "probationary": "probationary",
                  "正式": "full", "预备": "probationary"}
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK = "10X98765432"
MAX_BATCH = 500


def id_number_problem(value: str, today: date) -> tuple[str, str] | None:
    """GB 11643-1999: why ``value`` is not a citizen ID number (English, Chinese), or None."""
    number = value.strip().upper()
    if len(number) != 18 or not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        return "must be 17 digits and a digit or X", "须为17位数字加1位数字或X"
    try:
        born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return "the birth date is not a real date", "出生日期不存在"
    if born > today or born.year < 1900:
        return "the birth date is in the future or before 1900", "出生日期晚于今天或早于1900年"
    if CHECK[sum(int(d) * w for d, w in zip(number[:17], WEIGHTS)) % 11] != number[17]:
        return "the check character does not match", "校验码不正确"
    return None


def export_id(export) -> uuid.UUID:
    """The id of the download a page belongs to (``export.id``, one per download)."""
    try:
        return uuid.UUID(str(export.get("id")))
    except (AttributeError, ValueError):
        raise ValidationFailed([{"field": "export.id", "message": "export.id: not a valid id",
                                 "message_zh": "export.id：不是有效的编号"}]) from None


def record_export(session: Session, principal: Principal, sheet: str, export: dict, ident: uuid.UUID,
                  filters: dict, rows: int) -> None:
    """One chained ``member_access_audit`` entry for a page given out (in the page's transaction)."""
    why = str(export.get("reason") or "").strip() or "sheet"
    shown = json.dumps(filters, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)
    session.add(MemberAccessAudit(member_id=None, subject=principal.subject, field=f"sheet:{sheet}",
                                  reason=f"export {ident}: {why}; {rows} rows; filters {shown}"[:200]))


def _page(rows: list, limit: int, out) -> dict:
    page = rows[:limit]
    return {"rows": [out(r) for r in page], "next": str(page[-1][0].id) if len(rows) > limit else None}


def orgs_page(session: Session, principal: Principal | None, *, after: str | None, limit: int,
              filters: dict) -> dict:
    parent = sa.orm.aliased(Org)
    query = (sa.select(Org, parent.name).outerjoin(parent, sa.and_(parent.tenant_id == Org.tenant_id,
                                                                   parent.id == Org.parent_id))
             .where(org_visible(principal)).order_by(Org.id).limit(limit + 1))
    if after:
        query = query.where(Org.id > parse_id(after, "after"))
    if filters.get("type"):
        query = query.where(Org.type == filters["type"])
    if not filters.get("includeDissolved"):
        query = query.where(Org.status == "active")
    rows = session.execute(query).all()

    def out(row) -> dict:
        org, parent_name = row
        return {"org_id": str(org.id), "name": org.name, "type": TYPE_ZH.get(org.type, org.type),
                "level": LEVEL_ZH.get(org.level, org.level), "parent_name": parent_name,
                "parent_id": str(org.parent_id) if org.parent_id else None,
                "status": "已撤销" if org.status != "active" else "正常",
                "street_id": str(org.street_id) if org.street_id else None,
                "community_id": str(org.community_id) if org.community_id else None,
                "grid_id": str(org.grid_id) if org.grid_id else None}
    return _page(rows, limit, out)


def members_page(session: Session, principal: Principal | None, *, after: str | None, limit: int,
                 filters: dict, unmasked: bool, reason: str) -> dict:
    query = (sa.select(Member, Org.name).join(Org, sa.and_(Org.tenant_id == Member.tenant_id, Org.id == Member.org_id))
             .where(member_visible(principal)).order_by(Member.id).limit(limit + 1))
    if after:
        query = query.where(Member.id > parse_id(after, "after"))
    if filters.get("orgId"):
        scope_org = session.scalar(sa.select(Org).where(Org.id == parse_id(filters["orgId"], "orgId")))
        query = query.where(Org.path.startswith(scope_org.path) if scope_org else sa.false())
    if filters.get("status"):
        query = query.where(Member.status == filters["status"])
    rows = session.execute(query).all()
    tenant = session.info["tenant"]

    def out(row) -> dict:
        member, org_name = row
        line = {"member_id": str(member.id), "name": member.name, "org_name": org_name,
                "id_number": member.id_number_masked, "phone": member.phone_masked,
                "join_date": member.join_date.isoformat(), "status": STATUS_ZH.get(member.status, member.status),
                "employer_unit": member.employer_unit, "in_service": member.in_service}
        if unmasked:
            line["id_number"] = pd.decrypt(tenant, member.id_number_enc)
            session.add(MemberAccessAudit(member_id=member.id, subject=principal.subject, field="id_number",
                                          reason=reason))
            if member.phone_enc:
                line["phone"] = pd.decrypt(tenant, member.phone_enc)
                session.add(MemberAccessAudit(member_id=member.id, subject=principal.subject, field="phone",
                                              reason=reason))
        return line
    page = _page(rows, limit, out)
    session.flush()
    return page


def _row_error(row: int, field: str, code: str, message: str, message_zh: str) -> dict:
    return {"row": row, "field": field, "code": code, "message": message, "message_zh": message_zh}


def _org_of(session: Session, principal: Principal | None, row: dict) -> tuple[uuid.UUID | None, dict | None]:
    number = row["row"]
    if row.get("org_id"):
        try:
            ident = uuid.UUID(str(row["org_id"]))
        except ValueError:
            return None, _row_error(number, "org_id", "VALIDATION_FAILED", "党组织编号: not a valid id", "党组织编号：无效")
        found = session.scalars(sa.select(Org.id).where(Org.id == ident, Org.status == "active",
                                                        org_visible(principal))).all()
    elif row.get("org_name"):
        found = session.scalars(sa.select(Org.id).where(Org.name == row["org_name"], Org.status == "active",
                                                        org_visible(principal))).all()
        if len(found) > 1:
            return None, _row_error(number, "org_name", "CONFLICT", "所在党组织: several orgs have this name; "
                                    "give the org id (党组织编号)", "所在党组织：有多个同名党组织，请填写党组织编号")
    else:
        return None, _row_error(number, "org_name", "VALIDATION_FAILED", "所在党组织: required", "所在党组织：必填")
    if not found:
        return None, _row_error(number, "org_name", "NOT_FOUND", "所在党组织: no such active org in your scope",
                                "所在党组织：不存在或不在您的管辖范围")
    return found[0], None


def import_members(session: Session, principal: Principal | None, rows: list[dict], *, today: date,
                   dry_run: bool) -> dict:
    """Check every row; write the good ones (insert, or update by ID number); report the others."""
    errors, accepted, seen = [], 0, set()
    tenant = session.info["tenant"]
    for row in rows:
        number = row.get("row")
        id_number = str(row.get("id_number") or "").strip().upper()
        problem = id_number_problem(id_number, today) if id_number else ("required", "必填项缺失")
        if problem:
            errors.append(_row_error(number, "id_number", "VALIDATION_FAILED", f"身份证号: {problem[0]}",
                                     f"身份证号：{problem[1]}"))
            continue
        if id_number in seen:
            errors.append(_row_error(number, "id_number", "DUPLICATE_IN_BATCH", "身份证号: twice in this sheet",
                                     "身份证号：表内重复"))
            continue
        org_id, error = _org_of(session, principal, row)
        if error:
            errors.append(error)
            continue
        status = STATUS_FROM_ZH.get(str(row.get("status") or "正式党员").strip())
        data = {"org_id": str(org_id), "name": row.get("name"), "id_number": id_number,
                "phone": row.get("phone") or None, "join_date": row.get("join_date"),
                "status": status or str(row.get("status")), "employer_unit": row.get("employer_unit") or None,
                "in_service": bool(row.get("in_service"))}
        try:
            member_in = MemberIn.model_validate(data)
        except ValidationError as exc:
            for e in field_errors(exc):
                errors.append(_row_error(number, e["field"], "VALIDATION_FAILED", e["message"], e["message_zh"]))
            continue
        if member_in.join_date > today:
            errors.append(_row_error(number, "join_date", "VALIDATION_FAILED", "入党日期: in the future",
                                     "入党日期：晚于今天"))
            continue
        seen.add(id_number)
        accepted += 1
        if dry_run:
            continue
        existing = session.scalar(sa.select(Member).where(Member.id_number_index == pd.blind_index(tenant, id_number)))
        if existing is None:
            add_member(session, member_in)
        elif existing.org_id != org_id:
            accepted -= 1
            errors.append(_row_error(number, "org_name", "CONFLICT", "所在党组织: the member is on another org's "
                                     "roster; transfer them instead", "所在党组织：该党员在其他党组织名册中，请办理组织关系转接"))
        else:
            existing.name, existing.join_date, existing.status = member_in.name, member_in.join_date, member_in.status
            existing.employer_unit, existing.in_service = member_in.employer_unit, member_in.in_service
            if member_in.phone:
                existing.phone_enc = pd.encrypt(tenant, member_in.phone)
                existing.phone_masked = pd.mask_phone(member_in.phone)
    session.flush()
    return {"accepted": accepted, "errors": errors}
