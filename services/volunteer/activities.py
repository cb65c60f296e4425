"""Activities (志愿活动): sign-up within capacity, on-site check-in with the activity's code,
check-out, and hours confirmed by the organizer, which posts the points of that day's rule."""
from __future__ import annotations

import hmac
import secrets
import uuid
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.orm import Session

from services.volunteer import ledger, people, rules
from services.volunteer.models import Activity, Signup
from shared.contracts.volunteer import ActivityIn, ActivityOut, ConfirmHoursIn, SignupOut
from shared.db import utcnow
from shared.errors import Conflict, NotFound

ACTIVE = "signed_up"
CHINA = ZoneInfo("Asia/Shanghai")
CHECKIN_EARLY = timedelta(hours=1)


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


def _iso(value: datetime | None) -> str | None:
    if value is None:
        return None
    return _aware(value).isoformat()


def local_day(value: datetime) -> date:
    """The calendar day in China (rules and caps are per local day; SQLite returns naive UTC)."""
    return _aware(value).astimezone(CHINA).date()


def activity_out(row: Activity, signed_up: int) -> ActivityOut:
    return {"id": str(row.id), "title": row.title, "kind": row.kind, "place": row.place,
            "starts_at": _iso(row.starts_at), "ends_at": _iso(row.ends_at), "capacity": row.capacity,
            "signed_up": signed_up, "team_id": str(row.team_id) if row.team_id else None,
            "organizer": row.organizer}


def signup_out(row: Signup) -> SignupOut:
    minutes = row.confirmed_minutes
    return {"id": str(row.id), "activity_id": str(row.activity_id),
            "volunteer_id": str(row.volunteer_id), "status": row.status,
            "checked_in_at": _iso(row.checked_in_at), "checked_out_at": _iso(row.checked_out_at),
            "confirmed_hours": round(minutes / 60, 2) if minutes is not None else None,
            "points": row.points}


def signed_up_count(session: Session, activity_id: uuid.UUID) -> int:
    return session.scalar(sa.select(sa.func.count()).select_from(Signup).where(
        Signup.activity_id == activity_id, Signup.status == ACTIVE))


def get_activity(session: Session, activity_id: uuid.UUID, *, lock: bool = False) -> Activity:
    query = sa.select(Activity).where(Activity.id == activity_id)
    row = session.scalar(query.with_for_update() if lock else query)
    if row is None:
        raise NotFound("activity", "志愿活动", activity_id, field="activityId")
    return row


def create(session: Session, data: ActivityIn, organizer: str | None) -> Activity:
    if data.team_id:
        people.get_team(session, data.team_id)
    row = Activity(**data.model_dump(), organizer=organizer,
                   checkin_code=f"{secrets.randbelow(10 ** 6):06d}")
    session.add(row)
    session.flush()
    return row


def list_activities(session: Session, limit: int = 100) -> list[Activity]:
    return list(session.scalars(sa.select(Activity).order_by(Activity.starts_at.desc()).limit(limit)))


def page(session: Session, data) -> list[Activity]:
    """Activities, latest start first (cursor ``<starts_at>|<id>``), by kind, team and start time."""
    from shared import keyset

    query = (sa.select(Activity).order_by(Activity.starts_at.desc(), Activity.id.desc()).limit(data.limit))
    if data.kind is not None:
        query = query.where(Activity.kind == data.kind)
    if data.team_id is not None:
        query = query.where(Activity.team_id == data.team_id)
    if data.since is not None:
        query = query.where(Activity.starts_at >= data.since)
    if data.until is not None:
        query = query.where(Activity.starts_at < data.until)
    position = keyset.time_cursor(data.after)
    if position is not None:
        query = query.where(sa.or_(Activity.starts_at < position[0], sa.and_(
            Activity.starts_at == position[0], Activity.id < position[1])))
    return list(session.scalars(query))


def _signup(session: Session, activity_id: uuid.UUID, volunteer_id: uuid.UUID) -> Signup:
    row = session.scalar(sa.select(Signup).where(Signup.activity_id == activity_id,
                                                 Signup.volunteer_id == volunteer_id))
    if row is None or row.status != ACTIVE:
        raise NotFound("sign-up", "报名", f"{volunteer_id}@{activity_id}", field="volunteerId")
    return row


