"""RPC entrypoints of the suggested star rating (星级评定建议) and its tenant formula; rules in
:mod:`star_suggestion`. The case figures come from dispatch by one bounded RPC, made outside any
database transaction; the member figures from this service's own service records."""
from __future__ import annotations

import logging
from datetime import datetime
from zoneinfo import ZoneInfo

from services.organization import star_suggestion, tree
from services.organization.entrypoints import Entrypoints, parse_year
from services.organization.org_types import UNIT_TYPES
from shared import remote
from shared.contracts.organization import StarFormulaIn
from shared.contracts.validation import parse_id, validate
from shared.errors import CivicError, NotFound
from shared.nameko_ext import rpc

log = logging.getLogger(__name__)
CHINA = ZoneInfo("Asia/Shanghai")


class SuggestionRpc(Entrypoints):
    @rpc
    def star_formula(self):
        return star_suggestion.formula(self.db.session)

    @rpc
    def set_star_formula(self, formula):
        data = validate(StarFormulaIn, formula)
        return self._write(lambda s: star_suggestion.set_formula(s, data, self.actor))

    def _case_figures(self, org, since, until) -> tuple[dict | None, str | None]:
        """Dispatch's measures of the org's place that year, or (None, why not)."""
        if org.type in UNIT_TYPES:
            return None, "not applicable: a unit org has no territory (单位党组织无属地事件)"
        period = {"since": since.isoformat(), "until": until.isoformat(), "group_by": "none"}
        for key in ("grid_id", "community_id", "street_id"):
            if getattr(org, key) is not None:
                period[key] = str(getattr(org, key))
                break
        try:
            rows = remote.call(self.dispatch, "dispatch", "case_measures", period)
        except CivicError as exc:
            log.warning("star suggestion: dispatch case measures unavailable (%s)", exc.code)
            return None, f"dispatch unavailable ({exc.code})"
        return (rows[0] if rows else {}), None

    @rpc
    def star_suggestion(self, org_id, year):
        org_id, year = parse_id(org_id, "orgId"), parse_year(year)
        since, until = datetime(year, 1, 1, tzinfo=CHINA), datetime(year + 1, 1, 1, tzinfo=CHINA)
        session = self.db.session
        with session.begin():  # read what we own, then release the connection before the RPC
            found = tree.orgs_by_ids(session, self.principal, [org_id])
            if not found:
                raise NotFound("party organization", "党组织", org_id, field="orgId")
            org = found[0]
            own = star_suggestion.member_figures(session, org.path, since, until)
            formula = star_suggestion.formula(session)
        cases, why = self._case_figures(org, since, until)
        notes = {}
        if cases is None:
            notes["satisfaction"] = notes["on_time"] = why
        else:
            if not cases.get("rated"):
                notes["satisfaction"] = "no rated case that year (当年无评议事件)"
            if not cases.get("resolved"):
                notes["on_time"] = "no resolved case that year (当年无办结事件)"
        if not own["members"]:
            notes["services"] = notes["hours"] = "no member (无党员)"
        if not own["in_service"]:
            notes["registration"] = "no in-service member (无在职党员)"
        figures = star_suggestion.Figures(
            satisfaction_rate=(cases or {}).get("satisfaction_rate"),
            on_time_rate=(cases or {}).get("on_time_rate"), notes=notes, **own)
        stars, score, parts = star_suggestion.suggest(figures, formula)
        return {"org_id": str(org_id), "year": year, "stars": stars, "score": score, "parts": parts,
                "members": own["members"], "formula": formula}
