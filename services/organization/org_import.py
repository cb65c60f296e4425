"""The org roster import (党组织台账导入): a sheet of party orgs added to the tree all at once, or not at all.

The columns are the export's (:func:`services.organization.sheets.orgs_page`), so an exported sheet
imports again: into the same county (every row is then already there and nothing changes) or into
another county (the tree is rebuilt there with new ids, once the place columns are emptied: the
other county's streets, communities and grids are refused there).

* **党组织编号** is the row's key in the sheet. When it is the id of an org of this county, the row is
  that org and must agree with it (name, type, parent): an import adds orgs, it never renames or
  moves one (``CONFLICT``). Otherwise the key only lets other rows name this row as their parent
  (上级党组织编号); any letters and digits do, and the new org gets a fresh id.
* **The parent**: by 上级党组织编号 (a row of the sheet, else an active org of this county), else by
  上级党组织 (the one row of the sheet with that name, else the one active org with it; a name shared
  by several asks for the id: ``CONFLICT``), else none (a root). Rows may come in any order: parents
  are settled before their children, and rows whose parents go round in a circle are ``CYCLE``.
* **The tree's rules** (:mod:`tree`, :mod:`org_types`) are checked for each new org against its parent
  as it will be: the type may sit under the parent's type (``TYPE_NOT_ALLOWED``), the level fits the
  type, the depth, and a name unique among the parent's active children.
* **Existing orgs are skipped**: a row whose parent already has an active child of the same name and
  type is that org, left as it is (counted as accepted, and as ``unchanged`` in the service's
  answer); the same name with another type is a duplicate sibling name (``CONFLICT``). So importing
  the same sheet twice changes nothing the second time, and a sheet may repeat the orgs above the
  ones it adds.
* **Places** (街道编号, 社区编号, 网格编号) must be this county's: the service looks every id of the
  sheet up with the grid service in one batch (:func:`place_ids`, :mod:`place_refs`) and an unknown
  one refuses its row (``NOT_FOUND`` on that column); a community that lies in another street than
  the row's 街道编号 is ``CONFLICT`` on 社区编号.
* **Nothing half-imported**: every row is checked before anything is written; one refused row and
  nothing is written (``accepted`` 0). The writes are :func:`tree.create_org` per row (history and
  ``org.created`` event included) in the caller's single transaction.
"""
from __future__ import annotations

import time
import uuid
from collections import defaultdict, deque
from dataclasses import dataclass
from types import SimpleNamespace

import sqlalchemy as sa
from pydantic import ValidationError
from sqlalchemy.orm import Session

from services.organization.models import Org
from services.organization.org_types import TYPE_ZH, level_of
from services.organization.tree import (
    MAX_DEPTH,
    TypeNotAllowed,
    _check_type,
    create_org,
    visible,
)
from shared.contracts.organization import OrgIn
from shared.contracts.validation import field_errors
from shared.errors import CivicError
from shared.principal import Principal

MAX_ROWS = 5000
BUDGET_SECONDS = 100.0  # under the gateway's 120 s for this import: past it, roll back rather than commit late
LEVEL_ZH = {"committee": "党委", "working_committee": "党工委", "general_branch": "党总支", "branch": "党支部",
            "group": "党小组"}
TYPE_FROM = {**{zh: code for code, zh in TYPE_ZH.items()}, **{code: code for code in TYPE_ZH}}
LEVEL_FROM = {**{zh: code for code, zh in LEVEL_ZH.items()}, **{code: code for code in LEVEL_ZH}}
ACTIVE, DISSOLVED = {"正常", "active"}, {"已撤销", "dissolved"}
HEADERS = {"org_id": "党组织编号", "name": "党组织名称", "type": "类型", "level": "层级", "parent_name": "上级党组织",
           "parent_id": "上级党组织编号", "status": "状态", "street_id": "街道编号", "community_id": "社区编号",
           "grid_id": "网格编号"}
ROOT = "root"


@dataclass(eq=False)
class _Row:
    number: int
    key: str | None
    name: str
    parent_key: str | None
    parent_name: str | None
    data: OrgIn | None = None  # the contract-checked row (parent_id filled in when written)
    parent: object = None  # _Row | Org | ROOT, once found
    existing: Org | None = None  # the org this row is, when it is already there (or once created)
    refused: bool = False
    depth: int = 0
    parent_field: str = "parent_name"  # the column the parent was found by


def _text(value) -> str | None:
    text = str(value).strip() if value is not None else ""
    return text or None


def _uuid(text: str | None) -> uuid.UUID | None:
    try:
        return uuid.UUID(text) if text else None
    except ValueError:
        return None