def sign_up(session: Session, activity_id: uuid.UUID, volunteer_id: uuid.UUID) -> Signup:
    """The activity row is locked first, so concurrent sign-ups count one after another."""
    activity = get_activity(session, activity_id, lock=True)
    people.get_volunteer(session, volunteer_id)
    row = session.scalar(sa.select(Signup).where(Signup.activity_id == activity_id,
                                                 Signup.volunteer_id == volunteer_id))
    if row is not None and row.status == ACTIVE:
        return row  # signing up twice is harmless
    if signed_up_count(session, activity_id) >= activity.capacity:
        raise Conflict("the activity is full", "活动名额已满", field="activityId",
                       details={"capacity": activity.capacity})
    if row is None:
        row = Signup(activity_id=activity_id, volunteer_id=volunteer_id)
        session.add(row)
    row.status = ACTIVE
    session.flush()
    return row


def withdraw(session: Session, activity_id: uuid.UUID, volunteer_id: uuid.UUID) -> Signup:
    row = _signup(session, activity_id, volunteer_id)
    if row.checked_in_at is not None:
        raise Conflict("already checked in; cannot withdraw", "已签到，不能取消报名", field="volunteerId")
    row.status = "withdrawn"
    return row


def check_in(session: Session, activity_id: uuid.UUID, volunteer_id: uuid.UUID, code: str,
             on_site: bool = True) -> Signup:
    """``on_site``: a volunteer checking in themselves must do so from an hour before the start
    to the end; staff recording attendance afterwards (补签) pass False."""
    activity = get_activity(session, activity_id)
    if not hmac.compare_digest(activity.checkin_code, str(code)):
        raise Conflict("wrong check-in code", "签到码错误", field="code")
    now = utcnow()
    if on_site and not (_aware(activity.starts_at) - CHECKIN_EARLY <= now <= _aware(activity.ends_at)):
        raise Conflict("check-in is open from an hour before the start to the end",
                       "签到时间为活动开始前一小时至活动结束", field="activityId")
    row = _signup(session, activity_id, volunteer_id)
    if row.checked_in_at is not None:
        raise Conflict("already checked in", "已签到", field="volunteerId")
    row.checked_in_at = utcnow()
    return row


def check_out(session: Session, activity_id: uuid.UUID, volunteer_id: uuid.UUID) -> Signup:
    row = _signup(session, activity_id, volunteer_id)
    if row.checked_in_at is None:
        raise Conflict("not checked in", "尚未签到", field="volunteerId")
    if row.checked_out_at is not None:
        raise Conflict("already checked out", "已签退", field="volunteerId")
    row.checked_out_at = utcnow()
    return row


def confirm_hours(session: Session, data: ConfirmHoursIn):
    """Confirm hours once and award points by the rule of the activity's day (after caps)."""
    activity = get_activity(session, data.activity_id)
    row = _signup(session, data.activity_id, data.volunteer_id)
    if row.checked_in_at is None:
        raise Conflict("the volunteer never checked in", "该志愿者未签到", field="volunteerId")
    if row.confirmed_minutes is not None:
        raise Conflict("hours already confirmed", "时长已确认", field="volunteerId")
    if data.hours is not None:
        minutes = round(data.hours * 60)
    elif row.checked_out_at is not None:
        minutes = int((row.checked_out_at - row.checked_in_at).total_seconds() // 60)
    else:
        raise Conflict("not checked out; give the hours", "尚未签退，请填写时长", field="hours")
    window = int((activity.ends_at - activity.starts_at).total_seconds() // 60)
    minutes = min(minutes, window)  # never more than the activity lasted
    account = ledger.volunteer_account(session, row.volunteer_id)
    ledger.lock_account(session, account)  # caps are read then written: one at a time
    day = local_day(activity.starts_at)
    points = rules.hour_points(session, account.id, minutes, day)
    txn = rules.award(session, volunteer_id=row.volunteer_id, source_type="activity",
                      source_id=str(row.id), points=points, day=day, reason=activity.title[:200])
    row.confirmed_minutes, row.points = minutes, points
    return row, txn


def signups_of(session: Session, activity_ids: list[uuid.UUID]) -> list[Signup]:
    return list(session.scalars(sa.select(Signup).where(Signup.activity_id.in_(activity_ids))
                                .order_by(Signup.activity_id, Signup.id)))


def signed_up_counts(session: Session, activity_ids: list[uuid.UUID]) -> dict[uuid.UUID, int]:
    return dict(session.execute(sa.select(Signup.activity_id, sa.func.count())
                                .where(Signup.activity_id.in_(activity_ids), Signup.status == ACTIVE)
                                .group_by(Signup.activity_id)).all())
