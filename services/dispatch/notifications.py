"""消息中心 (notification inbox): the people a case concerns are told, in the transaction of the
step that concerns them.

Who is told (:func:`recipients`, pure):

| step | recipient |
|---|---|
| report (上报) | the handlers of the level the case starts at (the grid's workers by default) |
| accept (受理) at a level other handlers work at than those told of the report | those handlers |
| escalate (提级) | the handlers of the new level |
| supervise (超期督办) | the handlers of the case's level |
| whistle (吹哨) | each summoned department |
| part_overdue (吹哨任务超时, by the overdue sweep) | the part's department and the street's staff |
| accept, reject, merge, resolve, verify, rate (受理…评议) | the reporter |
| rate 不满意 (reopened, 重办) | the reporter and the handlers of the case's level |

A handler audience is a role within the case's place (``grid_worker`` for the building and grid
levels, ``community_staff``, ``street_staff``, ``department``): a principal with that role sees
the notice when the case is in its data scope (a department's notice: only when its token names
that department). The reporter is addressed by subject (the token's ``sub``). Nobody is told of
their own step. One row per (step, recipient), unique, so a step never notifies anyone twice;
reading is per person (``notification_reads``).
"""
from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from services.dispatch import deadlines, routing
from services.dispatch.lifecycle import LEVEL_ZH
from services.dispatch.models import Case, CaseTimeline, Notification, NotificationRead, WhistlePart
from shared.contracts import dispatch as c
from shared.db import new_id, utcnow
from shared.errors import Forbidden, NotFound, ValidationFailed
from shared.principal import Principal
from shared.scope import scope_clause

HANDLER_ROLE = {"building": "grid_worker", "grid": "grid_worker", "community": "community_staff",
                "street": "street_staff"}
REPORTER_STEPS = {"accept": c.NOTICE_ACCEPTED, "reject": c.NOTICE_REJECTED,
                  "merge": c.NOTICE_MERGED, "resolve": c.NOTICE_RESOLVED,
                  "verify": c.NOTICE_VERIFIED, "rate": c.NOTICE_RATED}
HANDLER_STEPS = {"report": c.NOTICE_REPORTED, "escalate": c.NOTICE_ESCALATED,
                 "supervise": c.NOTICE_SUPERVISED}
MAX_MARK = 100
RATING_ZH = {"satisfied": "满意", "basically_satisfied": "基本满意", "unsatisfied": "不满意"}


@dataclass(frozen=True)
class Recipient:
    """A person (``subject``) or an audience (``role`` within the case's place, for a department
    also its id and name). ``key`` is unique among one step's recipients."""

    key: str
    subject: str | None = None
    role: str | None = None
    department_id: uuid.UUID | None = None
    department_name: str | None = None


def person(subject: str) -> Recipient:
    return Recipient(key=f"subject:{subject}", subject=subject)


def handlers(level: str | None) -> Recipient:
    role = HANDLER_ROLE[level or "grid"]
    return Recipient(key=f"role:{role}", role=role)


def department(department_id: uuid.UUID, name: str) -> Recipient:
    return Recipient(key=f"department:{department_id}", role="department",
                     department_id=department_id, department_name=name)


def recipients(action: str, *, level: str | None, to_status: str, reporter: str | None,
               actor: str | None, departments: Sequence[tuple[uuid.UUID, str]] = (),
               level_before: str | None = None) -> list[tuple[str, Recipient]]:
    """(kind, recipient) of the notices one timeline step makes; none for the actor themself.
    ``level_before`` is the case's level before the step (an accept hands it to other handlers
    than those the report told when the levels' roles differ)."""
    out: list[tuple[str, Recipient]] = []
    if action == "accept" and handlers(level) != handlers(level_before):
        out.append((c.NOTICE_ASSIGNED, handlers(level)))
    if action in HANDLER_STEPS:
        out.append((HANDLER_STEPS[action], handlers(level)))
    elif action == "whistle":
        out += [(c.NOTICE_WHISTLED, department(d, name)) for d, name in departments]
    elif action == "part_overdue":  # the whistling street's staff: the part is at the street
        out += [(c.NOTICE_WHISTLE_OVERDUE, department(d, name)) for d, name in departments]
        out.append((c.NOTICE_WHISTLE_OVERDUE, handlers("street")))
    elif action in REPORTER_STEPS:
        reopened = action == "rate" and to_status == "accepted"
        kind = c.NOTICE_REOPENED if reopened else REPORTER_STEPS[action]
        if reporter is not None and reporter != actor:
            out.append((kind, person(reporter)))
        if reopened:
            out.append((kind, handlers(level)))
    seen: set[str] = set()
    return [(k, r) for k, r in out if not (r.key in seen or seen.add(r.key))]


