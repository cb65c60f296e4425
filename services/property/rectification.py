"""Inspection findings as rectification cases (整改): each finding is reported to dispatch as a
case of category ``property_rectification`` in the compound's grid, and dispatch's closing and
reopening events mark it rectified or not. Filing happens after the inspection is committed; a
finding whose filing failed stays without a case and is filed again by ``file_rectifications``.

Each filing carries a client request id (幂等键) made from the finding and what is reported (and by
whom): when dispatch stored the case but its answer was lost (``TIMEOUT``, a crash), filing again
answers that case instead of storing a second one. Another grid or another caller is another
request (a new case, as without the key), never a ``CONFLICT`` that would leave the finding stuck."""
from __future__ import annotations

import hashlib
import json
import uuid

import sqlalchemy as sa
from sqlalchemy.orm import Session

from services.property.oversight_models import InspectionFinding

FIELD = "gridId"


def unfiled(session: Session, inspection_id: uuid.UUID) -> list[InspectionFinding]:
    return list(session.scalars(sa.select(InspectionFinding).where(
        InspectionFinding.inspection_id == inspection_id, InspectionFinding.case_id.is_(None))))


def case_payload(finding: InspectionFinding, grid_id: uuid.UUID, compound_name: str, category: str,
                 reporter: str | None) -> dict:
    payload = {"grid_id": str(grid_id), "category": category, "source": "service",
               "description": f"{compound_name}月度抽查发现问题（{finding.item}）：{finding.text}，请物业限期整改"}
    said = hashlib.sha256(json.dumps([payload, reporter], sort_keys=True, ensure_ascii=False).encode())
    return {**payload, "client_request_id": f"finding-{finding.id.hex}-{said.hexdigest()[:16]}"}


def filed(session: Session, finding_id: uuid.UUID, case_id: uuid.UUID) -> None:
    session.execute(sa.update(InspectionFinding).where(InspectionFinding.id == finding_id,
                                                       InspectionFinding.case_id.is_(None)).values(case_id=case_id))


def case_status(session: Session, case_id: uuid.UUID, *, closed: bool) -> bool:
    result = session.execute(sa.update(InspectionFinding).where(InspectionFinding.case_id == case_id)
                             .values(rectified=closed))
    return result.rowcount > 0


def findings_of(session: Session, inspection_ids: list[uuid.UUID]) -> dict[uuid.UUID, list[InspectionFinding]]:
    grouped: dict[uuid.UUID, list[InspectionFinding]] = {i: [] for i in inspection_ids}
    for f in session.scalars(sa.select(InspectionFinding).where(InspectionFinding.inspection_id.in_(inspection_ids))
                             .order_by(InspectionFinding.item)):
        grouped[f.inspection_id].append(f)
    return grouped
