"""RPC entrypoints of the sheets (表格导入导出), mixed into GridService; the conventions are those
of ``gateway/transfer/specs.py``: a batch import method and keyset-paged export methods."""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy.exc import IntegrityError

from services.grid import residents_import, roster_import, sheets_export
from services.grid.residents_rpc import READERS, UNMASKERS, WRITERS
from services.grid.roster_rpc import APPOINTERS
from shared.contracts.grid import RESIDENT_MOVED_GRID
from shared.errors import Conflict, ValidationFailed
from shared.nameko_ext import rpc
from shared.scope import require_role

MAX_PAGE = 5000


def _limit(limit) -> int:
    return max(1, min(int(limit), MAX_PAGE))


class SheetsRpc:
    @rpc
    def import_residents(self, rows, dry_run=False, import_id=None):
        """Check and write one batch of resident rows (``ResidentImportRow``) → ``ImportResult``."""
        require_role(self.principal, *WRITERS)
        if not isinstance(rows, list) or len(rows) > residents_import.MAX_BATCH:
            raise ValidationFailed([{"field": "rows", "message": f"rows: a list of at most "
                                     f"{residents_import.MAX_BATCH} rows", "message_zh": "rows：每批最多 "
                                     f"{residents_import.MAX_BATCH} 行"}])
        session = self.db.session
        try:
            with session.begin():
                plan = residents_import.plan_batch(session, self.principal, rows,
                                                   today=datetime.now(timezone.utc).date())
                if not dry_run:
                    residents_import.apply(session, plan)
                    for moved in plan.moved:
                        self.outbox.record(session, RESIDENT_MOVED_GRID, moved)
        except IntegrityError:  # a concurrent import registered the same household or person
            raise Conflict("another import changed these rows at the same time; import the batch again",
                           "其他导入同时修改了这些行，请重新导入") from None
        return plan.result()

    @rpc
    def import_roster(self, rows, dry_run=False, import_id=None):
        """Check a whole roster sheet (``PostImportRow``) and write it all, or nothing if any row is
        refused → ``ImportResult`` (``accepted`` 0 when any row is refused)."""
        require_role(self.principal, *APPOINTERS)
        if not isinstance(rows, list) or len(rows) > roster_import.MAX_BATCH:
            raise ValidationFailed([{"field": "rows", "message": f"rows: a list of at most "
                                     f"{roster_import.MAX_BATCH} rows", "message_zh": "rows：最多 "
                                     f"{roster_import.MAX_BATCH} 行"}])
        session = self.db.session
        with session.begin():
            plan = roster_import.plan_sheet(session, self.principal, rows)
            if not dry_run:
                roster_import.apply(session, plan)
        return plan.result()

    def _export(self, sheet: str, page, after, limit, filters, export, **extra):
        export = export or {}
        session = self.db.session
        with session.begin():
            out = page(session, self.principal, after=after, limit=_limit(limit), filters=filters or {}, **extra)
            sheets_export.record_export(session, self.principal, sheet, export, filters or {}, len(out["rows"]))
        return out

    @rpc
    def export_residents(self, after=None, limit=2000, filters=None, export=None):
        """A page of the residents sheet (``ExportPage``): masked unless ``export['unmasked']``."""
        unmasked = bool((export or {}).get("unmasked"))
        require_role(self.principal, *(UNMASKERS if unmasked else READERS))
        reason = f"export {(export or {}).get('id')}: {(export or {}).get('reason') or 'sheet'}"[:200]
        return self._export("residents", sheets_export.residents_page, after, limit, filters, export,
                            unmasked=unmasked, reason=reason)

    @rpc
    def export_households(self, after=None, limit=2000, filters=None, export=None):
        require_role(self.principal, *READERS)
        return self._export("households", sheets_export.households_page, after, limit, filters, export)

    @rpc
    def export_grids(self, after=None, limit=2000, filters=None, export=None):
        require_role(self.principal, *READERS, "dashboard")
        return self._export("grids", sheets_export.grids_page, after, limit, filters, export)

    @rpc
    def export_posts(self, after=None, limit=2000, filters=None, export=None):
        require_role(self.principal, *READERS, "dashboard")
        return self._export("posts", sheets_export.posts_page, after, limit, filters, export)
