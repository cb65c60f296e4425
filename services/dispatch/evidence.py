"""Evidence (证据): attachment references with content hashes, added on any step of a case."""
from __future__ import annotations

import uuid

import sqlalchemy as sa
from sqlalchemy.orm import Session

from services.dispatch.models import Case, CaseEvidence
from shared.contracts.dispatch import EvidenceIn, EvidenceOut
from shared.db import utcnow
from shared.errors import Conflict
from shared.principal import Principal


def attach(session: Session, case: Case, seq: int, items: list[EvidenceIn], actor: str | None) -> None:
    """Attach files to the case; a file (by hash) already on the case is refused."""
    if not items:
        return
    hashes = [e.sha256 for e in items]
    known = set(session.scalars(sa.select(CaseEvidence.sha256).where(
        CaseEvidence.case_id == case.id, CaseEvidence.sha256.in_(hashes))))
    if known:
        raise Conflict(f"already attached to this case: sha256 {sorted(known)[0]}",
                       "该文件已作为证据附在此事件上", field="evidence",
                       details={"sha256": sorted(known)})
    now = utcnow()
    session.add_all(CaseEvidence(case_id=case.id, seq=seq, uri=e.uri, sha256=e.sha256, size=e.size,
                                 media_type=e.media_type, name=e.name, added_by=actor, added_at=now)
                    for e in items)


def as_json(items: list[EvidenceIn]) -> list[dict]:
    return [e.model_dump() for e in items]


def out(row: CaseEvidence, hide_adder: bool = False) -> EvidenceOut:
    return {"case_id": str(row.case_id), "seq": row.seq, "uri": row.uri, "sha256": row.sha256,
            "size": row.size, "media_type": row.media_type, "name": row.name,
            "added_by": None if hide_adder else row.added_by, "added_at": row.added_at.isoformat()}


def of_cases(session: Session, visible_clause, case_ids: list[uuid.UUID],
             viewer: Principal | None = None) -> list[EvidenceOut]:
    """The cases' evidence as ``viewer`` may see it: files an anonymous reporter added show no
    adder to anyone but that reporter (as on the timeline)."""
    rows = session.execute(
        sa.select(CaseEvidence, Case.anonymous, Case.reporter)
        .join(Case, sa.and_(Case.tenant_id == CaseEvidence.tenant_id, Case.id == CaseEvidence.case_id))
        .where(CaseEvidence.case_id.in_(case_ids), visible_clause)
        .order_by(CaseEvidence.case_id, CaseEvidence.seq, CaseEvidence.added_at))
    return [out(row, hide_adder=bool(anonymous) and row.added_by == reporter
                and (viewer is None or viewer.subject != reporter))
            for row, anonymous, reporter in rows]
