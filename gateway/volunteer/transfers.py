"""Volunteer sheets (志愿者台账、积分明细) over /exports/volunteers.xlsx and /exports/points-ledger.xlsx."""
from __future__ import annotations

from gateway.transfer.specs import ExportSpec
from shared.spreadsheets import Column

STAFF = frozenset({"county_admin", "command_center", "street_staff", "community_staff", "grid_worker", "dashboard"})

VOLUNTEER_COLUMNS = (
    Column("志愿者编号", "volunteer_id", kind="code"), Column("姓名", "name"), Column("类别", "kind"),
    Column("党员编号", "member_id"), Column("社区编号", "community_id", kind="code"),
    Column("网格编号", "grid_id", kind="code"), Column("志愿时长(小时)", "hours", kind="decimal"),
    Column("累计获得积分", "earned", kind="int"), Column("积分余额", "balance", kind="int"),
)
LEDGER_COLUMNS = (
    Column("日期", "occurred_on"), Column("志愿者编号", "volunteer_id", kind="code"), Column("姓名", "name"),
    Column("来源", "source_type"), Column("来源编号", "source_id"), Column("积分", "amount", kind="int"),
    Column("原因", "reason"), Column("交易编号", "transaction_id", kind="code"),
)

EXPORTS = [
    ExportSpec(name="volunteers", title="志愿者台账",
               description="Volunteers in your scope with confirmed hours, points earned and balance. "
                           "Filters: communityId, gridId, streetId, teamId, kind (resident / party_member).",
               columns=VOLUNTEER_COLUMNS, service="volunteer", method="export_volunteers", roles=STAFF,
               filters={"communityId": "id", "gridId": "id", "streetId": "id", "teamId": "id", "kind": "text"}),
    ExportSpec(name="points-ledger", title="积分明细",
               description="Points ledger entries of volunteers in your scope. Filters: volunteerId, "
                           "sourceType (activity, case, wish, order, duty, redemption, adjustment, reversal), "
                           "since, until (dates).",
               columns=LEDGER_COLUMNS, service="volunteer", method="export_ledger", roles=STAFF,
               filters={"volunteerId": "id", "sourceType": "text", "since": "date", "until": "date"}),
]
