"""Idempotent mutations (幂等键): an RPC delivered twice, or retried by a client with the same
``Idempotency-Key``, is applied once and answered as the first time.

The gateway puts a key in the context of every RPC a mutation makes (``civicgrid.idempotency_key``,
:mod:`gateway.idempotency`): derived from the client's ``Idempotency-Key`` header when there is
one (a retry after ``TIMEOUT``/``UNAVAILABLE`` carries it again), else random per mutation (then
only a redelivery of the same message — the service died between commit and acknowledgement —
carries it again); and from the call itself, so a key stands for one exact call.

In the service, the :class:`Idempotency` dependency (every service declares it):

* takes the key out of the worker's context, so the calls this worker makes do not carry it;
* looks it up in the service's ``rpc_replies`` table. Stored with an answer: the worker answers
  that, without running the method. Stored without one (the first run committed but died before
  its answer was stored): ``CONFLICT`` naming ``Idempotency-Key`` — applied once, answer lost;
* otherwise arms the worker's session: the first transaction it commits inserts the key, in that
  same transaction (the write and the key commit together or not at all);
* after the method returned, before the reply is sent (:class:`shared.nameko_ext.TenantRpc`),
  stores the answer (kombu's JSON, as the reply itself is serialized), sealed with the county's
  data key like ID numbers and phones (an answer may hold personal data). The table is not part of
  ``civicgrid personal-data reencrypt``: its rows expire; an answer under a retired key opens as
  "not kept".

Neither step ever raises into nameko (its ``worker_setup`` and result handling run outside the
worker's ``try``, where an exception kills the service's container): with the database down the
lookup's error becomes the call's own (``UNAVAILABLE``, retryable) and nothing runs.

Two deliveries racing on one key: the second to commit fails on the primary key and rolls back;
it answers ``CONFLICT`` with ``retryable: true`` (a retry gets the stored answer). A call that
commits nothing (refused, read-only) stores no key. Keys older than ``CIVICGRID_IDEMPOTENCY_DAYS``
(7) are deleted now and then by the county's own writes (one insert in 200 sweeps its county).

A method that deduplicates by a key of its own, stored with what it writes (dispatch's
``report_case`` and its ``client_request_id``), is named in its service's ``deduplicates_itself``
and left to that: its own key survives a crash between commit and answer, which this one does
not (a lost answer would turn a redelivered report into a ``CONFLICT``).

Why by hand: nameko has no idempotency support, and the key must commit in the business
transaction of whichever SQLAlchemy session the method uses — a session event does that.
"""
from __future__ import annotations

import logging
import random
import sys
from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa
from kombu.utils.json import dumps, loads
from nameko.extensions import DependencyProvider
from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session

from shared import personal_data
from shared.db import Database, TenantDb, open_tenant_session, utcnow
from shared.errors import Conflict
from shared.principal import TENANT_KEY
from shared.settings import get_settings

log = logging.getLogger(__name__)

IDEMPOTENCY_KEY = "civicgrid.idempotency_key"
TABLE = "rpc_replies"
ARMED = "civicgrid_idempotency"
FIELD = "Idempotency-Key"
SWEEP_ODDS = 200


def retention() -> timedelta:
    return timedelta(days=get_settings().idempotency_days)


def rpc_replies_table(metadata: sa.MetaData) -> sa.Table:
    """Add the ``rpc_replies`` table to a service's metadata (its migration creates it with
    :func:`shared.migrations_env.create_rpc_replies_table`)."""
    return sa.Table(
        TABLE, metadata,
        sa.Column("tenant_id", sa.String(12), primary_key=True),
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("method", sa.String(120), nullable=False),
        sa.Column("reply_enc", sa.Text),  # the answer, sealed like personal data (shared/personal_data.py)
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Index("ix_rpc_replies_created", "tenant_id", "created_at"),
    )


def valid_key(key) -> bool:
    return isinstance(key, str) and 16 <= len(key) <= 64 and key.isascii() and key.isalnum()


@dataclass
class Armed:
    """What a keyed worker's session records on its first commit."""

    table: sa.Table
    tenant: str
    key: str
    method: str
    wrote: bool = False  # this transaction changed rows
    committed: bool = False


@event.listens_for(Session, "do_orm_execute")
def _note_dml(state: ORMExecuteState) -> None:
    armed: Armed | None = state.session.info.get(ARMED)
    if armed is not None and (state.is_insert or state.is_update or state.is_delete):
        armed.wrote = True


@event.listens_for(Session, "after_flush")
def _note_flush(session: Session, _ctx) -> None:
    armed: Armed | None = session.info.get(ARMED)
    if armed is not None and (session.new or session.dirty or session.deleted):
        armed.wrote = True


@event.listens_for(Session, "after_transaction_end")
def _forget_writes(session: Session, transaction) -> None:
    armed: Armed | None = session.info.get(ARMED)
    if armed is not None and transaction.parent is None:  # committed (noted) or rolled back
        armed.wrote = False


@event.listens_for(Session, "before_commit")
def _record_key(session: Session) -> None:
    """The key goes in with the first transaction of the worker that changes rows (a transaction
    that only read stores none, so a retry after a later failure still runs)."""
    armed: Armed | None = session.info.get(ARMED)
    if armed is None or armed.committed:
        return
    if not (armed.wrote or session.new or session.dirty or session.deleted):
        return
    t = armed.table
    session.execute(t.insert().values(tenant_id=armed.tenant, key=armed.key, method=armed.method,
                                      created_at=utcnow()))
    if random.randrange(SWEEP_ODDS) == 0:
        session.execute(t.delete().where(t.c.tenant_id == armed.tenant,
                                         t.c.created_at < utcnow() - retention()))


