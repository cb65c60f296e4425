"""RPC entrypoints of the organization sheets (党组织台账 / 党员名册), the conventions of
``gateway/transfer/specs.py``; rules in :mod:`sheets` and
:mod:`org_import`."""
from __future__ import annotations

from datetime import date

from services.organization import org_import, place_refs, sheets
from services.organization.entrypoints import ORG_ADMINS, Entrypoints
from shared.errors import ValidationFailed
from shared.nameko_ext import rpc
from shared.scope import require_role

READERS = ("county_admin", "command_center", "street_staff", "community_staff", "grid_worker", "dashboard")
MAX_PAGE = 5000


def _limit(limit) -> int:
    return max(1, min(int(limit), MAX_PAGE))


class SheetRpc(Entrypoints):
    @rpc
    def export_orgs(self, after=None, limit=2000, filters=None, export=None):
        """党组织台账: each page is one entry of the member access audit trail."""
        require_role(self.principal, *READERS)
        export, filters = export or {}, filters or {}
        ident = sheets.export_id(export)
        session = self.db.session
        with session.begin():
            page = sheets.orgs_page(session, self.principal, after=after, limit=_limit(limit), filters=filters)
            sheets.record_export(session, self.principal, "orgs", export, ident, filters, len(page["rows"]))
            return page

    @rpc
    def export_members(self, after=None, limit=2000, filters=None, export=None):
        """党员名册: ID numbers and phones masked, unless a county admin asks with a reason (each value
        shown audited); each page is one more entry of the audit trail."""
        export, filters = export or {}, filters or {}
        unmasked = bool(isinstance(export, dict) and export.get("unmasked"))
        require_role(self.principal, *(ORG_ADMINS if unmasked else READERS))
        ident = sheets.export_id(export)
        reason = str(export.get("reason") or "").strip()
        if unmasked and len(reason) < 2:
            raise ValidationFailed([{"field": "reason", "message": "reason: give the reason for showing ID "
                                     "numbers and phones", "message_zh": "reason：导出明文身份证号和手机号须填写事由"}])
        session = self.db.session
        with session.begin():
            page = sheets.members_page(session, self.principal, after=after, limit=_limit(limit),
                                       filters=filters, unmasked=unmasked,
                                       reason=f"export {ident}: {reason}"[:200])
            sheets.record_export(session, self.principal, "members", export, ident, filters, len(page["rows"]))
            return page

    @rpc
    def import_members(self, rows, dry_run=False, import_id=None):
        """A batch of member rows checked one by one; the good ones written in one transaction."""
        require_role(self.principal, *ORG_ADMINS)
        if not isinstance(rows, list) or len(rows) > sheets.MAX_BATCH:
            raise ValidationFailed([{"field": "rows", "message": f"rows: at most {sheets.MAX_BATCH} a batch",
                                     "message_zh": f"rows：每批最多 {sheets.MAX_BATCH} 行"}])
        session = self.db.session
        with session.begin():
            return sheets.import_members(session, self.principal, rows, today=date.today(), dry_run=bool(dry_run))

    @rpc
    def import_orgs(self, rows, dry_run=False, import_id=None):
        """党组织台账: the whole sheet in one call; every new org written, or none (see :mod:`org_import`);
        its place ids looked up with the grid service first (:mod:`place_refs`)."""
        require_role(self.principal, *ORG_ADMINS)
        if not isinstance(rows, list) or len(rows) > org_import.MAX_ROWS:
            raise ValidationFailed([{"field": "rows", "message": f"rows: at most {org_import.MAX_ROWS} a sheet",
                                     "message_zh": f"rows：每个表格最多 {org_import.MAX_ROWS} 行"}])
        known = place_refs.known(self.grid, org_import.place_ids(rows))  # one lookup for the sheet
        session = self.db.session
        try:
            with session.begin():
                return org_import.import_orgs(session, self.principal, self.outbox.record, self.actor, rows,
                                              dry_run=bool(dry_run), known_places=known)
        except org_import.Refused as exc:  # refused while writing: rolled back as a whole
            return {"accepted": 0, "unchanged": 0, "errors": exc.errors}
