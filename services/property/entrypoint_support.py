"""What the property service's entrypoint groups share: who may write, argument parsing, and the
write-in-a-transaction helper (the service class provides ``db``, ``principal`` and ``outbox``)."""
from __future__ import annotations

from datetime import date

from services.property import places
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

    def _visible(self) -> places.Visibility:
        """What the caller may see (its data scope), see :mod:`services.property.places`."""
        return places.visibility(self.db.session, self.principal, self.grid)

    def _write_in_scope(self, roles, rule, *args):
        """Like ``_write``; ``rule(session, visible, *args)`` checks that what it touches is in scope."""
        require_role(self.principal, *roles)
        visible = self._visible()
        with self.db.session.begin():
            return rule(self.db.session, visible, *args)

    def _write_at(self, roles, compound_id, rule, data, *args):
        """Write naming a compound: the grid service must know it within the caller's scope; its
        name is taken from there and where it lies is remembered in the same transaction."""
        require_role(self.principal, *roles)
        found = places.lookup(self.grid, [compound_id])[compound_id]
        if "compound_name" in type(data).model_fields:
            data = data.model_copy(update={"compound_name": found["name"]})
        with self.db.session.begin():
            places.remember(self.db.session, {compound_id: found})
            return rule(self.db.session, data, *args)