class _Report:
    def __init__(self) -> None:
        self.errors: list[dict] = []

    def refuse(self, row: _Row, field: str, code: str, message: str, message_zh: str) -> None:
        header = HEADERS.get(field, field)
        self.errors.append({"row": row.number, "field": field, "code": code, "message": f"{header}: {message}",
                            "message_zh": f"{header}：{message_zh}"})
        row.refused = True


PLACES = {"street_id": ("street", "街道"), "community_id": ("community", "社区"), "grid_id": ("grid", "网格")}


def place_ids(rows: list[dict]) -> dict[str, set[uuid.UUID]]:
    """Every well-formed place id of the sheet, per column: what to look up before :func:`import_orgs`."""
    return {column: {i for i in (_uuid(_text(raw.get(column))) for raw in rows if isinstance(raw, dict))
                     if i is not None} for column in PLACES}


def import_orgs(session: Session, principal: Principal | None, record, actor: str | None, rows: list[dict], *,
                dry_run: bool, known_places: dict[str, dict[uuid.UUID, dict]] | None = None) -> dict:
    """Check every row, then write every new org or none; see the module docstring. ``known_places``
    (per column, the places the grid service knows among :func:`place_ids`) refuses rows naming
    others; ``None`` leaves the places unchecked."""
    started = time.monotonic()
    report = _Report()
    items = [_parse(raw, report, known_places) for raw in rows]
    every = {org.id: org for org in session.scalars(sa.select(Org))}  # a county's orgs: a few thousand
    shown = set(session.scalars(sa.select(Org.id).where(visible(principal))))
    active = [o for o in every.values() if o.status == "active"]
    children = {(o.parent_id, o.name): o for o in active}
    by_name: dict[str, list[Org]] = defaultdict(list)
    for org in active:
        if org.id in shown:
            by_name[org.name].append(org)
    by_key: dict[str, _Row] = {}
    sheet_names: dict[str, list[_Row]] = defaultdict(list)
    for row in items:
        sheet_names[row.name].append(row)
        if row.key is None:
            continue
        if row.key in by_key:
            report.refuse(row, "org_id", "DUPLICATE_IN_BATCH", f"also on row {by_key[row.key].number}",
                          f"与第 {by_key[row.key].number} 行重复")
        else:
            by_key[row.key] = row

    def existing(text: str | None) -> Org | None:
        ident = _uuid(text)
        return every.get(ident) if ident is not None else None

    for row in items:
        if not row.refused:
            row.parent = _find_parent(row, by_key, sheet_names, by_name, shown, existing, report)

    # parents before children (Kahn): a row waits for its parent row, if the parent is a row
    waiting: dict[int, list[_Row]] = defaultdict(list)
    queue: deque[_Row] = deque()
    for row in items:
        if isinstance(row.parent, _Row):
            waiting[id(row.parent)].append(row)
        else:
            queue.append(row)
    order: list[_Row] = []
    claimed: dict[tuple, int] = {}
    while queue:
        row = queue.popleft()
        order.append(row)
        _settle(row, existing(row.key), shown, children, claimed, report)
        queue.extend(waiting.pop(id(row), []))
    settled = {id(row) for row in order}
    for row in items:
        if id(row) not in settled:  # never reached: its parents go round in a circle
            report.refuse(row, row.parent_field, "CYCLE", "the parents of these rows go round in a circle",
                          "这些行的上级党组织构成循环")

    unchanged = sum(1 for row in items if row.existing is not None)
    if report.errors:
        return {"accepted": 0, "unchanged": 0, "errors": sorted(report.errors, key=lambda e: e["row"] or 0)}
    if dry_run:
        return {"accepted": len(items), "unchanged": unchanged, "errors": []}
    for row in order:
        if row.existing is not None:
            continue
        if time.monotonic() - started > BUDGET_SECONDS:
            raise CivicError("the import took too long and was rolled back; split the sheet by subtree",
                             "导入耗时过长，已全部撤回；请按下级组织拆分表格后分批导入", field="file", code="TOO_LARGE")
        parent = row.parent
        parent_org = parent.existing if isinstance(parent, _Row) else parent if isinstance(parent, Org) else None
        try:
            row.existing = create_org(session, record, row.data.model_copy(
                update={"parent_id": parent_org.id if parent_org else None}), actor)
        except CivicError as exc:  # another writer got there between the check and the write
            report.refuse(row, {"parentId": "parent_name"}.get(exc.field, exc.field or "name"), exc.code,
                          exc.message, exc.message_zh)
            raise Refused(report.errors) from exc
    session.flush()
    return {"accepted": len(items), "unchanged": unchanged, "errors": []}


