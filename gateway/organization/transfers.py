"""Party organization sheets (党组织台账、党员名册) over /exports/party-orgs.xlsx,
/exports/party-members.xlsx, /imports/party-orgs and /imports/party-members."""
from __future__ import annotations

from gateway.transfer.specs import ExportSpec, ImportSpec
from shared.spreadsheets import Column

READERS = frozenset({"county_admin", "command_center", "street_staff", "community_staff", "grid_worker",
                     "dashboard"})

ORG_COLUMNS = (
    Column("党组织编号", "org_id", kind="code", alias="org id"),
    Column("党组织名称", "name", required=True, alias="name"), Column("类型", "type", required=True, alias="type"),
    Column("层级", "level", alias="level"), Column("上级党组织", "parent_name", alias="parent"),
    Column("上级党组织编号", "parent_id", kind="code", alias="parent id"), Column("状态", "status", alias="status"),
    Column("街道编号", "street_id", kind="code", alias="street id"),
    Column("社区编号", "community_id", kind="code", alias="community id"),
    Column("网格编号", "grid_id", kind="code", alias="grid id"),
)  # exported and imported alike, so an exported roster imports again
MEMBER_COLUMNS = (
    Column("党员编号", "member_id", kind="code"), Column("姓名", "name"), Column("所在党组织", "org_name"),
    Column("身份证号", "id_number", kind="id_number"), Column("手机号", "phone", kind="phone"),
    Column("入党日期", "join_date", kind="date"), Column("党员类别", "status"), Column("工作单位", "employer_unit"),
    Column("在职", "in_service", kind="bool"),
)
IMPORT_COLUMNS = (
    Column("姓名", "name", required=True, alias="name"),
    Column("身份证号", "id_number", kind="id_number", required=True, alias="ID number"),
    Column("所在党组织", "org_name", alias="org"), Column("党组织编号", "org_id", kind="code", alias="org id"),
    Column("手机号", "phone", kind="phone", alias="phone"),
    Column("入党日期", "join_date", kind="date", required=True, alias="join date"),
    Column("党员类别", "status", alias="status"), Column("工作单位", "employer_unit", alias="employer"),
    Column("在职", "in_service", kind="bool", alias="in service"),
)

EXPORTS = [
    ExportSpec(name="party-orgs", title="党组织台账",
               description="Party orgs in your scope with type, level and parent. Filters: type, "
                           "includeDissolved.",
               columns=ORG_COLUMNS, service="organization", method="export_orgs", roles=READERS,
               filters={"type": "text", "includeDissolved": "bool"}),
    ExportSpec(name="party-members", title="党员名册",
               description="Party members in your scope; ID numbers and phones masked unless a county admin "
                           "asks unmasked=true with a reason (each shown value audited). Filters: orgId "
                           "(with its sub-orgs), status (full / probationary).",
               columns=MEMBER_COLUMNS, service="organization", method="export_members", roles=READERS,
               filters={"orgId": "id", "status": "text"}),
]
IMPORTS = [
    ImportSpec(name="party-orgs", title="党组织台账",
               description="Add party orgs to the tree, all rows or none: the export's columns (an exported "
                           "roster imports again). Parent by 上级党组织编号 (a row of the sheet or an org) or "
                           "上级党组织 (name); the tree's type, level, depth and sibling-name rules; an org "
                           "already under the same parent with the same name and type is left as it is.",
               columns=ORG_COLUMNS, service="organization", method="import_orgs",
               roles=frozenset({"county_admin"}), max_rows=5000, atomic=True, timeout=120),
    ImportSpec(name="party-members", title="党员名册",
               description="Add or update party members (by ID number): GB 11643 ID check, the org must exist "
                           "(by name or id), join date not in the future; a per-row report.",
               columns=IMPORT_COLUMNS, service="organization", method="import_members",
               roles=frozenset({"county_admin"}), batch_size=500),
]
