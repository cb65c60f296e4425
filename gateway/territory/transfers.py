"""Grids sheet (网格台账) over /exports/grids.xlsx."""
from __future__ import annotations

from gateway.transfer.specs import ExportSpec
from shared.spreadsheets import Column

GRID_COLUMNS = (
    Column("网格编号", "grid_id", kind="code"), Column("网格名称", "name"), Column("网格类型", "kind"),
    Column("街道", "street_name"), Column("社区", "community_name"), Column("小区编号", "compound_id", kind="code"),
    Column("户数", "household_count", kind="int"), Column("规模提示", "size_flag"),
    Column("未结事件", "open_case_count", kind="int"),
)

EXPORTS = [ExportSpec(
    name="grids", title="网格台账",
    description="Live grids in your scope with households, the 300–500 size flag and open cases. "
                "Filters: streetId, communityId, kind (community/specialized).",
    columns=GRID_COLUMNS, service="grid", method="export_grids",
    roles=frozenset({"county_admin", "command_center", "street_staff", "community_staff", "grid_worker",
                     "dashboard"}),
    filters={"streetId": "id", "communityId": "id", "kind": "text"})]