# ---- wording: no personal data (no description, address, names or notes) ------------------------
def _when(moment: datetime | None) -> str:
    return deadlines.aware(moment).astimezone(deadlines.CHINA).strftime("%Y-%m-%d %H:%M") if moment else "—"


def wording(kind: str, case: Case, category_zh: str, recipient: Recipient,
            respond_by: datetime | None = None, due_at: datetime | None = None,
            deadline: str | None = None, department_name: str | None = None) -> tuple[str, str, str, str]:
    """(title_zh, title_en, summary_zh, summary_en) of a notice (``deadline``: which one a
    whistle part missed, ``response`` or ``resolve``, and ``department_name`` its department)."""
    level = case.level or "grid"
    level_zh, cat, due = LEVEL_ZH.get(level, level), case.category, _when(case.due_at)
    if kind == c.NOTICE_REPORTED:
        return ("新事件待受理", "New case to accept",
                f"{category_zh}事件已上报至{level_zh}，请及时受理。",
                f"A {cat} case was reported to the {level} level; please accept it.")
    if kind == c.NOTICE_ASSIGNED:
        return (f"事件交由{level_zh}办理", f"Case assigned to the {level} level",
                f"{category_zh}事件已受理，由{level_zh}办理，办理时限{due}。",
                f"A {cat} case was accepted for the {level} level; due {due} (China time).")
    if kind == c.NOTICE_ESCALATED:
        return (f"事件已提级至{level_zh}", f"Case escalated to the {level} level",
                f"{category_zh}事件已提级至{level_zh}办理，办理时限{due}。",
                f"A {cat} case is now handled at the {level} level; due {due} (China time).")
    if kind == c.NOTICE_SUPERVISED:
        return ("事件超期督办", "Overdue case under supervision",
                f"{category_zh}事件已超过办理时限{due}，已被督办，请尽快办理。",
                (f"A {cat} case at the {level} level is past its deadline ({due}, China time) and "
                 "under supervision."))
    if kind == c.NOTICE_WHISTLED:
        name = recipient.department_name or ""
        return ("街道吹哨，请部门报到", "Street whistle: please report",
                f"{name}：{category_zh}事件，请于{_when(respond_by)}前报到、{_when(due_at)}前办结。",
                (f"{name}: a {cat} case; report by {_when(respond_by)} and resolve by "
                 f"{_when(due_at)} (China time)."))
    if kind == c.NOTICE_WHISTLE_OVERDUE:
        name = department_name or recipient.department_name or ""
        if deadline == "response":
            return ("吹哨任务超时未报到", "Whistle part not reported in time",
                    f"{name}：{category_zh}事件的吹哨任务已超过报到时限{_when(respond_by)}，请尽快报到。",
                    (f"{name}: a {cat} case's whistle part is past its report-by time "
                     f"({_when(respond_by)}, China time); please report in."))
        return ("吹哨任务超期未办结", "Whistle part past its deadline",
                f"{name}：{category_zh}事件的吹哨任务已超过办结时限{_when(due_at)}，请尽快办结。",
                (f"{name}: a {cat} case's whistle part is past its due time ({_when(due_at)}, "
                 "China time); please resolve it."))
    if kind == c.NOTICE_REOPENED and recipient.subject is None:
        return ("事件被评议不满意，退回重办", "Case reopened after an unsatisfied rating",
                f"{category_zh}事件评议为不满意，已退回{level_zh}重新办理，办理时限{due}。",
                (f"A {cat} case was rated unsatisfied and is handled again at the {level} level; "
                 f"due {due} (China time)."))
    mine = {
        c.NOTICE_ACCEPTED: ("您上报的事件已受理", "Your case was accepted",
                            f"由{level_zh}办理，办理时限{due}。",
                            f"Handled at the {level} level; due {due} (China time)."),
        c.NOTICE_REJECTED: ("您上报的事件不予受理", "Your case was not accepted",
                            "原因见事件流转记录。", "The reason is on the case's timeline."),
        c.NOTICE_MERGED: ("您上报的事件已合并", "Your case was merged",
                          "已与另一件相同问题的事件合并办理。",
                          "It is handled together with another case about the same problem."),
        c.NOTICE_RESOLVED: ("您上报的事件已办结", "Your case was resolved",
                            "请查看办理结果，核查后可进行评价。",
                            "See the result; once verified you may rate it."),
        c.NOTICE_VERIFIED: ("您上报的事件已核查", "Your case was verified",
                            "请对办理结果进行评价（满意、基本满意、不满意）。",
                            "Please rate the result (satisfied, basically satisfied, unsatisfied)."),
        c.NOTICE_RATED: ("您上报的事件已评议", "Your case was rated",
                         f"评议结果：{RATING_ZH.get(case.rating or '', case.rating or '')}。",
                         f"Rating: {(case.rating or '').replace('_', ' ')}."),
        c.NOTICE_REOPENED: ("您上报的事件已重新办理", "Your case is handled again",
                            f"因评议不满意，已退回{level_zh}重新办理，办理时限{due}。",
                            (f"Rated unsatisfied, it is handled again at the {level} level; due "
                             f"{due} (China time).")),
    }
    return mine[kind]


