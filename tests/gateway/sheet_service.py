"""A tiny nameko service behind the spreadsheet routes' tests (runs in a subprocess only).

Keeps rows in memory per tenant and follows the two conventions of gateway/transfer/specs.py:
a keyset-paged export method and a batch import method that refuses rows by field.
"""
from shared.nameko_ext import Tenant, rpc

_ROWS: dict[str, dict[str, dict]] = {}
_AUDIT: dict[str, list] = {}


class SheetService:
    name = "sheets"

    tenant = Tenant()

    @rpc
    def import_people(self, rows, dry_run, import_id):
        table = _ROWS.setdefault(self.tenant, {})
        accepted, errors = 0, []
        for row in rows:
            if row["name"] == "拒绝":
                errors.append({"row": row["row"], "field": "name", "code": "CONFLICT",
                               "message": "refused by the service", "message_zh": "服务拒绝"})
                continue
            accepted += 1
            if not dry_run:  # idempotent on the natural key
                table[row["id_number"]] = {k: v for k, v in row.items() if k != "row"}
        return {"accepted": accepted, "errors": errors}

    @rpc
    def export_people(self, after, limit, filters, export):
        _AUDIT.setdefault(self.tenant, []).append(export["id"])
        keys = sorted(k for k in _ROWS.get(self.tenant, {}) if after is None or k > after)
        if filters.get("name"):
            keys = [k for k in keys if _ROWS[self.tenant][k]["name"] == filters["name"]]
        page = keys[:limit]
        return {"rows": [_ROWS[self.tenant][k] for k in page],
                "next": page[-1] if len(keys) > limit else None}

    @rpc
    def audits(self):
        return len(set(_AUDIT.get(self.tenant, [])))
