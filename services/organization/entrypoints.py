"""What every group of organization entrypoints shares: argument parsing and the write helper."""
from __future__ import annotations

from datetime import date

from shared.errors import ValidationFailed
from shared.scope import require_role

ORG_ADMINS = ("county_admin",)


def parse_date(value, field: str) -> date:
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ValidationFailed([{"field": field, "message": f"{field}: not a valid date",
                                 "message_zh": f"{field}：不是有效的日期"}]) from None


def parse_year(value) -> int:
    if isinstance(value, int) and 2000 <= value <= 2100:
        return value
    raise ValidationFailed([{"field": "year", "message": "year: must be 2000..2100",
                             "message_zh": "year：年份须在 2000 到 2100 之间"}])


class Entrypoints:
    """Mixed into the service class, which provides ``db``, ``outbox``, ``principal`` and ``grid``
    (the grid service's RPC proxy)."""

    @property
    def actor(self) -> str | None:
        return self.principal.subject if self.principal else None

    def _places(self, check, data, *, roles=ORG_ADMINS) -> None:
        """``check(grid, data)`` from :mod:`place_refs`: the place ids ``data`` names exist in this
        county (asked of the grid service before any transaction), for an allowed role only."""
        require_role(self.principal, *roles)
        check(self.grid, data)

    def _write(self, work, *, roles=ORG_ADMINS):
        """Run ``work(session)`` in one transaction, for an allowed role only."""
        require_role(self.principal, *roles)
        session = self.db.session
        with session.begin():
            return work(session)
