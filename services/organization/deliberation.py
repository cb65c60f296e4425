"""Deliberation (协商议事) in six steps, each recorded with who did it and when:
collect topics → fix the topic → research → deliberate and vote → publish the result → follow up.

Steps go strictly in order. The vote carries the tally; the topic is adopted when more than half of
the votes cast (for + against + abstentions) are for it.
"""
from __future__ import annotations

import uuid

import sqlalchemy as sa
from sqlalchemy.orm import Session

from services.organization.models import Deliberation, DeliberationStep
from services.organization.tree import PLACES, get_org
from shared.contracts.organization import DELIBERATION_STEPS, AdvanceIn, DeliberationOut, TopicIn
from shared.errors import Conflict, NotFound, ValidationFailed
from shared.principal import Principal
from shared.scope import scope_clause

STEP_ZH = dict(zip(DELIBERATION_STEPS, ("收集议题", "确定议题", "调查研究", "协商表决", "结果公示", "跟踪落实")))


def deliberation_out(d: Deliberation, steps: list[DeliberationStep]) -> DeliberationOut:
    return {"id": str(d.id), "org_id": str(d.org_id), "title": d.title, "description": d.description,
            "step": d.step, "adopted": d.adopted,
            "steps": [{"step": s.step, "actor": s.actor, "note": s.note, "votes": s.votes, "at": s.at.isoformat()}
                      for s in sorted(steps, key=lambda s: DELIBERATION_STEPS.index(s.step))]}


def visible(principal: Principal | None):
    return scope_clause(principal, street=Deliberation.street_id, community=Deliberation.community_id,
                        grid=Deliberation.grid_id)


def collect(session: Session, data: TopicIn, actor: str | None) -> Deliberation:
    org = get_org(session, data.org_id, "orgId")
    row = Deliberation(org_id=org.id, title=data.title, description=data.description, step="collected",
                       **{place: getattr(org, place) for place in PLACES})
    session.add(row)
    session.flush()
    session.add(DeliberationStep(deliberation_id=row.id, step="collected", actor=actor, note=data.description))
    session.flush()
    return row


def get(session: Session, principal: Principal | None, deliberation_id: uuid.UUID) -> Deliberation:
    row = session.scalar(sa.select(Deliberation).where(Deliberation.id == deliberation_id, visible(principal)))
    if row is None:
        raise NotFound("deliberation", "协商议事", deliberation_id, field="deliberationId")
    return row


def advance(session: Session, principal: Principal | None, data: AdvanceIn, actor: str | None) -> Deliberation:
    row = get(session, principal, data.deliberation_id)
    done = DELIBERATION_STEPS.index(row.step)
    if done + 1 >= len(DELIBERATION_STEPS) or data.step != DELIBERATION_STEPS[done + 1]:
        expected = DELIBERATION_STEPS[done + 1] if done + 1 < len(DELIBERATION_STEPS) else None
        raise Conflict(f"after {row.step} the next step is {expected or 'none: all six are done'}",
                       f"“{STEP_ZH[row.step]}”之后应为" + (f"“{STEP_ZH[expected]}”" if expected else "：六步均已完成"),
                       field="step")
    if (data.step == "voted") != (data.votes is not None):
        raise ValidationFailed([{"field": "votes", "message": "votes: the tally goes with the voted step only",
                                 "message_zh": "votes：表决票数仅随“协商表决”一步填写"}])
    votes = data.votes.model_dump() if data.votes else None
    if votes is not None:
        cast = votes["votes_for"] + votes["votes_against"] + votes["abstentions"]
        if cast == 0:
            raise ValidationFailed([{"field": "votes", "message": "votes: no votes were cast",
                                     "message_zh": "votes：无人投票"}])
        row.adopted = votes["votes_for"] * 2 > cast
    row.step = data.step
    session.add(DeliberationStep(deliberation_id=row.id, step=data.step, actor=actor, note=data.note, votes=votes))
    session.flush()
    return row


def steps_of(session: Session, ids: list[uuid.UUID]) -> dict[uuid.UUID, list[DeliberationStep]]:
    grouped: dict[uuid.UUID, list[DeliberationStep]] = {i: [] for i in ids}
    for s in session.scalars(sa.select(DeliberationStep).where(DeliberationStep.deliberation_id.in_(ids))):
        grouped[s.deliberation_id].append(s)
    return grouped


def listing(session: Session, principal: Principal | None, org_id: uuid.UUID | None, limit: int, *,
            after: uuid.UUID | None = None, step: str | None = None,
            adopted: bool | None = None) -> list[Deliberation]:
    """Deliberations in scope, by id (the cursor), of one org, at one step, adopted or not."""
    query = sa.select(Deliberation).where(visible(principal)).order_by(Deliberation.id).limit(limit)
    if org_id is not None:
        query = query.where(Deliberation.org_id == org_id)
    if step is not None:
        query = query.where(Deliberation.step == step)
    if adopted is not None:
        query = query.where(Deliberation.adopted.is_(adopted))
    if after is not None:
        query = query.where(Deliberation.id > after)
    return list(session.scalars(query))
