"""What the property service's entrypoint groups share: who may write, argument parsing, and the
write-in-a-transaction helper (the service class provides ``db``, ``principal`` and ``outbox``)."""
from __future__ import annotations

from datetime import date

from shared.errors import ValidationFailed
from shared.scope import require_role

# the housing bureau (a functional department) and the county admin act as property authority
AUTHORITY = ("county_admin", "department")
COMMUNITY = ("county_admin", "department", "street_staff", "community_staff")
SCORERS = {"authority": AUTHORITY, "party_org": ("county_admin", "community_staff", "street_staff"),
           "owners": ("county_admin", "community_staff")}


def _int(value, field: str, low: int, high: int) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = None
    if number is None or not low <= number <= high:
        raise ValidationFailed([{"field": field, "message": f"{field}: must be {low}..{high}",
                                 "message_zh": f"{field}：须在 {low} 到 {high} 之间"}])
    return number


def _day(value, field: str) -> date:
    if value is None:
        return date.today()
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ValidationFailed([{"field": field, "message": f"{field}: not a date (YYYY-MM-DD)",
                                 "message_zh": f"{field}：不是有效日期（YYYY-MM-DD）"}]) from None


class Entrypoints:
    """Base of the entrypoint groups mixed into :class:`services.property.service.PropertyService`."""

    @property
    def _who(self):
        return self.principal.subject if self.principal else None

    def _write(self, roles, rule, *args):
        require_role(self.principal, *roles)
        with self.db.session.begin():
            return rule(self.db.session, *args)
