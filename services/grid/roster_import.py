"""Roster sheet import (七级组织体系名册导入): the whole sheet in one batch, all or nothing.

Each row is checked alone (contract: level by code or Chinese label, phone), then against the
places its level needs and the posts already there, all looked up set-wise. A row with 岗位编号
updates that post; a row without it updates the post it names (same level, holder and places) or
appoints a new one — so the same sheet imported twice changes nothing, and an exported roster
(masked phones included) imports back unchanged. If any row is refused nothing is written: a
roster is the current team, and half a team is worse than the old one.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime

import sqlalchemy as sa
from pydantic import ValidationError
from sqlalchemy.orm import Session

from services.grid.models import Building, Community, Compound, Grid, Post, Resident
from services.grid.residents import visible as resident_scope
from services.grid.roster import NEEDS, NOT_AT
from services.grid.roster import visible as post_scope
from shared import personal_data as pd
from shared.contracts.grid import (
    POST_LEVEL_LABELS,
    POST_SHEET_HEADERS,
    POST_SHEET_READ_ONLY,
    ImportResult,
    PostImportRow,
    SheetRowError,
)
from shared.contracts.validation import ZH
from shared.principal import Principal

MAX_BATCH = 20_000
POSTS = Post.__table__
PLACES = ("community_id", "compound_id", "grid_id", "building_id")
PLACE_NAMES = {"community_id": ("community", "社区"), "compound_id": ("compound", "小区"),
               "grid_id": ("grid", "网格"), "building_id": ("building", "楼栋")}
CONTRACT_REASONS = {  # clearer than pydantic's words for the cells people get wrong
    "level": ("unknown level; one of " + ", ".join(POST_LEVEL_LABELS.values()),
              "未知的岗位层级，应为：" + "、".join(POST_LEVEL_LABELS.values())),
    "phone": ("not a mobile (11 digits) or landline number", "不是有效的手机号或固定电话"),
}


@dataclass
class Plan:
    """What the sheet will write once every row has been checked."""

    errors: list[SheetRowError] = field(default_factory=list)
    inserts: list[dict] = field(default_factory=list)
    updates: list[dict] = field(default_factory=list)
    rows: int = 0

    def refuse(self, row: int, name: str, code: str, message: str, message_zh: str) -> None:
        header = POST_SHEET_HEADERS.get(name, name)
        self.errors.append({"row": row, "field": name, "code": code, "message": f"{header}: {message}",
                            "message_zh": f"{header}：{message_zh}"})

    def result(self) -> ImportResult:
        if self.errors:  # all or nothing: a refused row keeps the whole sheet out
            return {"accepted": 0, "created": 0, "updated": 0,
                    "errors": sorted(self.errors, key=lambda e: (e["row"], e["field"]))}
        return {"accepted": len(self.inserts) + len(self.updates), "created": len(self.inserts),
                "updated": len(self.updates), "errors": []}


def _in_scope(principal: Principal | None, community) -> bool:
    if principal is None or principal.scope.level == "county":
        return True
    if principal.scope.level == "street":
        return str(community.street_id) == str(principal.scope.id)
    if principal.scope.level == "community":
        return str(community.id) == str(principal.scope.id)
    return False  # grid workers do not appoint


def _checked(plan: Plan, raw: dict) -> PostImportRow | None:
    number = raw.get("row") if isinstance(raw.get("row"), int) else 0
    data = {k: v for k, v in raw.items() if k not in POST_SHEET_READ_ONLY}
    try:
        return PostImportRow.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            name = str(err["loc"][0]) if err["loc"] else "row"
            message, message_zh = CONTRACT_REASONS.get(name, (err["msg"], ZH.get(err["type"], "输入无效")))
            plan.refuse(number, name, "VALIDATION_FAILED", message, message_zh)
        return None


def _load(session: Session, model, ids: set) -> dict:
    return {r.id: r for r in session.scalars(sa.select(model).where(model.id.in_(ids)))} if ids else {}


def plan_sheet(session: Session, principal: Principal | None, raw_rows: list[dict]) -> Plan:
    """Check every row of the sheet and work out what to write; writes nothing."""
    plan = Plan(rows=len(raw_rows))
    rows = [r for r in (_checked(plan, raw if isinstance(raw, dict) else {}) for raw in raw_rows) if r]
    found = {f: _load(session, model, {getattr(r, f) for r in rows if getattr(r, f)})
             for f, model in (("community_id", Community), ("compound_id", Compound), ("grid_id", Grid),
                              ("building_id", Building))}
    communities = _load(session, Community, {c for places in found.values() for p in places.values()
                                             for c in [getattr(p, "community_id", p.id)]})
    holders = {r.resident_id for r in rows if r.resident_id}
    known_holders = set(session.scalars(sa.select(Resident.id).where(Resident.id.in_(holders),
                                                                     resident_scope(principal)))) if holders else set()
    placed = [(row, _place(plan, principal, row, found, communities, known_holders)) for row in rows]
    touched = {p["community_id"] for _, p in placed if p}
    existing = list(session.scalars(sa.select(Post).where(Post.community_id.in_(touched), post_scope(principal)))) \
        if touched else []
    by_key = {_key(p.level, p.holder_key, _places(p)): p for p in existing}
    by_name = {_key(p.level, f"name:{p.holder_name}", _places(p)): p for p in existing}  # rows without 居民编号
    by_id = {p.id: p for p in existing}
    named = {r.post_id for r in rows if r.post_id and r.post_id not in by_id}
    by_id |= {p.id: p for p in session.scalars(sa.select(Post).where(Post.id.in_(named), post_scope(principal)))} \
        if named else {}
    tenant, now = session.info["tenant"], datetime.now(UTC)
    first_key: dict[tuple, int] = {}
    first_id: dict[uuid.UUID, int] = {}
    for row, place in placed:
        if place is None:
            continue
        key = _key(row.level, place["holder_key"], place)
        if key in first_key:
            plan.refuse(row.row, "holder_name", "DUPLICATE_IN_BATCH", f"the same post as row {first_key[key]}",
                        f"与第 {first_key[key]} 行是同一岗位")
            continue
        first_key[key] = row.row
        post = by_id.get(row.post_id) if row.post_id else by_key.get(key) or (
            by_name.get(key) if row.resident_id is None else None)
        if row.post_id:
            if post is None:
                plan.refuse(row.row, "post_id", "NOT_FOUND", "no such post in your scope",
                            "您管辖范围内没有该岗位")
                continue
            other = by_key.get(key)
            if other is not None and other.id != post.id:
                plan.refuse(row.row, "holder_name", "CONFLICT",
                            f"duplicate post: this person already holds it as post {other.id}",
                            f"岗位重复：此人已担任该岗位（岗位编号 {other.id}）")
                continue
        if post is not None:
            if post.id in first_id:
                plan.refuse(row.row, "post_id" if row.post_id else "holder_name", "DUPLICATE_IN_BATCH",
                            f"the same post as row {first_id[post.id]}", f"与第 {first_id[post.id]} 行是同一岗位")
                continue
            first_id[post.id] = row.row
        phone_enc = _phone(plan, row, post, tenant)
        if phone_enc is False:
            continue
        holder_key = place["holder_key"]
        if post is not None and row.resident_id is None and post.holder_name == row.holder_name:
            holder_key = post.holder_key  # a sheet without 居民编号 keeps the post's holder
        values = {"level": row.level, "holder_name": row.holder_name, "holder_key": holder_key,
                  "holder_phone_enc": phone_enc, "street_id": place["street_id"],
                  "community_id": place["community_id"], "compound_id": row.compound_id, "grid_id": row.grid_id,
                  "building_id": row.building_id, "unit": row.unit, "floor": row.floor}
        if post is None:
            plan.inserts.append({**values, "tenant_id": tenant, "id": uuid.uuid4(), "created_at": now})
        else:
            plan.updates.append({**{f"v_{k}": v for k, v in values.items()}, "b_tenant": tenant, "b_id": post.id})
    return plan


def _places(post: Post) -> dict:
    return {f: getattr(post, f) for f in (*PLACES, "unit", "floor")}


def _key(level: str, holder_key: str, places: dict) -> tuple:
    """A post's natural key: who holds which level where."""
    return (level, holder_key, *(places.get(f) for f in (*PLACES, "unit", "floor")))