def category_zh(session: Session, code: str) -> str:
    rule = routing.rules(session).get(code)
    return (rule or {}).get("name") or c.DEFAULT_CATEGORIES.get(code) or code


def notify(session: Session, case: Case, entry: CaseTimeline, parts: Sequence[WhistlePart] = (),
           level_before: str | None = None) -> list[Notification]:
    """Write the notices of one timeline step (call it in the step's transaction)."""
    pairs = recipients(entry.action, level=case.level, to_status=entry.to_status,
                       reporter=case.reporter, actor=entry.actor,
                       departments=[(p.department_id, p.department_name) for p in parts],
                       level_before=level_before)
    if not pairs:
        return []
    name = category_zh(session, case.category)
    by_department = {p.department_id: p for p in parts}
    overdue = (entry.details or {}).get("deadline") if entry.action == "part_overdue" else None
    rows = []
    for kind, recipient in pairs:
        part = by_department.get(recipient.department_id)
        if part is None and overdue and len(parts) == 1:  # the street's staff: of that one part
            part = parts[0]
        title_zh, title_en, summary_zh, summary_en = wording(
            kind, case, name, recipient, part.respond_by if part else None,
            part.due_at if part else None, overdue, part.department_name if part else None)
        rows.append(Notification(
            recipient=recipient.key, subject=recipient.subject, role=recipient.role,
            department_id=recipient.department_id, department_name=recipient.department_name,
            actor=entry.actor, street_id=case.street_id, community_id=case.community_id,
            grid_id=case.grid_id, kind=kind, case_id=case.id, seq=entry.seq, title_zh=title_zh,
            title_en=title_en, summary_zh=summary_zh, summary_en=summary_en,
            created_at=entry.at or utcnow()))
    session.add_all(rows)
    return rows


# ---- the inbox -----------------------------------------------------------------------------------
def _who(principal: Principal | None) -> Principal:
    if principal is None:
        raise Forbidden("notifications belong to a signed-in person", "消息中心需要登录用户")
    return principal


