"""A consumer of dispatch's case.reported whose handler burns the CPU, for fault 5; started as a
process: ``python -m tests.reliability.slow_consumer`` (env: SLOW_MODE = block | tpool,
SLOW_SECONDS, SLOW_HEARTBEAT, SLOW_DB = a SQLite file).

It is built like a real consumer — shared.nameko_ext's quorum-queue event handler, the inbox of
shared.outbox in the handler's transaction — and records every delivery it sees (``attempts``, in a
transaction of its own) and every application (``applied``).
"""
from __future__ import annotations

import os
import time

import sqlalchemy as sa

from shared import runner  # eventlet-patches the process first
from shared.db import open_tenant_session, tenant_sessionmaker, utcnow
from shared.nameko_ext import EventId, Tenant, event_handler
from shared.outbox import first_delivery, messaging_tables

metadata = sa.MetaData()
_, inbox = messaging_tables(metadata)
attempts = sa.Table("attempts", metadata, sa.Column("event_id", sa.String(64)),
                    sa.Column("at", sa.DateTime(timezone=True)))
applied = sa.Table("applied", metadata, sa.Column("event_id", sa.String(64)),
                   sa.Column("at", sa.DateTime(timezone=True)))
engine = sa.create_engine(f"sqlite:///{os.environ.get('SLOW_DB', ':memory:')}",
                          connect_args={"timeout": 30})
factory = tenant_sessionmaker(engine)


def burn(seconds: float) -> int:
    """Pure CPU, never yielding to eventlet (what a big computation in a handler does)."""
    end, n = time.monotonic() + seconds, 0
    while time.monotonic() < end:
        n += sum(i * i for i in range(2000))
    return n


class SlowConsumer:
    name = "slowtest"
    tenant = Tenant()
    event_id = EventId()

    @event_handler("dispatch", "case.reported")
    def on_case_reported(self, payload):
        with engine.begin() as conn:
            conn.execute(attempts.insert().values(event_id=self.event_id, at=utcnow()))
        session = open_tenant_session(factory, self.tenant)
        try:
            with session.begin():
                if not first_delivery(session, inbox, "slowtest.on_case_reported", self.event_id):
                    return
                seconds = float(os.environ.get("SLOW_SECONDS", "6"))
                if os.environ.get("SLOW_MODE") == "tpool":
                    from eventlet import tpool

                    tpool.execute(burn, seconds)  # the remedy: heavy work off the event loop
                else:
                    burn(seconds)
                session.execute(applied.insert().values(event_id=self.event_id, at=utcnow()))
        finally:
            session.close()


def main() -> int:
    metadata.create_all(engine)
    heartbeat = float(os.environ.get("SLOW_HEARTBEAT", "30"))
    real_update = runner.config.update
    runner.config.update = lambda values: real_update({**values, "HEARTBEAT": heartbeat})
    return runner.main(["tests.reliability.slow_consumer:SlowConsumer"])


if __name__ == "__main__":
    raise SystemExit(main())
