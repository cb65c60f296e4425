"""RPC entrypoints for recording inspections and filing their findings as rectification cases in
dispatch (the grid is checked first; filing follows the commit and can be repeated)."""
from __future__ import annotations

import logging
import uuid

from services.property import inspections, rectification
from services.property.entrypoint_support import AUTHORITY, Entrypoints, _int
from services.property.management import mode_of
from shared import remote
from shared.contracts import property as c
from shared.contracts.validation import parse_id, validate
from shared.errors import CivicError, Conflict
from shared.nameko_ext import rpc
from shared.scope import require_role

log = logging.getLogger(__name__)


class InspectionEntrypoints(Entrypoints):
    @rpc
    def record_inspection(self, inspection):
        """Without ``grid_id`` the findings are filed in the grid the grid service names for the
        compound (``grids_by_compound``: the grid appointed to it first); none → left unfiled."""
        data = validate(c.InspectionIn, inspection)
        require_role(self.principal, *AUTHORITY)
        grid = data.grid_id
        if grid is not None:
            self._check_grid(grid, data.compound_id)
        else:
            grid = self._grid_of(data.compound_id)

        def record(session, visible):
            visible.require_compound(session, data.compound_id, "compound", "小区", data.compound_id, "compoundId")
            return inspections.record(session, data, self._who)
        row = self._write_in_scope(AUTHORITY, record)
        if grid is not None:
            self._file(row, grid)
        return self._out(row)

    @rpc
    def file_rectifications(self, inspection_id, grid_id):
        """File the findings that have no case yet (after a failed filing, or without a grid before)."""
        require_role(self.principal, *AUTHORITY)
        ident, grid = parse_id(inspection_id, "inspectionId"), parse_id(grid_id, "gridId")
        with self.db.session.begin():  # closed before filing opens its own transactions
            row = inspections.get_inspection(self.db.session, ident)
        self._check_grid(grid, row.compound_id)
        self._file(row, grid)
        return self._out(row)

    @rpc
    def inspection_month(self, year, month):
        draw, rows = inspections.month(self.db.session, _int(year, "year", 2000, 2100),
                                       _int(month, "month", 1, 12), self._visible())
        findings = rectification.findings_of(self.db.session, [r.id for r in rows])
        return {"draw": inspections.draw_out(draw) if draw else None,
                "inspections": [inspections.inspection_out(r, findings[r.id]) for r in rows]}

    def _check_grid(self, grid_id: uuid.UUID, compound_id: uuid.UUID) -> None:
        """The grid must exist and cover the compound (appointed to it or holding households there)."""
        grid = remote.call(self.grid, "grid", "get_grid", str(grid_id))
        if grid.get("compound_id") == str(compound_id):
            return
        [covering] = remote.call(self.grid, "grid", "grids_by_compound", [str(compound_id)])
        if str(grid_id) not in {g["id"] for g in covering["grids"]}:
            raise Conflict("the grid does not cover this compound", "该网格不覆盖此小区", field="gridId")

    def _grid_of(self, compound_id: uuid.UUID) -> uuid.UUID | None:
        try:
            [covering] = remote.call(self.grid, "grid", "grids_by_compound", [str(compound_id)])
        except CivicError as exc:  # the findings wait for file_rectifications
            log.warning("no grid for compound %s: %s", compound_id, exc.code)
            return None
        grids = sorted(covering["grids"], key=lambda g: g.get("compound_id") != str(compound_id))
        return uuid.UUID(grids[0]["id"]) if grids else None

    def _file(self, row, grid_id: uuid.UUID) -> None:
        session = self.db.session
        with session.begin():
            pending = rectification.unfiled(session, row.id)
            mode = mode_of(session, row.compound_id)
        name = mode.compound_name if mode is not None else ""
        for finding in pending:
            try:
                case = remote.call(self.dispatch, "dispatch", "report_case", rectification.case_payload(
                    finding, grid_id, name, c.RECTIFICATION_CATEGORY, self._who))
            except CivicError as exc:  # left unfiled; file_rectifications tries again
                log.warning("filing finding %s in dispatch failed: %s", finding.id, exc.code)
                continue
            with session.begin():
                rectification.filed(session, finding.id, uuid.UUID(case["id"]))

    def _out(self, row):
        return inspections.inspection_out(row, rectification.findings_of(self.db.session, [row.id])[row.id])
