"""Roster sheet (七级组织体系名册): export over /exports/posts.xlsx, import over /imports/posts.

The import's columns are the export's, so an exported roster imports back unchanged: 岗位编号
updates that post, the place names (社区, 小区, 网格, 楼栋) are accepted and ignored, and a phone
left masked keeps the stored one. The import is all or nothing: the whole sheet is checked in one
call and nothing is written if any row is refused."""
from __future__ import annotations

from gateway.transfer.specs import ExportSpec, ImportSpec
from shared.spreadsheets import Column

APPOINTERS = frozenset({"county_admin", "street_staff", "community_staff"})
READERS = APPOINTERS | {"command_center", "grid_worker", "dashboard"}

POST_COLUMNS = (
    Column("岗位编号", "post_id", kind="code", alias="Post id"),
    Column("层级", "level", required=True, alias="Level", max_length=32),  # 网格员 / grid_worker …
    Column("姓名", "holder_name", required=True, alias="Name", max_length=32),
    Column("手机号", "phone", alias="Phone", max_length=20),  # text: a masked phone (138****5678) keeps the stored one
    Column("居民编号", "resident_id", kind="code", alias="Resident id"),
    Column("社区", "community_name", alias="Community", max_length=64),
    Column("社区编号", "community_id", kind="code", alias="Community id"),
    Column("小区", "compound_name", alias="Compound", max_length=64),
    Column("小区编号", "compound_id", kind="code", alias="Compound id"),
    Column("网格", "grid_name", alias="Grid", max_length=64),
    Column("网格编号", "grid_id", kind="code", alias="Grid id"),
    Column("楼栋", "building_name", alias="Building", max_length=64),
    Column("楼栋编号", "building_id", kind="code", alias="Building id"),
    Column("单元", "unit", alias="Unit", max_length=16),
    Column("楼层", "floor", alias="Floor", max_length=16),
)

EXPORTS = [ExportSpec(
    name="posts", title="七级组织体系名册",
    description="Roster posts in your scope, one row per post, with the level in Chinese, the place ids the "
                "import reads back and the holder's phone masked. Filters: gridId, communityId, level "
                "(e.g. grid_worker).",
    columns=POST_COLUMNS, service="grid", method="export_posts", roles=READERS,
    filters={"gridId": "id", "communityId": "id", "level": "text"})]

IMPORTS = [ImportSpec(
    name="posts", title="七级组织体系名册",
    description="Appoint or update roster posts (任命/更新岗位): 岗位编号 updates that post, otherwise the same "
                "level, holder and places update the post they name or appoint a new one. Each level needs its "
                "places (社区编号 / 小区编号 / 网格编号, 楼栋编号, 单元, 楼层). All or nothing: if any row is "
                "refused (row, column, reason) nothing is written.",
    columns=POST_COLUMNS, service="grid", method="import_roster", roles=APPOINTERS, atomic=True,
    max_rows=20_000, timeout=120)]