def _place(plan: Plan, principal, row: PostImportRow, found: dict, communities: dict,
           known_holders: set) -> dict | None:
    """The row's community, street and holder key, or None with the row refused."""
    refused = len(plan.errors)
    level = POST_LEVEL_LABELS[row.level]
    missing = [f for f in NEEDS[row.level] if getattr(row, f) is None]
    for name in missing:
        plan.refuse(row.row, name, "VALIDATION_FAILED", f"required for a {level} post ({row.level})",
                    f"{level}岗位必须填写")
    for name in NOT_AT[row.level]:
        if getattr(row, name) is not None:
            plan.refuse(row.row, name, "CONFLICT", f"a {level} post ({row.level}) is not at a "
                        f"{POST_SHEET_HEADERS[name]}; leave it empty", f"{level}岗位不设在{POST_SHEET_HEADERS[name]}，请留空")
    community_id = None
    for name in PLACES:
        ident = getattr(row, name)
        if ident is None:
            continue
        place = found[name].get(ident)
        here = None if place is None else place.id if name == "community_id" else place.community_id
        what, what_zh = PLACE_NAMES[name]
        if place is None or not _in_scope(principal, communities[here]):
            plan.refuse(row.row, name, "NOT_FOUND", f"unknown place: no such {what} in your scope",
                        f"未知地点：您管辖范围内没有该{what_zh}")
            continue
        if name == "grid_id" and place.retired_at is not None:
            plan.refuse(row.row, name, "CONFLICT", "the grid was merged away", "该网格已撤并")
            continue
        if name == "building_id" and row.compound_id and place.compound_id != row.compound_id:
            plan.refuse(row.row, name, "CONFLICT", "the building is not in the compound of 小区编号",
                        "该楼栋不在小区编号所指的小区")
            continue
        if community_id not in (None, here):
            plan.refuse(row.row, name, "CONFLICT", f"the {what} is not in the same community as the other places",
                        f"该{what_zh}与其他地点不在同一社区")
            continue
        community_id = here
    holder_key = f"name:{row.holder_name}"
    if row.resident_id is not None:
        if row.resident_id not in known_holders:
            plan.refuse(row.row, "resident_id", "NOT_FOUND", "no such resident in your scope",
                        "您管辖范围内没有该居民")
        holder_key = str(row.resident_id)
    if len(plan.errors) > refused or community_id is None:
        return None
    community = communities[community_id]
    return {"community_id": community.id, "street_id": community.street_id, "holder_key": holder_key,
            **{f: getattr(row, f) for f in (*PLACES[1:], "unit", "floor")}}


