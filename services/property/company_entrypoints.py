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
        return companies.contract_out(self._write(AUTHORITY, companies.add_contract, data))

    @rpc
    def append_credit_entry(self, entry):
        data = validate(c.CreditEntryIn, entry)

        def append(session):
            return companies.append_credit(session, companies.get_company(session, data.company_id),
                                           data.kind, data.summary, by=self._who)
        return companies.entry_out(self._write(AUTHORITY, append))

    @rpc
    def get_company(self, company_id):
        rows = companies.by_ids(self.db.session, [parse_id(company_id, "id")])
        if not rows:
            raise NotFound("company", "物业企业", company_id, field="id")
        return companies.companies_out(self.db.session, rows)[0]

    @rpc
    def companies_by_ids(self, ids):
        rows = companies.by_ids(self.db.session, [parse_id(i, "ids") for i in ids])
        return companies.companies_out(self.db.session, rows)

    @rpc
    def list_companies(self):
        return companies.companies_out(self.db.session, companies.all_companies(self.db.session))

    @rpc
    def credit_file(self, company_ids):
        ids = [parse_id(i, "companyIds") for i in company_ids]
        return [companies.entry_out(e) for e in companies.credit_entries(self.db.session, ids)]

    @rpc
    def set_compound_mode(self, mode):
        data = validate(c.CompoundModeIn, mode)
        return management.mode_out(self._write(AUTHORITY, management.set_mode, data))

    @rpc
    def record_funding(self, entry):
        data = validate(c.FundingIn, entry)
        row = self._write(COMMUNITY, management.record_funding, data)
        return {"id": str(row.id), "compound_id": str(row.compound_id), "on": row.on.isoformat(),
                "direction": row.direction, "source": row.source, "amount_fen": row.amount_fen,
                "note": row.note}

    @rpc
    def list_compound_modes(self):
        return [management.mode_out(r) for r in management.all_modes(self.db.session)]

    @rpc
    def funding_summary(self, compound_id, year, half):
        return management.funding_summary(self.db.session, parse_id(compound_id, "compoundId"),
                                          _int(year, "year", 2000, 2100), _int(half, "half", 1, 2))