class Refused(Exception):
    """A row refused while writing: the caller rolls the whole import back and reports it."""

    def __init__(self, errors: list[dict]):
        super().__init__("row refused while writing")
        self.errors = errors


def _parse(raw: dict, report: _Report, known_places: dict[str, dict[uuid.UUID, dict]] | None = None) -> _Row:
    row = _Row(number=raw.get("row"), key=_text(raw.get("org_id")), name=_text(raw.get("name")) or "",
               parent_key=_text(raw.get("parent_id")), parent_name=_text(raw.get("parent_name")))
    type_text, level_text, status = _text(raw.get("type")), _text(raw.get("level")), _text(raw.get("status"))
    org_type = TYPE_FROM.get(type_text or "")
    if org_type is None:
        report.refuse(row, "type", "VALIDATION_FAILED", f"unknown type {type_text!r}; one of {', '.join(TYPE_ZH.values())}",
                      f"无法识别“{type_text or ''}”，应为：{'、'.join(TYPE_ZH.values())}")
    level = LEVEL_FROM.get(level_text) if level_text else None
    if level_text and level is None:
        report.refuse(row, "level", "VALIDATION_FAILED", f"unknown level {level_text!r}; one of "
                      f"{', '.join(LEVEL_ZH.values())}", f"无法识别“{level_text}”，应为：{'、'.join(LEVEL_ZH.values())}")
    if status in DISSOLVED:
        report.refuse(row, "status", "VALIDATION_FAILED", "a dissolved org (已撤销) is not imported; remove the row",
                      "已撤销的党组织不导入，请删除该行")
    elif status is not None and status not in ACTIVE:
        report.refuse(row, "status", "VALIDATION_FAILED", "正常, or leave it empty", "应为“正常”或留空")
    places = {}
    for place in ("street_id", "community_id", "grid_id"):
        text = _text(raw.get(place))
        places[place] = _uuid(text)
        if text and places[place] is None:
            report.refuse(row, place, "VALIDATION_FAILED", "not a valid id", "不是有效的编号")
    if known_places is not None:
        _check_places(row, places, known_places, report)
    if row.refused:
        return row
    try:
        row.data = OrgIn.model_validate({"name": row.name, "type": org_type, "level": level, **places})
    except ValidationError as exc:
        for error in field_errors(exc):
            report.refuse(row, error["field"], "VALIDATION_FAILED", error["message"].split(": ", 1)[-1],
                          error["message_zh"].split("：", 1)[-1])
    return row


def _check_places(row: _Row, places: dict, known: dict[str, dict[uuid.UUID, dict]], report: _Report) -> None:
    """The row's places are this county's (as the grid service said), its community in its street."""
    for column, (entity, entity_zh) in PLACES.items():
        ident = places[column]
        if ident is not None and ident not in known.get(column, {}):
            report.refuse(row, column, "NOT_FOUND", f"no {entity} of this county has this id",
                          f"本县没有该{entity_zh}编号")
    community = known.get("community_id", {}).get(places["community_id"]) if places["community_id"] else None
    street = places["street_id"]
    if community is not None and street is not None and street in known.get("street_id", {}) \
            and community["street_id"] != str(street):
        report.refuse(row, "community_id", "CONFLICT", "the community lies in another street than 街道编号",
                      "该社区不属于所填街道")


def _find_parent(row: _Row, by_key, sheet_names, by_name, shown, existing, report: _Report):
    """The row's parent: a row of the sheet, an org of this county, ROOT, or None (refused)."""
    if row.parent_key:
        row.parent_field = "parent_id"
        if row.parent_key in by_key:
            return by_key[row.parent_key]
        org = existing(row.parent_key)
        if org is not None and org.id in shown:
            if org.status != "active":
                report.refuse(row, "parent_id", "CONFLICT", f"{org.name!r} is dissolved", f"“{org.name}”已撤销")
                return None
            return org
        if not row.parent_name:
            report.refuse(row, "parent_id", "NOT_FOUND", "unknown parent: no row of this sheet and no org in "
                          "your scope has this id", "上级党组织不存在：本表和您管辖范围内都没有该编号")
            return None
    if row.parent_name:
        row.parent_field = "parent_name"
        in_sheet = sheet_names.get(row.parent_name, [])
        if len(in_sheet) == 1:
            return in_sheet[0]
        if len(in_sheet) > 1:
            report.refuse(row, "parent_name", "CONFLICT", "several rows of this sheet have this name; give "
                          "上级党组织编号", "本表有多行同名，请填写上级党组织编号")
            return None
        found = by_name.get(row.parent_name, [])
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            report.refuse(row, "parent_name", "CONFLICT", "several active orgs have this name; give 上级党组织编号",
                          "有多个同名党组织，请填写上级党组织编号")
        else:
            report.refuse(row, "parent_name", "NOT_FOUND", "unknown parent: no row of this sheet and no active org "
                          "in your scope has this name", "上级党组织不存在：本表和您管辖范围内都没有该名称的党组织")
        return None
    return ROOT


