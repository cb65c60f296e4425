"""Service venues (党群服务中心/驿站) and the tenant's standards checklist with each venue's compliance.
Which compounds lie within a 15-minute walk is computed by the gateway (``gateway/organization/
venues.py``) from the grid service's grid boundaries: the organization service keeps no territory."""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from services.organization.models import Venue, VenueStandard
from services.organization.tree import PLACES, get_org
from shared.contracts.organization import ComplianceIn, StandardsIn, VenueIn, VenueOut
from shared.db import utcnow
from shared.errors import Conflict, NotFound, ValidationFailed
from shared.principal import Principal
from shared.scope import scope_clause


def standards(session: Session) -> list[VenueStandard]:
    return list(session.scalars(sa.select(VenueStandard).order_by(VenueStandard.class_name, VenueStandard.code)))


def venue_out(venue: Venue, checklist: list[VenueStandard]) -> VenueOut:
    met = set(venue.met_codes or [])
    classes: dict[str, list[int]] = {}
    for item in checklist:
        counts = classes.setdefault(item.class_name, [0, 0])
        counts[0] += item.code in met
        counts[1] += 1
    return {"id": str(venue.id), "org_id": str(venue.org_id), "name": venue.name, "kind": venue.kind,
            "lng": venue.lng, "lat": venue.lat, "opening_hours": venue.opening_hours,
            "met_codes": sorted(met), "met": sum(c[0] for c in classes.values()),
            "total": len(checklist),
            "compliance": [{"class_name": k, "met": v[0], "total": v[1]} for k, v in classes.items()]}


def set_standards(session: Session, data: StandardsIn) -> list[VenueStandard]:
    """Replace the checklist (configuration, not history); venues keep their met codes."""
    codes = [i.code for i in data.items]
    if len(set(codes)) != len(codes):
        raise ValidationFailed([{"field": "items", "message": "items: codes must be unique",
                                 "message_zh": "items：要求编号不能重复"}])
    session.execute(sa.delete(VenueStandard))
    session.add_all(VenueStandard(**item.model_dump()) for item in data.items)
    session.flush()
    return standards(session)


def create_venue(session: Session, data: VenueIn) -> Venue:
    org = get_org(session, data.org_id, "orgId")
    if session.scalar(sa.select(Venue.id).where(Venue.name == data.name)) is not None:
        raise Conflict(f"a venue named {data.name!r} already exists", f"已有名为“{data.name}”的阵地", field="name")
    venue = Venue(**data.model_dump(), met_codes=[], **{p: getattr(org, p) for p in PLACES})
    session.add(venue)
    session.flush()
    return venue


def visible(principal: Principal | None):
    return scope_clause(principal, street=Venue.street_id, community=Venue.community_id, grid=Venue.grid_id)


def record_compliance(session: Session, principal: Principal | None, data: ComplianceIn) -> Venue:
    venue = session.scalar(sa.select(Venue).where(Venue.id == data.venue_id, visible(principal)))
    if venue is None:
        raise NotFound("venue", "服务阵地", data.venue_id, field="venueId")
    known = {s.code for s in standards(session)}
    unknown = sorted(set(data.met_codes) - known)
    if unknown:
        raise ValidationFailed([{"field": "metCodes", "message": f"metCodes: not in the checklist: {', '.join(unknown)}",
                                 "message_zh": f"metCodes：不在标准清单中：{'、'.join(unknown)}"}])
    venue.met_codes, venue.checked_at = sorted(set(data.met_codes)), utcnow()
    session.flush()
    return venue


def listing(session: Session, principal: Principal | None) -> list[Venue]:
    return list(session.scalars(sa.select(Venue).where(visible(principal)).order_by(Venue.name)))
