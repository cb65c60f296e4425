"""GraphQL of the notification inbox (消息中心): each person's notices about the cases that
concern them — the grid's workers of a new case, the new level of an escalation, each summoned
department of a whistle, the reporter of every step of their case — and marking them read."""
from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from gateway.cases.lists import time_cursor
from gateway.errors import OperationError, mutate
from gateway.pagination import Connection, check_first
from shared.contracts.dispatch import NotificationOut


def _time(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


@strawberry.type(description="A notice in your inbox (消息中心的通知) about a step of a case. Carries no "
                             "personal data: open the case for the details.")
class Notification:
    id: strawberry.ID = strawberry.field(description="The notice's id (通知编号); pass it to "
                                                     "markNotificationsRead.")
    kind: str = strawberry.field(description=(
        "What happened (通知类型): case.reported (新事件待受理, to the grid's workers or the "
        "level the case starts at), case.escalated (提级, to the new level), case.supervised "
        "(超期督办, to the handling level), case.whistled (街道吹哨, to each summoned department), "
        "case.accepted / case.rejected / case.merged / case.resolved / case.verified / case.rated "
        "(to the reporter), case.reopened (重新办理, to the reporter and the handling level), "
        "whistle.overdue (吹哨任务超时未报到或超期未办结, to the part's department and the street's "
        "staff)."))
    case_id: strawberry.ID = strawberry.field(description="The case concerned (事件编号).")
    seq: int = strawberry.field(description="The case's timeline step that caused it (流转记录序号).")
    audience: str = strawberry.field(description=(
        "Why you got it (接收对象): \"you\" (addressed to you, the reporter), or the role addressed "
        "within its place — grid_worker, community_staff, street_staff, department."))
    department_id: strawberry.ID | None = strawberry.field(description=(
        "The summoned department a case.whistled notice is for (被吹哨部门); null otherwise."))
    department_name: str | None = strawberry.field(description="That department's name (部门名称).")
    title_zh: str = strawberry.field(description="The title in Chinese (通知标题).")
    title_en: str = strawberry.field(description="The title in English.")
    summary_zh: str = strawberry.field(description="One sentence in Chinese (通知摘要).")
    summary_en: str = strawberry.field(description="One sentence in English.")
    created_at: datetime = strawberry.field(description="When the step happened (通知时间).")
    read_at: datetime | None = strawberry.field(description=(
        "When you marked it read (已读时间); null while unread. Reading is per person: another "
        "grid worker of the grid still sees it unread."))

    @strawberry.field(description="The title in the request's language (Accept-Language) (通知标题).")
    def title(self, info: strawberry.Info) -> str:
        return self.title_en if info.context.language == "en" else self.title_zh

    @strawberry.field(description="The summary in the request's language (Accept-Language) (通知摘要).")
    def summary(self, info: strawberry.Info) -> str:
        return self.summary_en if info.context.language == "en" else self.summary_zh

    @classmethod
    def from_rpc(cls, data: NotificationOut) -> Notification:
        return cls(id=strawberry.ID(data["id"]), kind=data["kind"],
                   case_id=strawberry.ID(data["case_id"]), seq=data["seq"], audience=data["audience"],
                   department_id=strawberry.ID(data["department_id"]) if data["department_id"] else None,
                   department_name=data["department_name"], title_zh=data["title_zh"],
                   title_en=data["title_en"], summary_zh=data["summary_zh"],
                   summary_en=data["summary_en"], created_at=_time(data["created_at"]),
                   read_at=_time(data["read_at"]))


@strawberry.type(description="Notices marked read (通知已读) and how many of yours remain unread.")
class NotificationsRead:
    notifications: list[Notification] = strawberry.field(description="The notices marked, newest first "
                                                                     "(已读通知).")
    unread: int = strawberry.field(description="Your notices still unread (未读通知数).")

    @classmethod
    def from_rpc(cls, data: dict) -> NotificationsRead:
        return cls(notifications=[Notification.from_rpc(n) for n in data["notifications"]],
                   unread=data["unread"])


MarkNotificationsReadResult = Annotated[NotificationsRead | OperationError,
                                        strawberry.union("MarkNotificationsReadResult")]


@strawberry.type
class InboxQuery:
    @strawberry.field(description=(
        "Your notices (我的消息 / 消息中心), newest first: addressed to you, or to a role you hold "
        "for a case in your data scope; never of your own steps. `first` ≤ 100; `unreadOnly` "
        "leaves out those you marked read (未读)."))
    async def my_notifications(self, info: strawberry.Info, first: int, after: str | None = None,
                               unread_only: bool | None = False) -> Connection[Notification]:
        check_first(first)
        rows = await info.context.call("dispatch", "my_notifications", limit=first + 1, after=after,
                                       unread_only=bool(unread_only))
        return Connection.of(rows, first, Notification.from_rpc, cursor=time_cursor("created_at"))


@strawberry.type
class InboxMutation:
    @strawberry.mutation(description=(
        "Mark your notices read (标记通知已读); 1–100 ids, marking one again is harmless. An id "
        "that is not one of your notices refuses the call (NOT_FOUND, field ids), nothing marked."))
    async def mark_notifications_read(self, info: strawberry.Info,
                                      ids: list[strawberry.ID]) -> MarkNotificationsReadResult:
        return await mutate(info, "dispatch", "mark_notifications_read", [str(i) for i in ids],
                            build=NotificationsRead.from_rpc)
