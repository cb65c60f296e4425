"""RPC entrypoints for monthly inspections, satisfaction surveys, the yearly evaluation and its export."""
from __future__ import annotations

import base64
import uuid

from services.property import bidding, companies, evaluation, indicator_sets, inspections, places, surveys, workbook
from services.property.entrypoint_support import AUTHORITY, COMMUNITY, SCORERS, Entrypoints, _day, _int
from shared.contracts import property as c
from shared.contracts.validation import parse_id, validate
from shared.errors import NotFound, ValidationFailed
from shared.nameko_ext import rpc
from shared.scope import require_role


class OversightEntrypoints(Entrypoints):
    @rpc
    def checklist(self):
        return [{"item": i, "name": n, "max_score": m} for i, n, m in inspections.CHECKLIST]

    @rpc
    def draw_inspections(self, draw):
        data = validate(c.DrawIn, draw)
        return inspections.draw_out(self._write(AUTHORITY, inspections.draw, data, self._who))

    @rpc
    def rerun_draw(self, draw_id):
        row = inspections.get_draw(self.db.session, parse_id(draw_id, "drawId"))
        return {"draw": inspections.draw_out(row),
                "sample": inspections.draw_sample(row.seed, row.population, row.sample_size),
                "matches": inspections.rerun(row)}

    @rpc
    def indicators(self, year=None):
        """The indicators in effect for ``year`` (the built-in set when the tenant has none)."""
        found = self.indicator_set(year) if year is not None else None
        return found["indicators"] if found else indicator_sets.builtin_out()

    @rpc
    def define_indicator_set(self, indicator_set):
        data = validate(c.IndicatorSetIn, indicator_set)
        session = self.db.session
        row = self._write(AUTHORITY, indicator_sets.define, data, self._who)
        return indicator_sets.set_out(row, indicator_sets.items_of(session, row.id))

    @rpc
    def indicator_set(self, year):
        session = self.db.session
        row = indicator_sets.in_effect(session, _int(year, "year", 2000, 2100))
        return indicator_sets.set_out(row, indicator_sets.items_of(session, row.id)) if row else None

    @rpc
    def list_indicator_sets(self, limit=20, after=None):
        session = self.db.session
        rows = indicator_sets.listed(session, limit=_int(limit, "first", 1, 101),
                                     after=_int(after, "after", 2000, 2100) if after is not None else None)
        return [indicator_sets.set_out(r, indicator_sets.items_of(session, r.id)) for r in rows]

    @rpc
    def open_evaluation(self, evaluation_):
        data = validate(c.EvaluationIn, evaluation_)
        return evaluation.evaluation_out(self._write(AUTHORITY, evaluation.open_year, data))

    @rpc
    def submit_scores(self, scores):
        data = validate(c.ScoresIn, scores)

        def submit(session, visible):  # a community scores the companies serving it
            visible.require_company(session, data.company_id)
            return evaluation.submit(session, data)
        row = self._write_in_scope(SCORERS[data.party], submit)
        return {"evaluation_id": str(row.evaluation_id), "company_id": str(row.company_id),
                "party": row.party, "total": round(row.total, 2)}

    @rpc
    def publish_evaluation(self, evaluation_id, on=None):
        ident = parse_id(evaluation_id, "evaluationId")
        day = _day(on, "on")
        require_role(self.principal, *AUTHORITY)
        session = self.db.session
        with session.begin():
            row = evaluation.publish(session, ident, day, self._who)
            out = evaluation.evaluation_out(row)
            self.outbox.record(session, c.EVALUATION_PUBLISHED, {
                "evaluation_id": out["id"], "year": row.year,
                "red": [r["company_id"] for r in out["ranking"] if r["list"] == "red"],
                "black": [r["company_id"] for r in out["ranking"] if r["list"] == "black"],
                "barred_until": bidding.add_months(day, row.bar_months).isoformat()})
        return out

    @rpc
    def evaluation_result(self, year):
        row = evaluation.by_year(self.db.session, _int(year, "year", 2000, 2100))
        return evaluation.evaluation_out(row) if row else None

    @rpc
    def evaluation_ranking(self, year, limit=20, after=None, filters=None):
        """A published year's ranking rows by rank (cursor: the rank), filtered by ``list``
        (red/black) and ``community_id`` (companies managing a compound there). Published, so
        tenant-wide."""
        return self._ranking(year, _int(limit, "first", 1, 101), after, filters)

    @rpc
    def export_ranking(self, after=None, limit=2000, filters=None, export=None):
        """Page RPC of the ``property-evaluation`` sheet (gateway/transfer): a published year's
        ranking with credit codes, filters ``year`` (required), ``list``, ``communityId``."""
        f = dict(filters or {})
        if f.get("year") is None:
            raise ValidationFailed([{"field": "year", "message": "year: required", "message_zh": "year：必填"}])
        size = _int(limit, "limit", 1, 5000)
        page = self._ranking(f["year"], size + 1, after, {"list": f.get("list"), "community_id": f.get("communityId")})
        more, page = len(page) > size, page[:size]
        codes = {str(co.id): co.credit_code for co in companies.by_ids(
            self.db.session, [uuid.UUID(r["company_id"]) for r in page])}
        rows = [{**r, "credit_code": codes.get(r["company_id"], ""), "total": r.get("total", r["composite"]),
                 "list_name": workbook.LISTS[r["list"]]} for r in page]
        return {"rows": rows, "next": str(page[-1]["rank"]) if more and page else None}

    def _ranking(self, year, limit: int, after, filters) -> list[dict]:
        session = self.db.session
        row = evaluation.by_year(session, _int(year, "year", 2000, 2100))
        if row is None or row.status != "published":
            return []
        f = dict(filters or {})
        rows = row.ranking
        if f.get("list") is not None:
            rows = [r for r in rows if r["list"] == f["list"]]
        if f.get("community_id") is not None:
            community = places.Visibility("community", parse_id(f["community_id"], "communityId"))
            serving = {str(co.id) for co in companies.by_ids(session, [uuid.UUID(r["company_id"]) for r in rows],
                                                              community)}
            rows = [r for r in rows if r["company_id"] in serving]
        start = _int(after, "after", 0, 100_000) if after is not None else 0
        return [r for r in rows if r["rank"] > start][:limit]

    @rpc
    def bid_eligibility(self, credit_code, on=None):
        day = _day(on, "on")
        return bidding.bid_eligibility(self.db.session, str(credit_code), day)

    @rpc
    def open_survey(self, survey):
        data = validate(c.SurveyIn, survey)
        row = self._write_at(COMMUNITY, data.compound_id, surveys.open_survey, data)
        return {"id": str(row.id), "compound_id": str(row.compound_id), "compound_name": row.compound_name,
                "company_id": str(row.company_id) if row.company_id else None, "year": row.year,
                "quarter": row.quarter}

    @rpc
    def answer_survey(self, answer):
        data = validate(c.AnswerIn, answer)
        row = self._write_in_scope(COMMUNITY, lambda session, visible: surveys.answer(session, data, visible))
        return {"id": str(row.id), "survey_id": str(row.survey_id), "household": row.household,
                "rating": row.rating}

    @rpc
    def survey_results(self, year, quarter):
        return surveys.by_compound(self.db.session, _int(year, "year", 2000, 2100), _int(quarter, "quarter", 1, 4),
                                   self._visible())

    @rpc
    def company_satisfaction(self, year, quarter):
        return surveys.by_company(self.db.session, _int(year, "year", 2000, 2100), _int(quarter, "quarter", 1, 4),
                                  self._visible())

    @rpc
    def evaluation_workbook(self, year, county=""):
        """The published ranking and lists as an .xlsx file, base64-encoded."""
        session = self.db.session
        row = evaluation.by_year(session, _int(year, "year", 2000, 2100))
        if row is None or row.status != "published":
            raise NotFound("published evaluation", "已发布的考评", year, field="year")
        ids = [uuid.UUID(r["company_id"]) for r in row.ranking]
        codes = {str(co.id): co.credit_code for co in companies.by_ids(session, ids)}
        barred = bidding.add_months(row.published_on, row.bar_months).isoformat()
        data = workbook.evaluation_workbook(str(county or "")[:32], row.year, row.ranking, codes, barred)
        return {"filename": f"property-evaluation-{row.year}.xlsx", "content_base64": base64.b64encode(data).decode()}
