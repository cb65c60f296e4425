"""Star rating (五星创建): a yearly plan per org, an evaluation of 1–5 stars with reasons; and the
statistics of the party organization system per tenant and per scope."""
from __future__ import annotations

import uuid

import sqlalchemy as sa
from sqlalchemy.orm import Session

from services.organization import roster, tree
from services.organization.models import Member, Org, Registration, StarPlan
from shared.contracts.organization import StarEvaluationIn, StarPlanIn, StarRecordOut, StatisticsOut
from shared.db import utcnow
from shared.errors import Conflict
from shared.principal import Principal
from shared.scope import scope_clause


def record_out(plan: StarPlan) -> StarRecordOut:
    return {"org_id": str(plan.org_id), "year": plan.year, "tasks": list(plan.tasks), "stars": plan.stars,
            "reasons": plan.reasons,
            "demonstration_title": plan.demonstration_title}


def _plan(session: Session, org_id: uuid.UUID, year: int) -> StarPlan | None:
    return session.scalar(sa.select(StarPlan).where(StarPlan.org_id == org_id, StarPlan.year == year))


def set_plan(session: Session, data: StarPlanIn) -> StarPlan:
    """Create or replace the year's plan; a rated year is closed."""
    tree.get_org(session, data.org_id, "orgId")
    tasks = [{"title": t.title, "owner": t.owner, "deadline": t.deadline.isoformat()} for t in data.tasks]
    plan = _plan(session, data.org_id, data.year)
    if plan is None:
        plan = StarPlan(org_id=data.org_id, year=data.year, tasks=tasks)
        session.add(plan)
    elif plan.stars is not None:
        raise Conflict(f"the {data.year} plan is already rated", f"{data.year} 年度已评星，计划不可再改", field="year")
    else:
        plan.tasks = tasks
    session.flush()
    return plan


def evaluate(session: Session, data: StarEvaluationIn) -> StarPlan:
    tree.get_org(session, data.org_id, "orgId")
    plan = _plan(session, data.org_id, data.year)
    if plan is None:
        raise Conflict(f"no {data.year} plan to rate; set the plan first", f"{data.year} 年度尚无创建计划",
                       field="year")
    plan.stars, plan.reasons, plan.evaluated_at = data.stars, data.reasons, utcnow()
    plan.demonstration_title = data.demonstration_title
    session.flush()
    return plan


def star_record(session: Session, org_id: uuid.UUID, year: int) -> StarPlan | None:
    return _plan(session, org_id, year)


def _counts(session: Session, column, *where) -> list[dict]:
    rows = session.execute(sa.select(column, sa.func.count()).where(*where).group_by(column).order_by(column))
    return [{"key": str(key), "count": n} for key, n in rows]


def statistics(session: Session, principal: Principal | None, year: int) -> StatisticsOut:
    """Five grouped counts, each one query, all limited to the caller's scope."""
    active = (Org.status == "active", tree.visible(principal))
    stars = sa.select(sa.func.coalesce(sa.cast(StarPlan.stars, sa.String), "unrated").label("stars"),
                      sa.func.count()).join(Org, sa.and_(Org.tenant_id == StarPlan.tenant_id, Org.id == StarPlan.org_id)) \
        .where(StarPlan.year == year, *active).group_by("stars").order_by("stars")
    return {
        "orgs_by_type": _counts(session, Org.type, *active),
        "orgs_by_level": _counts(session, Org.level, *active),
        "members_by_status": _counts(session, Member.status, roster.visible(principal)),
        "registrations": _counts(session, Registration.kind, scope_clause(
            principal, street=Registration.street_id, community=Registration.community_id)),
        "stars": [{"key": str(k), "count": n} for k, n in session.execute(stars)],
    }