def _phone(plan: Plan, row: PostImportRow, post: Post | None, tenant: str):
    """The phone to store (encrypted), or False with the row refused. A masked phone, as exports
    show it, keeps the post's phone when it masks to the same value; so does a sheet without 手机号."""
    if "phone" not in row.model_fields_set and post is not None:
        return post.holder_phone_enc
    if row.phone is None:
        return None
    if "*" not in row.phone:
        return pd.encrypt(tenant, row.phone)
    if post is not None and post.holder_phone_enc and \
            pd.mask_phone(pd.decrypt(tenant, post.holder_phone_enc)) == row.phone:
        return post.holder_phone_enc
    plan.refuse(row.row, "phone", "VALIDATION_FAILED", "masked: write the full number",
                "为脱敏号码，请填写完整号码")
    return False


def apply(session: Session, plan: Plan) -> None:
    """Write a checked sheet with one multi-row INSERT and one executemany UPDATE."""
    if plan.errors:
        return
    if plan.inserts:
        session.execute(POSTS.insert(), plan.inserts)
    if plan.updates:
        columns = [k[2:] for k in plan.updates[0] if k.startswith("v_")]
        session.execute(POSTS.update().where(POSTS.c.tenant_id == sa.bindparam("b_tenant"),
                                             POSTS.c.id == sa.bindparam("b_id"))
                        .values({c: sa.bindparam(f"v_{c}") for c in columns}), plan.updates)
