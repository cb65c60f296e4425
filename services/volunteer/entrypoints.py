"""What every volunteer entrypoint mixin shares: the staff roles, the write transaction, the
``points.posted`` event, and today's date in China."""
from __future__ import annotations

from datetime import date

from services.volunteer.activities import local_day
from shared.contracts.volunteer import POINTS_POSTED
from shared.db import utcnow
from shared.scope import require_role

MANAGERS = ("county_admin", "street_staff", "community_staff")


class Entrypoints:
    """Mixed into :class:`services.volunteer.service.VolunteerService`, which provides ``db``,
    ``outbox`` and ``principal``."""

    def _write(self, work, *, manager: bool = True):
        if manager:
            require_role(self.principal, *MANAGERS)
        session = self.db.session
        with session.begin():
            return work(session)

    def _posted(self, session, txn, volunteer_id, amount):
        if txn is not None:
            self.outbox.record(session, POINTS_POSTED, {
                "transaction_id": str(txn.id), "volunteer_id": str(volunteer_id),
                "source_type": txn.source_type, "source_id": txn.source_id, "amount": amount})

    @staticmethod
    def _today() -> date:
        return local_day(utcnow())