@event.listens_for(Session, "after_commit")
def _key_committed(session: Session) -> None:
    armed: Armed | None = session.info.get(ARMED)
    if armed is not None and armed.wrote:
        armed.committed = True


def _answer(reply):
    def stored(*_args, **_kwargs):
        return reply
    return stored


def _refuse(error: Conflict):
    def refused(*_args, **_kwargs):
        raise error
    return refused


def already_applied() -> Conflict:
    return Conflict("this request was already applied once; its answer was not kept: read the current "
                    "state instead of retrying", "该请求已执行过一次，但未保存其结果：请查询当前状态，不要重试",
                    field=FIELD)


def in_progress() -> Conflict:
    error = Conflict("the same request is being applied by another delivery; retry shortly",
                     "同一请求正在处理中，请稍后重试", field=FIELD)
    error.retryable = True
    return error


class Idempotency(DependencyProvider):
    """Replays or records keyed RPCs (see the module). Declare it on the service class; it
    needs the service's :class:`shared.db.Database` and its ``rpc_replies`` table."""

    def _database(self) -> Database:
        found = [d for d in self.container.dependencies if isinstance(d, Database)]
        if len(found) != 1:
            raise RuntimeError(f"{self.container.service_name}: Idempotency needs exactly one Database")
        return found[0]

    def setup(self):
        database = self._database()
        self.table = database.metadata.tables[TABLE]

    def get_dependency(self, worker_ctx):
        return None

    def worker_setup(self, worker_ctx):
        from shared.nameko_ext import TenantRpc

        key = worker_ctx.data.pop(IDEMPOTENCY_KEY, None)
        if key is None or not isinstance(worker_ctx.entrypoint, TenantRpc):
            return
        method = worker_ctx.entrypoint.method_name
        tenant = worker_ctx.data.get(TENANT_KEY)
        if not valid_key(key) or tenant is None:
            return  # not one the gateway makes: the call runs unkeyed
        if method in getattr(worker_ctx.service, "deduplicates_itself", ()):
            return  # the method keeps a key of its own (e.g. dispatch's report_case)
        database = self._database()
        t = self.table
        try:
            with open_tenant_session(database.factory, tenant) as session:
                row = session.execute(sa.select(t.c.method, t.c.reply_enc).where(
                    t.c.tenant_id == tenant, t.c.key == key)).first()
        except Exception as exc:  # noqa: BLE001 - e.g. the database is down: fail this call, not the container
            # (nameko runs worker_setup outside the worker's try: an exception here would kill the
            # service's container). The method raises it instead: logged and answered as usual
            # (a database outage is UNAVAILABLE, retryable), and nothing runs.
            setattr(worker_ctx.service, method, _refuse(exc))
            return
        if row is not None:
            if row.method != method:
                replay = _refuse(Conflict(f"{FIELD} already used for another operation",
                                          f"{FIELD} 已用于另一项操作", field=FIELD))
            else:
                replay = self._replay(tenant, method, row.reply_enc)
            log.info("rpc %s.%s: key seen before, answered without running it",
                     self.container.service_name, method)
            setattr(worker_ctx.service, method, replay)  # looked up after worker_setup
            return
        db: TenantDb = database.for_worker(worker_ctx)
        armed = Armed(t, tenant, key, method)
        db.session.info[ARMED] = armed
        worker_ctx.civicgrid_idempotency = lambda result, exc_info: self._finish(
            database, armed, worker_ctx, result, exc_info)

    def _replay(self, tenant: str, method: str, sealed: str | None):
        if sealed is None:
            return _refuse(already_applied())
        try:
            return _answer(loads(personal_data.decrypt(tenant, sealed)))
        except Exception:  # noqa: BLE001 - its data key was retired (or the row damaged): as if not kept
            log.warning("rpc %s.%s: the stored answer does not open", self.container.service_name, method,
                        exc_info=True)
            return _refuse(already_applied())

    def _finish(self, database: Database, armed: Armed, worker_ctx, result, exc_info):
        """Before the reply goes out: keep the answer of a call that committed; a call that
        failed while another delivery committed the key becomes a retryable CONFLICT."""
        t = armed.table
        if exc_info is not None:
            # lost the race on the key? (the service may have turned the failed commit into an
            # error of its own, e.g. a CONFLICT on a unique column: look at the key itself)
            if not armed.committed:
                try:
                    with open_tenant_session(database.factory, armed.tenant) as session:
                        taken = session.execute(sa.select(t.c.key).where(
                            t.c.tenant_id == armed.tenant, t.c.key == armed.key)).first()
                except Exception:  # noqa: BLE001 - the database is down: the call's own error stands
                    return result, exc_info
                if taken is not None:
                    try:
                        raise in_progress() from exc_info[1]
                    except Conflict:
                        return None, sys.exc_info()
            return result, exc_info
        if not armed.committed:
            return result, exc_info
        try:
            with open_tenant_session(database.factory, armed.tenant) as session, session.begin():
                session.execute(t.update().where(t.c.tenant_id == armed.tenant, t.c.key == armed.key)
                                .values(reply_enc=personal_data.encrypt(armed.tenant, dumps(result))))
        except Exception:  # the call did its work: a lost answer costs a retry a CONFLICT, no more
            log.warning("rpc %s.%s: answer not kept for its key", self.container.service_name, armed.method,
                        exc_info=True)
        return result, exc_info

    def worker_teardown(self, worker_ctx):
        worker_ctx.__dict__.pop("civicgrid_idempotency", None)


