"""RPC entrypoints for monthly inspections, satisfaction surveys, the yearly evaluation and its export."""
from __future__ import annotations

import base64
import uuid

from services.property import bidding, companies, evaluation, inspections, surveys, workbook
from services.property.entrypoint_support import AUTHORITY, COMMUNITY, SCORERS, Entrypoints, _day, _int
from services.property.indicators import INDICATORS
from shared.contracts import property as c
from shared.contracts.validation import parse_id, validate
from shared.errors import NotFound
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
    def indicators(self):
        return INDICATORS

    @rpc
    def open_evaluation(self, evaluation_):
        data = validate(c.EvaluationIn, evaluation_)
        return evaluation.evaluation_out(self._write(AUTHORITY, evaluation.open_year, data))

    @rpc
    def submit_scores(self, scores):
        data = validate(c.ScoresIn, scores)
        row = self._write(SCORERS[data.party], evaluation.submit, data)
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
    def bid_eligibility(self, credit_code, on=None):
        day = _day(on, "on")
        return bidding.bid_eligibility(self.db.session, str(credit_code), day)

    @rpc
    def open_survey(self, survey):
        data = validate(c.SurveyIn, survey)
        row = self._write(COMMUNITY, surveys.open_survey, data)
        return {"id": str(row.id), "compound_id": str(row.compound_id), "compound_name": row.compound_name,
                "company_id": str(row.company_id) if row.company_id else None, "year": row.year,
                "quarter": row.quarter}

    @rpc
    def answer_survey(self, answer):
        data = validate(c.AnswerIn, answer)
        row = self._write(COMMUNITY, surveys.answer, data)
        return {"id": str(row.id), "survey_id": str(row.survey_id), "household": row.household,
                "rating": row.rating}

    @rpc
    def survey_results(self, year, quarter):
        return surveys.by_compound(self.db.session, _int(year, "year", 2000, 2100), _int(quarter, "quarter", 1, 4))

    @rpc
    def company_satisfaction(self, year, quarter):
        return surveys.by_company(self.db.session, _int(year, "year", 2000, 2100), _int(quarter, "quarter", 1, 4))

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