def addressed_to(principal: Principal):
    """Notices for ``principal``: to its subject, or to a role it holds for a case in its data
    scope — a department's notices only to the accounts of that department (token claim
    ``department``; a token naming none gets none of them) — never of its own steps."""
    department = Notification.role != "department"
    if principal.department_id is not None:
        department = sa.or_(department, Notification.department_id == uuid.UUID(principal.department_id))
    audience = sa.and_(Notification.role.in_(principal.roles), department,
                       scope_clause(principal, street=Notification.street_id,
                                    community=Notification.community_id, grid=Notification.grid_id))
    not_mine = sa.or_(Notification.actor.is_(None), Notification.actor != principal.subject)
    return sa.and_(sa.or_(Notification.subject == principal.subject, audience), not_mine)


def _with_read(principal: Principal, *columns):
    read = sa.and_(NotificationRead.notification_id == Notification.id,
                   NotificationRead.reader == principal.subject)
    return (sa.select(*(columns or (Notification, NotificationRead.read_at)))
            .select_from(Notification).outerjoin(NotificationRead, read)
            .where(addressed_to(principal)))


def inbox(session: Session, principal: Principal | None, limit, after: str | None,
          unread_only: bool = False) -> list[tuple[Notification, datetime | None]]:
    """The caller's notices, newest first (cursor ``<created_at>|<id>``)."""
    from services.dispatch import listing  # listing builds on closed_loop, which builds on us

    who = _who(principal)
    query = _with_read(who)
    if unread_only:
        query = query.where(NotificationRead.id.is_(None))
    return [tuple(row) for row in session.execute(
        listing.page(query, Notification.created_at, Notification.id, limit, after))]


def unread_count(session: Session, principal: Principal | None) -> int:
    who = _who(principal)
    return session.scalar(_with_read(who, sa.func.count(Notification.id))
                          .where(NotificationRead.id.is_(None)))


def parse_ids(ids) -> list[uuid.UUID]:
    if not isinstance(ids, list) or not 1 <= len(ids) <= MAX_MARK:
        raise ValidationFailed([{"field": "ids", "message": f"ids: give 1 to {MAX_MARK} notification ids",
                                 "message_zh": f"ids：请提供 1 至 {MAX_MARK} 个通知编号"}])
    out = []
    for value in ids:
        try:
            out.append(uuid.UUID(str(value)))
        except ValueError:
            raise ValidationFailed([{"field": "ids", "message": "ids: not a valid id",
                                     "message_zh": "ids：不是有效的编号"}]) from None
    return list(dict.fromkeys(out))


def mark_read(session: Session, principal: Principal | None, ids) -> list[tuple[Notification, datetime]]:
    """已读: mark the caller's notices read (again is harmless); an id that is not one of the
    caller's notices refuses the whole call (NOT_FOUND, ``ids``), nothing written."""
    who, wanted = _who(principal), parse_ids(ids)
    found = set(session.scalars(sa.select(Notification.id).where(
        Notification.id.in_(wanted), addressed_to(who))))
    missing = [i for i in wanted if i not in found]
    if missing:
        raise NotFound("notification", "通知", missing[0], field="ids")
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    now = utcnow()
    session.execute(insert(NotificationRead).values([
        {"tenant_id": session.info["tenant"], "id": new_id(), "notification_id": i,
         "reader": who.subject, "read_at": now} for i in wanted]).on_conflict_do_nothing(
        index_elements=["tenant_id", "notification_id", "reader"]))
    rows = session.execute(_with_read(who).where(Notification.id.in_(wanted))
                           .order_by(Notification.created_at.desc(), Notification.id.desc()))
    return [tuple(row) for row in rows]


def out(row: Notification, read_at: datetime | None) -> c.NotificationOut:
    return {"id": str(row.id), "kind": row.kind, "case_id": str(row.case_id), "seq": row.seq,
            "audience": "you" if row.subject is not None else row.role,
            "department_id": str(row.department_id) if row.department_id else None,
            "department_name": row.department_name,
            "title_zh": row.title_zh, "title_en": row.title_en,
            "summary_zh": row.summary_zh, "summary_en": row.summary_en,
            "created_at": deadlines.aware(row.created_at).isoformat(),
            "read_at": deadlines.aware(read_at).isoformat() if read_at else None}
