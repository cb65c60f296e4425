"""Residents and households sheets (居民台账、户台账): import and export over /imports and /exports.

The import's columns are the export's, so an unmasked export imports back unchanged (the columns
the service derives — 居民编号, 性别, 出生日期… — are accepted and ignored)."""
from __future__ import annotations

from gateway.transfer.specs import ExportSpec, ImportSpec
from shared.spreadsheets import Column

WRITERS = frozenset({"county_admin", "street_staff", "community_staff", "grid_worker"})
READERS = WRITERS | {"command_center"}

PERSON = (
    Column("姓名", "name", required=True, alias="Name", max_length=32),
    Column("身份证号", "id_number", kind="id_number", required=True, alias="ID number"),
    Column("手机号", "phone", kind="phone", alias="Phone"),
    Column("人口类型", "residency", alias="Residency", max_length=16),  # 户籍人口 / 流动人口
    Column("特殊人群", "special_groups", alias="Special groups", max_length=100),  # 独居老人、残疾人…
)
HOME = (
    Column("楼栋编号", "building_id", kind="code", required=True, alias="Building id"),
    Column("单元", "unit", required=True, alias="Unit", max_length=16),
    Column("楼层", "floor", kind="int", required=True, alias="Floor"),
    Column("房号", "room", required=True, alias="Room", max_length=16),
    Column("网格编号", "grid_id", kind="code", alias="Grid id"),
    Column("房屋类型", "household_kind", alias="Household kind", max_length=16),  # 自住 / 出租房 / 商铺
)
DERIVED = (  # filled by the service on export; ignored on import
    Column("居民编号", "resident_id", kind="code", alias="Resident id"),
    Column("性别", "gender", alias="Gender", max_length=8),
    Column("出生日期", "birth_date", kind="date", alias="Birth date"),
    Column("待核实", "needs_review", kind="bool", alias="Needs review"),
    Column("逾期未更新", "stale", kind="bool", alias="Stale"),
    Column("更新时间", "updated_at", alias="Updated at", max_length=40),
    Column("户编号", "household_id", kind="code", alias="Household id"),
    Column("网格名称", "grid_name", alias="Grid name", max_length=64),
    Column("社区名称", "community_name", alias="Community name", max_length=64),
)
RESIDENT_COLUMNS = (DERIVED[0], *PERSON, *DERIVED[1:6], *HOME, *DERIVED[6:])

HOUSEHOLD_COLUMNS = (
    Column("户编号", "household_id", kind="code"), Column("社区名称", "community_name"),
    Column("小区名称", "compound_name"), Column("楼栋名称", "building_name"),
    Column("楼栋编号", "building_id", kind="code"), Column("单元", "unit"), Column("楼层", "floor", kind="int"),
    Column("房号", "room"), Column("房屋类型", "household_kind"), Column("网格编号", "grid_id", kind="code"),
    Column("网格名称", "grid_name"), Column("居民人数", "residents", kind="int"),
)

IMPORTS = [ImportSpec(
    name="residents", title="居民台账",
    description="Residents by household (居民台账): a known ID number updates its resident, a new one registers "
                "them; a household not registered yet needs 网格编号. Bad rows are refused with row, column and "
                "reason; the others of each batch are written together.",
    columns=RESIDENT_COLUMNS, service="grid", method="import_residents", roles=WRITERS, batch_size=500)]

EXPORTS = [
    ExportSpec(
        name="residents", title="居民台账",
        description="Residents in your scope, ID numbers and phones masked unless unmasked=true (county admins "
                    "and community staff; every value audited). Filters: gridId, communityId, streetId, "
                    "staleOnly, needsReview, residency (permanent/floating), specialGroup (e.g. elderly_alone).",
        columns=RESIDENT_COLUMNS, service="grid", method="export_residents", roles=READERS,
        filters={"gridId": "id", "communityId": "id", "streetId": "id", "staleOnly": "bool",
                 "needsReview": "bool", "residency": "text", "specialGroup": "text"}),
    ExportSpec(
        name="households", title="户台账",
        description="Households in your scope with their building, grid and number of residents; its ids fill "
                    "楼栋编号 and 网格编号 of the residents sheet. Filters: gridId, communityId, buildingId, kind.",
        columns=HOUSEHOLD_COLUMNS, service="grid", method="export_households", roles=READERS,
        filters={"gridId": "id", "communityId": "id", "buildingId": "id", "kind": "text"}),
]
