"""Property companies (物业企业): registration with a checked credit code, management contracts,
party coverage, and the append-only credit file (信用档案)."""
from __future__ import annotations

import uuid
from datetime import date

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from services.property import cases, credit_code
from services.property.places import Visibility
from services.property.models import Company, CreditEntry, ManagementContract
from shared import keyset, personal_data
from shared.contracts.validation import parse_id
from shared.contracts.property import CompanyIn, CompanyOut, ContractIn, ContractOut, CreditEntryOut
from shared.errors import Conflict, NotFound, ValidationFailed

CODE_PROBLEMS = {
    "length": ("must be 18 characters", "须为 18 位"),
    "characters": ("contains I, O, Z, S, V or another symbol not allowed", "含有不允许的字符（I、O、Z、S、V 等）"),
    "division": ("characters 3–8 must be the administrative division code", "第 3–8 位须为行政区划代码"),
    "checksum": ("the check character does not match (GB 32100-2015)", "校验码不正确（GB 32100-2015）"),
}


def invalid(field: str, message: str, message_zh: str) -> ValidationFailed:
    return ValidationFailed([{"field": field, "message": f"{field}: {message}",
                              "message_zh": f"{field}：{message_zh}"}])


def get_company(session: Session, company_id: uuid.UUID, field: str = "companyId") -> Company:
    row = session.get(Company, (session.info["tenant"], company_id))
    if row is None:
        raise NotFound("company", "物业企业", company_id, field=field)
    return row


def contract_out(row: ManagementContract) -> ContractOut:
    return {"id": str(row.id), "company_id": str(row.company_id), "compound_id": str(row.compound_id),
            "compound_name": row.compound_name, "starts_on": row.starts_on.isoformat(),
            "ends_on": row.ends_on.isoformat()}


def company_out(row: Company, contracts: list[ManagementContract],
                complaints: dict[str, int] | None = None) -> CompanyOut:
    return {"id": str(row.id), "name": row.name, "credit_code": row.credit_code,
            "contact_name": row.contact_name, "contact_phone_masked": row.contact_phone_masked,
            "coverage": row.coverage, "branch_name": row.branch_name,
            "instructor_name": row.instructor_name,
            "barred_until": row.barred_until.isoformat() if row.barred_until else None,
            "contracts": [contract_out(c) for c in contracts],
            "complaints": complaints or {"total": 0, "open": 0, "closed": 0}}


def entry_out(row: CreditEntry) -> CreditEntryOut:
    return {"id": str(row.id), "company_id": str(row.company_id), "seq": row.seq, "kind": row.kind,
            "summary": row.summary, "score": row.score, "recorded_at": row.recorded_at.isoformat()}


def append_credit(session: Session, company: Company, kind: str, summary: str, *,
                  score: float | None = None, source_id: uuid.UUID | None = None,
                  by: str | None = None) -> CreditEntry:
    """Append to the credit file; ``seq`` numbers entries per company so gaps or edits show. The
    counter is incremented in the database (row lock), so concurrent appends get distinct numbers."""
    session.flush()
    seq = session.execute(sa.update(Company).where(Company.id == company.id)
                          .values(credit_seq=Company.credit_seq + 1).returning(Company.credit_seq)
                          .execution_options(synchronize_session=False)).scalar_one()
    set_committed_value(company, "credit_seq", seq)
    entry = CreditEntry(company_id=company.id, seq=seq, kind=kind, summary=summary,
                        score=score, source_id=source_id, recorded_by=by)
    session.add(entry)
    session.flush()
    return entry


def register(session: Session, data: CompanyIn, by: str | None = None) -> Company:
    code = data.credit_code.upper()
    problem = credit_code.problem(code)
    if problem:
        raise invalid("creditCode", *CODE_PROBLEMS[problem])
    if data.coverage == "branch" and not data.branch_name:
        raise invalid("branchName", "a company with its own party branch names it", "有党支部的企业须填写支部名称")
    if data.coverage == "instructor" and not data.instructor_name:
        raise invalid("instructorName", "name the assigned party-building instructor", "须填写选派的党建指导员")
    tenant = session.info["tenant"]
    row = Company(name=data.name, credit_code=code, contact_name=data.contact_name,
                  contact_phone_cipher=personal_data.encrypt(tenant, data.contact_phone),
                  contact_phone_masked=personal_data.mask_phone(data.contact_phone),
                  coverage=data.coverage,
                  branch_name=data.branch_name if data.coverage == "branch" else None,
                  instructor_name=data.instructor_name if data.coverage == "instructor" else None)
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:
        raise Conflict(f"a company with credit code {code} is already registered",
                       f"统一社会信用代码 {code} 已登记", field="creditCode") from None
    append_credit(session, row, "registered", f"registered: {data.name}（登记）", by=by)
    return row