def _settle(row: _Row, by_id: Org | None, shown, children, claimed, report: _Report) -> None:
    """Decide a row whose parent is settled: already there, new (checked by the tree's rules), or refused."""
    if row.refused:
        return
    parent, data = row.parent, row.data
    if isinstance(parent, _Row):
        if parent.refused:
            report.refuse(row, row.parent_field, "PARENT_REFUSED", f"its parent (row {parent.number}) is refused",
                          f"其上级党组织（第 {parent.number} 行）未通过检查")
            return
        parent_org, parent_type, parent_depth = parent.existing, parent.data.type, parent.depth
    elif isinstance(parent, Org):
        parent_org, parent_type, parent_depth = parent, parent.type, parent.depth
    else:
        parent_org, parent_type, parent_depth = None, None, -1
    sibling_key = (parent_org.id if parent_org else id(parent) if isinstance(parent, _Row) else None, data.name)
    if sibling_key in claimed:
        report.refuse(row, "name", "DUPLICATE_IN_BATCH", f"row {claimed[sibling_key]} has this name under the "
                      "same parent", f"与第 {claimed[sibling_key]} 行同名且上级相同")
        return
    claimed[sibling_key] = row.number
    if by_id is not None and by_id.id in shown:  # the row names an org of this county by its id
        _same_org(row, by_id, parent_org, isinstance(parent, _Row) and parent.existing is None, report)
        return
    sibling = children.get((parent_org.id if parent_org else None, data.name)) \
        if parent_org is not None or parent is ROOT else None
    if sibling is not None:
        if sibling.type == data.type:
            row.existing, row.depth = sibling, sibling.depth  # already there: skipped
        else:
            report.refuse(row, "name", "CONFLICT", f"an active org of this name already sits under this parent, as "
                          f"a {sibling.type} (duplicate sibling name)", f"同级已有名为“{data.name}”的"
                          f"{TYPE_ZH.get(sibling.type, sibling.type)}")
        return
    try:
        _check_type(SimpleNamespace(type=parent_type) if parent_type else None, data.type, "type")
    except TypeNotAllowed as exc:
        report.refuse(row, "type", exc.code, exc.message, exc.message_zh)
        return
    if level_of(data.type, data.level) is None:
        report.refuse(row, "level", "TYPE_NOT_ALLOWED", f"level {data.level} does not fit a {data.type}",
                      f"{LEVEL_ZH[data.level]}与{TYPE_ZH[data.type]}不符")
        return
    if parent_depth >= MAX_DEPTH:
        report.refuse(row, row.parent_field, "CONFLICT", "the tree may not grow deeper", "组织层级过深")
        return
    row.depth = parent_depth + 1


def _same_org(row: _Row, org: Org, parent_org: Org | None, parent_is_new: bool, report: _Report) -> None:
    """A row naming an org of this county by its id must describe it as it is: imports add, never change."""
    if org.status != "active":
        report.refuse(row, "org_id", "CONFLICT", f"{org.name!r} is dissolved here; leave 党组织编号 empty to set "
                      "up a new org", f"“{org.name}”已撤销；如需新建请清空党组织编号")
    elif parent_is_new or org.parent_id != (parent_org.id if parent_org else None):
        report.refuse(row, row.parent_field, "CONFLICT", f"{org.name!r} sits under another parent here; an "
                      "import does not move orgs (move it in the org tree)", f"“{org.name}”的上级党组织与本表不同；"
                      "导入不调整隶属关系，请在组织树中移动")
    elif org.name != row.data.name:
        report.refuse(row, "name", "CONFLICT", f"this id is {org.name!r} here; an import does not rename orgs",
                      f"该编号对应“{org.name}”；导入不更名，请在组织树中更名")
    elif org.type != row.data.type:
        report.refuse(row, "type", "CONFLICT", f"{org.name!r} is a {org.type} here",
                      f"“{org.name}”在本县为{TYPE_ZH.get(org.type, org.type)}")
    else:
        row.existing, row.depth = org, org.depth
