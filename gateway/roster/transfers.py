"""Roster sheet (七级组织体系名册) over /exports/posts.xlsx."""
from __future__ import annotations

from gateway.transfer.specs import ExportSpec
from shared.spreadsheets import Column

POST_COLUMNS = (
    Column("岗位编号", "post_id", kind="code"), Column("层级", "level"), Column("姓名", "holder_name"),
    Column("社区", "community_name"), Column("网格", "grid_name"), Column("网格编号", "grid_id", kind="code"),
    Column("楼栋", "building_name"), Column("单元", "unit"), Column("楼层", "floor"),
)

EXPORTS = [ExportSpec(
    name="posts", title="七级组织体系名册",
    description="Roster posts in your scope, one row per post, with the level in Chinese. "
                "Filters: gridId, communityId, level (e.g. grid_worker).",
    columns=POST_COLUMNS, service="grid", method="export_posts",
    roles=frozenset({"county_admin", "command_center", "street_staff", "community_staff", "grid_worker",
                     "dashboard"}),
    filters={"gridId": "id", "communityId": "id", "level": "text"})]
