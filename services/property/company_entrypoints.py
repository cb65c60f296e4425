"""RPC entrypoints for companies, the credit file, management modes and fallback funding."""
from __future__ import annotations

from services.property import companies, management
from services.property.entrypoint_support import AUTHORITY, COMMUNITY, Entrypoints, _int
from shared.contracts import property as c
from shared.contracts.validation import parse_id, validate
from shared.errors import NotFound
from shared.nameko_ext import rpc


class CompanyEntrypoints(Entrypoints):
    @rpc
    def register_company(self, company):
        data = validate(c.CompanyIn, company)
        row = self._write(AUTHORITY, companies.register, data, self._who)
        return companies.company_out(row, [])

    @rpc
    def add_management_contract(self, contract):
        data = validate(c.ContractIn, contract)
        return companies.contract_out(self._write_at(AUTHORITY, data.compound_id, companies.add_contract, data))

    @rpc
    def append_credit_entry(self, entry):
        data = validate(c.CreditEntryIn, entry)

        def append(session, visible):
            company = companies.get_company(session, data.company_id)
            visible.require_company(session, company.id)
            return companies.append_credit(session, company, data.kind, data.summary, by=self._who)
        return companies.entry_out(self._write_in_scope(AUTHORITY, append))

    @rpc
    def get_company(self, company_id):
        rows = companies.by_ids(self.db.session, [parse_id(company_id, "id")], self._visible())
        if not rows:
            raise NotFound("company", "物业企业", company_id, field="id")
        return companies.companies_out(self.db.session, rows)[0]

    @rpc
    def companies_by_ids(self, ids):
        visible = self._visible()
        rows = companies.by_ids(self.db.session, [parse_id(i, "ids") for i in ids], visible)
        return companies.companies_out(self.db.session, rows, visible)

    @rpc
    def list_companies(self, limit=None, after=None, filters=None):
        """Companies in the caller's scope by name; ``limit``/``after`` page them (cursor
        ``<name>|<id>``); ``filters``: ``community_id``, ``list`` (red/black in ``year``), ``barred``."""
        session, visible = self.db.session, self._visible()
        rows = companies.listed(session, visible, limit=_int(limit, "first", 1, 101) if limit is not None else None,
                                after=after, **companies.list_filters(filters))
        return companies.companies_out(session, rows, visible)

    @rpc
    def credit_file(self, company_ids):
        ids = [parse_id(i, "companyIds") for i in company_ids]
        visible = [r.id for r in companies.by_ids(self.db.session, ids, self._visible())]
        return [companies.entry_out(e) for e in companies.credit_entries(self.db.session, visible)]

    @rpc
    def set_compound_mode(self, mode):
        data = validate(c.CompoundModeIn, mode)
        return management.mode_out(self._write_at(AUTHORITY, data.compound_id, management.set_mode, data))

    @rpc
    def record_funding(self, entry):
        data = validate(c.FundingIn, entry)

        def record(session, visible):
            visible.require_compound(session, data.compound_id, "compound management record", "小区管理模式记录",
                                     data.compound_id, "compoundId")
            return management.record_funding(session, data)
        row = self._write_in_scope(COMMUNITY, record)
        return {"id": str(row.id), "compound_id": str(row.compound_id), "on": row.on.isoformat(),
                "direction": row.direction, "source": row.source, "amount_fen": row.amount_fen,
                "note": row.note}

    @rpc
    def list_compound_modes(self, limit=None, after=None, filters=None):
        """Management modes in scope by compound name; ``filters``: ``mode``, ``community_id``."""
        rows = management.listed(self.db.session, self._visible(),
                                 limit=_int(limit, "first", 1, 101) if limit is not None else None, after=after,
                                 **management.list_filters(filters))
        return [management.mode_out(r) for r in rows]

    @rpc
    def funding_summary(self, compound_id, year, half):
        ident = parse_id(compound_id, "compoundId")
        self._visible().require_compound(self.db.session, ident, "compound", "小区", ident, "compoundId")
        return management.funding_summary(self.db.session, ident,
                                          _int(year, "year", 2000, 2100), _int(half, "half", 1, 2))
