"""Case categories of a county (事件分类) and their routing rules (分拨规则): where a new case
starts (a higher level than the grid, or straight to a department) and its deadline table.

Categories without a rule keep the contract's defaults (start at the grid, default deadlines), so
services reporting their own categories keep working. Rules are read on every report, so each
process keeps a tenant's rules for ``RULES_TTL`` seconds; a change made through this process is
seen at once, one made through another replica within that time.
"""
from __future__ import annotations

import time

import sqlalchemy as sa
from sqlalchemy.orm import Session

from services.dispatch.models import CategoryRule
from shared.contracts import dispatch as c
from shared.db import utcnow
from shared.errors import CivicError, ValidationFailed

RULES_TTL = 10.0
_rules: dict[tuple, tuple[float, dict[str, dict]]] = {}  # (engine, tenant) → (expiry, rules)


def _snapshot(row: CategoryRule) -> dict:
    return {"code": row.code, "name": row.name, "parent_code": row.parent_code,
            "start_level": row.start_level,
            "department_id": str(row.department_id) if row.department_id else None,
            "department_name": row.department_name,
            "respond_within_hours": row.respond_within_hours,
            "resolve_within_workdays": row.resolve_within_workdays,
            "deadline_workdays": row.deadline_workdays, "active": row.active}


def rules(session: Session) -> dict[str, dict]:
    key, now = (session.get_bind(), session.info["tenant"]), time.monotonic()
    hit = _rules.get(key)
    if hit is not None and hit[0] > now:
        return hit[1]
    snapshot = {r.code: _snapshot(r) for r in session.scalars(sa.select(CategoryRule))}
    _rules[key] = (now + RULES_TTL, snapshot)
    return snapshot


def rule_for(session: Session, category: str) -> dict | None:
    rule = rules(session).get(category)
    return rule if rule and rule["active"] else None


def workdays(session: Session, category: str, level: str) -> int:
    """Working days to resolve a case of ``category`` at ``level``: the rule's table first."""
    rule = rule_for(session, category)
    table = (rule or {}).get("deadline_workdays") or {}
    return table.get(level) or c.deadline_workdays(category, level)


def start_of(session: Session, category: str) -> tuple[str | None, dict | None]:
    """(level, department) a new case of ``category`` is routed to; (None, None) = the grid."""
    rule = rule_for(session, category)
    if rule is None:
        return None, None
    if rule["department_id"]:
        return "street", {"id": rule["department_id"], "name": rule["department_name"],
                          "respond_within_hours": rule["respond_within_hours"],
                          "resolve_within_workdays": rule["resolve_within_workdays"]}
    return (rule["start_level"] if rule["start_level"] != "grid" else None), None


class CategoryCycle(CivicError):
    code = "CYCLE"


def set_category(session: Session, data: c.CategoryIn) -> dict:
    known = {r.code: r for r in session.scalars(sa.select(CategoryRule).with_for_update())}
    parent = data.parent_code
    if parent is not None:
        if parent not in known and parent not in c.DEFAULT_CATEGORIES:
            raise ValidationFailed([{"field": "parent_code",
                                     "message": f"parentCode: no category {parent!r}",
                                     "message_zh": "parentCode：上级分类不存在"}])
        seen, step = set(), parent
        while step is not None and step not in seen:
            if step == data.code:
                raise CategoryCycle(f"{parent} is {data.code} or below it", "上级分类不能是自身或其下级",
                                    field="parentCode")
            seen.add(step)
            step = known[step].parent_code if step in known else None
    row = known.get(data.code) or CategoryRule(code=data.code)
    row.name, row.parent_code, row.start_level = data.name, parent, data.start_level
    row.department_id = data.department.department_id if data.department else None
    row.department_name = data.department.name if data.department else None
    row.respond_within_hours = data.respond_within_hours
    row.resolve_within_workdays = data.resolve_within_workdays
    row.deadline_workdays = dict(data.deadline_workdays) if data.deadline_workdays else None
    row.active, row.updated_at = data.active, utcnow()
    session.add(row)
    session.flush()
    _rules.pop((session.get_bind(), session.info["tenant"]), None)
    return category_out(_snapshot(row), configured=True)


def category_out(rule: dict, *, configured: bool) -> c.CategoryOut:
    table = {level: c.deadline_workdays(rule["code"], level) for level in c.LEVELS}
    table.update(rule.get("deadline_workdays") or {})
    return {**{k: rule[k] for k in ("code", "name", "parent_code", "start_level", "department_id",
                                    "department_name", "respond_within_hours",
                                    "resolve_within_workdays", "active")},
            "deadline_workdays": table, "configured": configured}


def list_categories(session: Session, limit: int, after: str | None) -> list[c.CategoryOut]:
    """The county's categories by code: its rules, then the defaults it has not configured."""
    configured = {r.code: _snapshot(r) for r in session.scalars(sa.select(CategoryRule))}
    out = [category_out(rule, configured=True) for rule in configured.values()]
    out += [category_out({"code": code, "name": name, "parent_code": None, "start_level": "grid",
                          "department_id": None, "department_name": None,
                          "respond_within_hours": 2, "resolve_within_workdays": 5,
                          "deadline_workdays": None, "active": True}, configured=False)
            for code, name in c.DEFAULT_CATEGORIES.items() if code not in configured]
    out.sort(key=lambda r: r["code"])
    return [r for r in out if after is None or r["code"] > after][:limit]
