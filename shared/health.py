"""The health RPC every service exposes (no tenant needed): process up, database reachable."""
from __future__ import annotations

import sqlalchemy as sa

from shared.db import TenantDb


def health_report(service: str, db: TenantDb) -> dict:
    status = {"service": service, "status": "ok", "database": "ok"}
    try:
        with db.engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
    except Exception as exc:  # report, don't raise: the caller wants to see the state
        status.update(status="degraded", database=f"unreachable: {type(exc).__name__}")
    return status
