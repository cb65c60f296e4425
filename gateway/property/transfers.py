"""The published evaluation ranking as a sheet (物业服务企业考评结果) over
/exports/property-evaluation.xlsx?year=2025[&list=red|black][&communityId=…]."""
from __future__ import annotations

from gateway.transfer.specs import ExportSpec
from shared.spreadsheets import Column

RANKING_COLUMNS = (
    Column("名次", "rank", kind="int"), Column("企业名称", "company_name"),
    Column("统一社会信用代码", "credit_code", kind="code"),
    Column("物业主管部门", "authority", kind="decimal"), Column("社区党组织", "party_org", kind="decimal"),
    Column("业主代表", "owners", kind="decimal"), Column("三方综合得分", "composite", kind="decimal"),
    Column("月度抽查得分率", "inspection_average", kind="decimal"), Column("满意率", "satisfaction_rate", kind="decimal"),
    Column("物业类投诉", "complaints", kind="int"), Column("投诉扣分", "complaint_deduction", kind="decimal"),
    Column("年度总分", "total", kind="decimal"),
    Column("红黑榜", "list_name"),
)

EXPORTS = [ExportSpec(
    name="property-evaluation", title="物业服务企业考评结果",
    description="A published year's evaluation ranking with each party's score, the figures and the yearly "
                "total. Filters: year (required), list (red/black), communityId (companies managing a compound there).",
    columns=RANKING_COLUMNS, service="property", method="export_ranking",
    filters={"year": "int", "list": "text", "communityId": "id"})]
