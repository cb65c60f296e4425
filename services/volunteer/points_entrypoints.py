"""RPC entrypoints for points: rules, adjustments, duty, reversals, the ledger and its reports,
and the pioneer index."""
from __future__ import annotations

from services.volunteer import ledger, people, pioneer, reports, rules, sheets
from services.volunteer.entrypoints import Entrypoints
from shared import keyset
from shared.contracts.validation import parse_id, validate
from shared.contracts.volunteer import (
    AdjustmentIn,
    DutyIn,
    LeaderboardIn,
    LedgerPageIn,
    PioneerMonthIn,
    PointRuleIn,
)
from shared.errors import Conflict, ValidationFailed
from shared.nameko_ext import rpc


class PointsEntrypoints(Entrypoints):
    @rpc
    def set_point_rule(self, rule):
        data = validate(PointRuleIn, rule)
        return self._write(lambda s: rules.rule_out(rules.set_rule(s, data)))

    @rpc
    def list_point_rules(self):
        return [rules.rule_out(r) for r in rules.list_rules(self.db.session)]

    @rpc
    def adjust_points(self, adjustment):
        data = validate(AdjustmentIn, adjustment)

        def work(session):
            people.in_scope(session, self.principal, people.get_volunteer(session, data.volunteer_id))
            target = ledger.volunteer_account(session, data.volunteer_id)
            ledger.lock_account(session, target)
            if ledger.balance(session, target.id) + data.points < 0:
                raise Conflict("the balance would go below zero", "积分余额不能为负", field="points")
            issuance = ledger.account(session, ledger.ISSUANCE, "issuance")
            txn = ledger.post(session, source_type="adjustment", source_id=data.reference,
                              reason=data.reason, occurred_on=self._today(),
                              legs=[(issuance, -data.points), (target, data.points)])
            if txn is None:
                raise Conflict("this reference was already used", "该调整编号已使用", field="reference")
            self._posted(session, txn, data.volunteer_id, data.points)
            return {"transaction_id": str(txn.id), "balance": ledger.balance(session, target.id)}
        return self._write(work)

    @rpc
    def award_duty(self, duty):
        data = validate(DutyIn, duty)

        def work(session):
            people.in_scope(session, self.principal, people.get_volunteer(session, data.volunteer_id))
            txn, points = rules.award_duty(session, volunteer_id=data.volunteer_id, month=data.month,
                                           role=data.role)
            self._posted(session, txn, data.volunteer_id, points)
            balance = ledger.balance(session, ledger.volunteer_account(session, data.volunteer_id).id)
            return {"transaction_id": str(txn.id), "balance": balance}
        return self._write(work)

    @rpc
    def reverse_transaction(self, transaction_id, reason):
        ident = parse_id(transaction_id, "transactionId")
        if not isinstance(reason, str) or len(reason.strip()) < 2:
            raise ValidationFailed([{"field": "reason", "message": "reason: give a reason",
                                     "message_zh": "reason：请填写原因"}])

        def work(session):
            txn = ledger.reverse(session, ident, reason=reason.strip()[:200],
                                 occurred_on=self._today())
            return {"transaction_id": str(txn.id), "reverses_id": str(ident)}
        return self._write(work)

    @rpc
    def ledger(self, volunteer_ids):
        session = self.db.session
        ids = people.visible_ids(session, self.principal, [parse_id(i, "volunteerIds") for i in volunteer_ids])
        return ledger.history(session, ids)

    @rpc
    def ledger_page(self, query):
        """积分明细: a page of entries, newest first, in the caller's scope."""
        return ledger.page(self.db.session, validate(LedgerPageIn, query), people.visible(self.principal))

    @rpc
    def statement(self, volunteer_id, year):
        if not isinstance(year, int) or not 2000 <= year <= 2100:
            raise ValidationFailed([{"field": "year", "message": "year: 2000..2100",
                                     "message_zh": "year：须在 2000 到 2100 之间"}])
        session = self.db.session
        volunteer = people.get_volunteer(session, parse_id(volunteer_id, "volunteerId"),
                                         principal=self.principal)
        return reports.statement(session, ledger.volunteer_account(session, volunteer.id).id, year)

    @rpc
    def ledger_check(self):
        """The tenant's sum of all entries: 0 while the ledger is whole."""
        session = self.db.session
        return {"total": ledger.tenant_total(session)}

    @rpc
    def pioneer_index(self, month=None, limit=None, after=None):
        """先锋指数, live; with ``limit``, a page best first, then by name and volunteer id, after
        the cursor ``after`` (``<index>|<name>|<volunteer id>``)."""
        period = validate(PioneerMonthIn, {"month": month}).month if month else None
        if limit is not None:
            limit, after = keyset.limit_of(limit), keyset.number_name_cursor(after)
        rows = pioneer.index(self.db.session, period, self.principal)
        return rows if limit is None else pioneer.page(rows, limit=limit, after=after)

    @rpc
    def snapshot_pioneer_index(self, month):
        data = validate(PioneerMonthIn, {"month": month})
        taken_by = self.principal.subject if self.principal else "scheduler"
        return self._write(lambda s: pioneer.snapshot(s, data.month, taken_by))

    @rpc
    def pioneer_snapshot(self, month):
        return pioneer.snapshot_rows(self.db.session, validate(PioneerMonthIn, {"month": month}).month,
                                     self.principal)

    @rpc
    def leaderboard(self, query):
        data = validate(LeaderboardIn, query)
        return reports.leaderboard(self.db.session, data, self.principal)

    # sheets (表格导出), the convention of gateway/transfer/specs.py
    @rpc
    def export_volunteers(self, after=None, limit=2000, filters=None, export=None):
        """志愿者台账: a page of volunteers with hours and points, in the caller's scope."""
        return sheets.volunteers_page(self.db.session, self.principal, after=after,
                                      limit=max(1, min(int(limit), 5000)), filters=filters or {})

    @rpc
    def export_ledger(self, after=None, limit=2000, filters=None, export=None):
        """积分明细: a page of ledger entries of volunteers in the caller's scope."""
        return sheets.ledger_page(self.db.session, self.principal, after=after,
                                  limit=max(1, min(int(limit), 5000)), filters=filters or {})