def add_contract(session: Session, data: ContractIn) -> ManagementContract:
    get_company(session, data.company_id)
    if data.ends_on <= data.starts_on:
        raise invalid("endsOn", "the contract must end after it starts", "合同结束日期须晚于开始日期")
    overlap = session.scalar(sa.select(ManagementContract.id).where(
        ManagementContract.compound_id == data.compound_id,
        ManagementContract.starts_on < data.ends_on, ManagementContract.ends_on > data.starts_on))
    if overlap is not None:
        raise Conflict("another contract covers this compound in that period",
                       "该小区在此期间已有物业服务合同", field="compoundId")
    row = ManagementContract(company_id=data.company_id, compound_id=data.compound_id,
                             compound_name=data.compound_name, starts_on=data.starts_on,
                             ends_on=data.ends_on)
    session.add(row)
    session.flush()
    return row


def contracts_of(session: Session, company_ids: list[uuid.UUID],
                 visible: Visibility | None = None) -> dict[uuid.UUID, list[ManagementContract]]:
    grouped: dict[uuid.UUID, list[ManagementContract]] = {i: [] for i in company_ids}
    visible = visible or Visibility()
    rows = session.scalars(sa.select(ManagementContract).where(ManagementContract.company_id.in_(company_ids),
                                                               visible.compound(ManagementContract.compound_id))
                           .order_by(ManagementContract.starts_on))
    for row in rows:
        grouped[row.company_id].append(row)
    return grouped


def companies_out(session: Session, rows: list[Company], visible: Visibility | None = None) -> list[CompanyOut]:
    """Companies with their contracts and complaints; a scoped caller sees only those in scope."""
    visible = visible or Visibility()
    ids = [r.id for r in rows]
    contracts = contracts_of(session, ids, visible)
    complaints = cases.complaints(session, ids, visible)
    return [company_out(r, contracts[r.id], complaints[r.id]) for r in rows]


def by_ids(session: Session, ids: list[uuid.UUID], visible: Visibility | None = None) -> list[Company]:
    visible = visible or Visibility()
    return list(session.scalars(sa.select(Company).where(Company.id.in_(ids), visible.company(Company.id))))


def all_companies(session: Session) -> list[Company]:
    return list(session.scalars(sa.select(Company).order_by(Company.name)))


def list_filters(filters: dict | None) -> dict:
    """``community_id``, ``list`` (red/black) with ``year``, ``barred`` (on ``on``, default today)."""
    f = dict(filters or {})
    unknown = set(f) - {"community_id", "list", "year", "barred", "on"}
    if unknown:
        raise invalid(sorted(unknown)[0], "not a filter of this list", "不是本列表的筛选条件")
    out: dict = {}
    if f.get("community_id") is not None:
        out["community_id"] = parse_id(f["community_id"], "communityId")
    if f.get("list") is not None:
        if f["list"] not in ("red", "black"):
            raise invalid("list", "red or black", "须为 red 或 black")
        out["list_color"] = f["list"]
        out["year"] = f.get("year")
    if f.get("barred") is not None:
        out["barred"] = bool(f["barred"])
        out["on"] = date.fromisoformat(f["on"]) if f.get("on") else date.today()
    return out


def listed(session: Session, visible: Visibility, *, limit: int | None = None, after: str | None = None,
           community_id: uuid.UUID | None = None, list_color: str | None = None, year: int | None = None,
           barred: bool | None = None, on: date | None = None) -> list[Company]:
    """Companies in scope by name then id, filtered; ``after`` is a ``<name>|<id>`` cursor."""
    query = sa.select(Company).where(visible.company(Company.id)).order_by(Company.name, Company.id)
    if community_id is not None:
        query = query.where(Visibility("community", community_id).company(Company.id))
    if list_color is not None:
        query = query.where(Company.id.in_(listed_on(session, list_color, year)))
    if barred is not None:
        is_barred = sa.and_(Company.barred_until.is_not(None), Company.barred_until > on)
        query = query.where(is_barred if barred else sa.not_(is_barred))
    if after:
        name, ident = keyset.name_cursor(after)
        query = query.where(sa.or_(Company.name > name, sa.and_(Company.name == name, Company.id > ident)))
    if limit is not None:
        query = query.limit(limit)
    return list(session.scalars(query))


def listed_on(session: Session, color: str, year: int | None) -> list[uuid.UUID]:
    """Companies on the red or black list of ``year`` (default: the latest published year)."""
    from services.property.oversight_models import Evaluation

    query = sa.select(Evaluation).where(Evaluation.status == "published")
    query = query.where(Evaluation.year == int(year)) if year is not None else query.order_by(
        Evaluation.year.desc()).limit(1)
    evaluation = session.scalar(query)
    return [uuid.UUID(r["company_id"]) for r in (evaluation.ranking if evaluation else []) if r["list"] == color]


def credit_entries(session: Session, company_ids: list[uuid.UUID]) -> list[CreditEntry]:
    return list(session.scalars(sa.select(CreditEntry).where(CreditEntry.company_id.in_(company_ids))
                                .order_by(CreditEntry.company_id, CreditEntry.seq)))
