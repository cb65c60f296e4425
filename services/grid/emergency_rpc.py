"""RPC entrypoints of cadre assignment and emergency activation, mixed into GridService."""
from __future__ import annotations

from services.grid import cadres, emergency
from shared import keyset
from shared.contracts.grid import (
    EMERGENCY_ACKNOWLEDGED, EMERGENCY_ACTIVATED, EMERGENCY_ENDED, CadreAssignmentIn, EmergencyActivationIn,
)
from shared.contracts.validation import parse_id, validate
from shared.errors import Forbidden, ValidationFailed
from shared.nameko_ext import rpc
from shared.scope import require_role

ACTIVATORS = ("county_admin", "command_center", "street_staff")


class EmergencyRpc:
    def _caller(self):
        if self.principal is None:
            raise Forbidden("a signed-in caller is required", "需要登录用户")
        return self.principal

    @rpc
    def assign_cadre(self, assignment):
        require_role(self.principal, "county_admin")
        data = validate(CadreAssignmentIn, assignment)
        session = self.db.session
        with session.begin():
            return cadres.assignment_out(cadres.assign(session, data))

    @rpc
    def cadre_coverage(self):
        require_role(self.principal, *ACTIVATORS, "community_staff", "dashboard")
        with self.db.session.begin():
            return cadres.coverage(self.db.session, self.principal)

    @rpc
    def activate_emergency(self, activation):
        require_role(self.principal, *ACTIVATORS)
        data = validate(EmergencyActivationIn, activation)
        session = self.db.session
        with session.begin():
            row = emergency.activate(session, self.principal, data)
            out = emergency.emergency_out(row, 0)
            self.outbox.record(session, EMERGENCY_ACTIVATED, {
                "emergency_id": out["id"], "scope_level": row.scope_level, "scope_id": out["scope_id"],
                "reason": row.reason, "task_count": row.task_count, "activated_at": out["activated_at"]})
        return out

    @rpc
    def acknowledge_emergency(self, task_id):
        caller = self._caller()
        session = self.db.session
        with session.begin():
            task, event = emergency.acknowledge(session, caller, parse_id(task_id, "taskId"))
            if event is not None:
                self.outbox.record(session, EMERGENCY_ACKNOWLEDGED, event.model_dump(mode="json"))
            return emergency.task_out(task)

    @rpc
    def deactivate_emergency(self, emergency_id):
        require_role(self.principal, *ACTIVATORS)
        session = self.db.session
        with session.begin():
            row = emergency.deactivate(session, self.principal, parse_id(emergency_id, "emergencyId"))
            out = emergency.emergency_out(row, emergency.acknowledged_count(session, row.id))
            self.outbox.record(session, EMERGENCY_ENDED, {
                "emergency_id": out["id"], "ended_at": out["ended_at"], "task_count": out["task_count"],
                "acknowledged": out["acknowledged"]})
        return out

    @rpc
    def emergency_status(self, emergency_id):
        require_role(self.principal, *ACTIVATORS, "community_staff", "dashboard")
        with self.db.session.begin():
            return emergency.status(self.db.session, self.principal, parse_id(emergency_id, "emergencyId"))

    @rpc
    def list_emergencies(self, limit=50, after=None, active=None):
        """Newest first; ``after`` is a cursor ``<activated_at ISO>|<id>``; ``active`` True/False/None."""
        require_role(self.principal, *ACTIVATORS, "community_staff", "dashboard")
        cursor = self._time_cursor(after)
        with self.db.session.begin():
            rows = emergency.list_emergencies(self.db.session, self.principal, limit=max(1, min(int(limit), 101)),
                                              after=cursor, active=None if active is None else bool(active))
            counts = emergency.acknowledged_counts(self.db.session, [r.id for r in rows])
            return [emergency.emergency_out(r, int(counts.get(r.id) or 0)) for r in rows]

    @rpc
    def list_cadre_assignments(self, limit=50, after=None, kind=None, community_id=None, street_id=None):
        require_role(self.principal, *ACTIVATORS, "community_staff", "dashboard")
        if kind is not None and kind not in ("county_leader", "department", "cadre"):
            raise ValidationFailed([{"field": "kind", "message": "kind: county_leader, department or cadre",
                                     "message_zh": "kind：取值不在允许范围内"}])
        ident = lambda v, f: parse_id(v, f) if v else None  # noqa: E731
        rows = cadres.list_assignments(self.db.session, self.principal, limit=max(1, min(int(limit), 101)),
                                       after=ident(after, "after"), kind=kind,
                                       community_id=ident(community_id, "communityId"),
                                       street_id=ident(street_id, "streetId"))
        return [cadres.assignment_out(r) for r in rows]

    @rpc
    def my_emergency_tasks(self, limit=None, after=None):
        """The caller's open tasks; with ``limit``, a page newest emergency first after the cursor
        ``after`` (``<activated_at ISO>|<task id>``), each task with its emergency's ``activated_at``."""
        caller = self._caller()
        if limit is None:
            with self.db.session.begin():
                return [emergency.task_out(t) for t in emergency.my_tasks(self.db.session, caller)]
        cursor = self._time_cursor(after)
        with self.db.session.begin():
            rows = emergency.my_tasks_page(self.db.session, caller, limit=max(1, min(int(limit), 101)), after=cursor)
            return [emergency.task_page_out(t, at) for t, at in rows]

    @staticmethod
    def _time_cursor(after):
        """``<ISO time>|<id>`` → (time, id), or None."""
        return keyset.time_cursor(after or None)
