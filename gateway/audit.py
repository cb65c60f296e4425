"""The personal-data audit trail for auditors (审计员): who saw which ID number or phone in clear,
or exported it, when and why — and whether the trail's hash chain still holds. Each service that
keeps personal data keeps its own trail (shared/audit.py); the ``auditor`` role reads them here."""
from __future__ import annotations

from datetime import datetime
from enum import Enum

import strawberry

from gateway.pagination import Connection, check_first
from shared.errors import ValidationFailed


@strawberry.enum(description="Whose personal data a trail covers (审计范围).")
class AuditTrail(Enum):
    RESIDENTS = strawberry.enum_value("grid", description="Residents' registry (居民信息, grid service)")
    PARTY_MEMBERS = strawberry.enum_value("organization",
                                          description="Party members' roster (党员信息, organization service)")


@strawberry.type(description="One access to personal data (个人信息访问记录): append-only, hash-chained.")
class AuditEntry:
    seq: int = strawberry.field(description="Position in the tenant's chain, from 1 (序号).")
    at: datetime = strawberry.field(description="When (访问时间).")
    subject: str = strawberry.field(description="Who: the token's subject (访问人).")
    action: str = strawberry.field(description="`unmask` (shown in clear) or `export` (导出).")
    field: str = strawberry.field(description="Which value: idNumber or phone (grid) / id_number or phone "
                                              "(organization) for a value shown in clear; `sheet:<sheet>` for "
                                              "a page of a sheet export, e.g. sheet:residents (字段).")
    record_id: strawberry.ID | None = strawberry.field(description="Whose record (记录编号); for a sheet page, "
                                                                   "the export's id.")
    reason: str = strawberry.field(description="Why, as the caller stated it (事由).")
    hash: str = strawberry.field(description="This entry's chain hash (哈希).")

    @classmethod
    def from_rpc(cls, row: dict) -> AuditEntry:
        return cls(seq=row["seq"], at=datetime.fromisoformat(row["at"]), subject=row["subject"],
                   action=row["action"], field=row["field"], record_id=row["record_id"],
                   reason=row["reason"], hash=row["hash"])


@strawberry.type(description="Result of walking a trail's hash chain (审计链校验).")
class AuditChainCheck:
    trail: AuditTrail = strawberry.field(description="The trail that was walked (审计范围).")
    entries: int = strawberry.field(description="Entries checked (条数).")
    intact: bool = strawberry.field(description="No entry changed, removed or slipped in (完整).")
    head: str = strawberry.field(description="Hash of the newest entry: note it to anchor later checks.")
    broken_at: int | None = strawberry.field(description="First entry that does not hold (断点序号).")
    reason: str | None = strawberry.field(description="What is wrong there (原因).")


def _cursor(after: str | None) -> int | None:
    if after is None:
        return None
    if not after.isdigit() or not 0 < len(after) <= 18:
        raise ValidationFailed([{"field": "after", "message": "after: not a cursor of this list",
                                 "message_zh": "after：不是本列表的游标"}])
    return int(after)


@strawberry.type
class AuditQuery:
    @strawberry.field(description="A trail of personal-data access, newest first (个人信息访问审计日志); "
                                  "auditor role only. `first` ≤ 100.")
    async def audit_log(self, info: strawberry.Info, trail: AuditTrail, first: int,
                        after: str | None = None, subject: str | None = None) -> Connection[AuditEntry]:
        check_first(first)
        rows = await info.context.call(trail.value, "audit_log", limit=first + 1,
                                       before_seq=_cursor(after), subject=subject)
        return Connection.of(rows, first, AuditEntry.from_rpc, cursor=lambda r: str(r["seq"]))

    @strawberry.field(description="Walk a trail's hash chain for your county (审计链校验); auditor role.")
    async def audit_chain(self, info: strawberry.Info, trail: AuditTrail) -> AuditChainCheck:
        found = await info.context.call(trail.value, "verify_audit_chain")
        return AuditChainCheck(trail=trail, entries=found["entries"], intact=found["intact"],
                               head=found["head"], broken_at=found["broken_at"], reason=found["reason"])
