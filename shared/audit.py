"""Tamper-evident audit trails of personal-data access (个人信息访问审计).

Each service keeps its own audit table (grid: ``resident_access_audit``, organization:
``member_access_audit``): one row per value shown unmasked, and one per page of every sheet
export, masked or not (``field`` ``sheet:<sheet>``, the export's id, its reason, rows and filters)
— who (``subject``), which tenant, what (``field`` and the record), why (``reason``), when (``at``).

* **Hash chain.** Per tenant, rows carry ``seq`` (1, 2, 3 …), ``prev_hash`` and ``hash`` =
  HMAC-SHA256(audit key, canonical row text + ``prev_hash``). The chain is computed here, in a
  session event, for *every* insert into a :class:`HashChained` table (ORM ``session.add`` and
  bulk ``session.execute(insert(Model), rows)`` alike), so no writer can forget it. On PostgreSQL
  a transaction-scoped advisory lock per (table, tenant) orders concurrent writers; the unique
  ``(tenant_id, seq)`` key refuses a fork in any case.
* **Append-only.** Migrations put triggers on these tables that refuse UPDATE, DELETE (and
  TRUNCATE on PostgreSQL) for every role: :func:`append_only_triggers`.
* **Tamper-evident.** :func:`verify` walks a tenant's chain and names the first row that was
  changed, removed, inserted out of band or re-ordered. Whoever lacks the audit key cannot
  recompute the chain after editing a row, even with database superuser rights.

The key is ``CIVICGRID_AUDIT_KEY``, else ``CIVICGRID_INDEX_KEY`` (required in production), else a
development key. Rows are never deleted by the platform: retention is unlimited, at least the six
months PIPL/网络安全法 ask (docs/RELIABILITY.md).
"""
from __future__ import annotations

import hashlib
import hmac
import importlib
import os
import uuid
from dataclasses import asdict, dataclass
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Mapped, ORMExecuteState, Session, mapped_column

from shared.errors import ValidationFailed
from shared.nameko_ext import rpc
from shared.scope import require_role

GENESIS = "0" * 64
_DEV_AUDIT_KEY = "civicgrid-dev-audit-chain-key"

# the chained table of each service: (models module, class name)
CHAINED = {"grid": ("services.grid.models", "ResidentAccessAudit"),
           "organization": ("services.organization.models", "MemberAccessAudit")}


def audit_key() -> bytes:
    key = os.environ.get("CIVICGRID_AUDIT_KEY") or os.environ.get("CIVICGRID_INDEX_KEY")
    if not key:
        if os.environ.get("CIVICGRID_ENV") == "production":
            raise RuntimeError("CIVICGRID_AUDIT_KEY (or CIVICGRID_INDEX_KEY) is required in production")
        key = _DEV_AUDIT_KEY
    return key.encode()


class HashChained:
    """Mixin for an audit table. ``__chain_fields__`` names the columns that make up an entry
    (besides tenant_id, seq, id and at, always included)."""

    __chain_fields__: tuple[str, ...] = ()
    seq: Mapped[int | None] = mapped_column(sa.BigInteger)
    prev_hash: Mapped[str | None] = mapped_column(sa.String(64))
    hash: Mapped[str | None] = mapped_column(sa.String(64))


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        if value.tzinfo is None:  # SQLite hands back naive UTC
            value = value.replace(tzinfo=UTC)
        return value.astimezone(UTC).isoformat(timespec="microseconds")
    return str(value)


def entry_hash(fields: tuple[str, ...], row: dict, prev_hash: str, key: bytes | None = None) -> str:
    names = ("tenant_id", "seq", "id", "at", *fields)
    canonical = "\x1f".join(f"{n}={_text(row.get(n))}" for n in names) + "\x1e" + prev_hash
    return hmac.new(key or audit_key(), canonical.encode(), hashlib.sha256).hexdigest()


def _head(conn: sa.Connection, table: sa.Table, tenant: str) -> tuple[int, str]:
    """The last (seq, hash) of ``tenant``'s chain, after taking the chain's write lock."""
    if conn.dialect.name == "postgresql":
        conn.execute(sa.text("SELECT pg_advisory_xact_lock(hashtext(:k))"),
                     {"k": f"audit:{table.name}:{tenant}"})
    row = conn.execute(sa.select(table.c.seq, table.c.hash)
                       .where(table.c.tenant_id == tenant, table.c.seq.is_not(None))
                       .order_by(table.c.seq.desc()).limit(1)).first()
    return (row.seq, row.hash) if row else (0, GENESIS)


def chain(conn: sa.Connection, cls: type[HashChained], rows: list[dict]) -> None:
    """Fill ``id``, ``at``, ``seq``, ``prev_hash`` and ``hash`` of new entries, in order."""
    table = cls.__table__
    key = audit_key()
    heads: dict[str, tuple[int, str]] = {}
    for row in rows:
        tenant = row["tenant_id"]
        if tenant not in heads:
            heads[tenant] = _head(conn, table, tenant)
        seq, prev = heads[tenant]
        if row.get("id") is None:
            row["id"] = uuid.uuid4()
        if row.get("at") is None:
            row["at"] = datetime.now(UTC)
        row.update(seq=seq + 1, prev_hash=prev)
        row["hash"] = entry_hash(cls.__chain_fields__, row, prev, key)
        heads[tenant] = (seq + 1, row["hash"])


def _column_values(obj, cls) -> dict:
    return {c.key: getattr(obj, c.key) for c in sa.inspect(cls).column_attrs}


@event.listens_for(Session, "before_flush")
def _chain_added_rows(session: Session, _ctx, _instances) -> None:
    """Runs before every flush: chains audit rows added with ``session.add``."""
    new = [o for o in session.new if isinstance(o, HashChained) and o.seq is None]
    if not new:
        return
    tenant = session.info.get("tenant")
    by_class: dict[type, list] = {}
    for obj in new:
        if obj.tenant_id is None:
            obj.tenant_id = tenant
        by_class.setdefault(type(obj), []).append(obj)
    for cls, objs in by_class.items():
        values = [_column_values(o, cls) for o in objs]
        chain(session.connection(), cls, values)
        for obj, row in zip(objs, values):
            for name in ("id", "at", "seq", "prev_hash", "hash"):
                setattr(obj, name, row[name])


@event.listens_for(Session, "do_orm_execute")
def _chain_bulk_inserts(state: ORMExecuteState) -> None:
    """Runs for every ORM statement: chains rows of ``session.execute(insert(Model), rows)``."""
    if not state.is_insert:
        return
    mapper = state.bind_mapper
    cls = mapper.class_ if mapper is not None else None
    if cls is None or not issubclass(cls, HashChained):
        return
    params = state.parameters
    rows = params if isinstance(params, list) else [params] if params else []
    tenant = state.session.info.get("tenant")
    for row in rows:
        if row.get("tenant_id") is None:
            row["tenant_id"] = tenant
    chain(state.session.connection(), cls, rows)


# --- enforcement in the database -----------------------------------------------------------

def append_only_triggers(op, table: str) -> None:
    """In a migration: refuse UPDATE and DELETE (and TRUNCATE) on ``table`` for every role."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute("""
            CREATE OR REPLACE FUNCTION civicgrid_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              RAISE EXCEPTION USING MESSAGE = 'audit table ' || TG_TABLE_NAME || ' is append-only';
            END $$""")
        op.execute(f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                   "FOR EACH ROW EXECUTE FUNCTION civicgrid_append_only()")
        op.execute(f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                   "FOR EACH STATEMENT EXECUTE FUNCTION civicgrid_append_only()")
    else:
        for verb in ("UPDATE", "DELETE"):
            op.execute(f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
                       f"BEGIN SELECT RAISE(ABORT, 'audit table {table} is append-only'); END")


def drop_append_only_triggers(op, table: str) -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
        op.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")
    else:
        for verb in ("update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_{verb}")


def backfill(op, table: str, content: list[sa.ColumnClause]) -> None:
    """In a migration, before the triggers: chain rows written before the chain existed, per
    tenant in the order they were written. ``content`` are the chained columns, typed (so values
    read back exactly as the ORM writes them). PostgreSQL's FORCE RLS would hide the rows from the
    owner, so it is lifted for this one transaction."""
    conn = op.get_bind()
    postgres = conn.dialect.name == "postgresql"
    if postgres:
        op.execute(f"ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY")
        op.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
    fields = tuple(c.name for c in content)
    t = sa.table(table, sa.column("tenant_id", sa.String), sa.column("id", sa.Uuid),
                 sa.column("at", sa.DateTime(timezone=True)), sa.column("seq", sa.BigInteger),
                 sa.column("prev_hash", sa.String), sa.column("hash", sa.String), *content)
    rows = conn.execute(sa.select(t).order_by(t.c.tenant_id, t.c.at, t.c.id)).mappings().all()
    heads: dict[str, tuple[int, str]] = {}
    key = audit_key()
    for row in rows:
        seq, prev = heads.get(row["tenant_id"], (0, GENESIS))
        values = {**row, "seq": seq + 1}
        digest = entry_hash(fields, values, prev, key)
        conn.execute(t.update().where(t.c.tenant_id == row["tenant_id"], t.c.id == row["id"])
                     .values(seq=seq + 1, prev_hash=prev, hash=digest))
        heads[row["tenant_id"]] = (seq + 1, digest)
    if postgres:
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")


# --- verification --------------------------------------------------------------------------

@dataclass
class Verdict:
    service: str
    tenant: str
    entries: int
    intact: bool
    head: str
    first_seq: int | None = None
    broken_at: int | None = None
    reason: str | None = None

    def line(self) -> str:
        where = f"{self.service} {self.tenant}: {self.entries} entries"
        if self.intact:
            return f"{where}, chain intact, head {self.head[:16]}"
        return f"{where}, TAMPERED at seq {self.broken_at}: {self.reason}"


def chained_model(service: str) -> type[HashChained]:
    module, name = CHAINED[service]
    return getattr(importlib.import_module(module), name)


def verify(conn: sa.Connection, service: str, tenant: str, cls: type[HashChained] | None = None,
           batch: int = 1000) -> Verdict:
    """Walk ``tenant``'s chain in ``seq`` order; stop at the first entry that does not hold."""
    cls = cls or chained_model(service)
    table, key = cls.__table__, audit_key()
    unchained = conn.execute(sa.select(sa.func.count()).select_from(table).where(
        table.c.tenant_id == tenant, table.c.seq.is_(None))).scalar_one()
    expected_seq, prev, count, first = None, None, 0, None
    last = 0
    while True:
        rows = conn.execute(sa.select(table).where(table.c.tenant_id == tenant, table.c.seq > last)
                            .order_by(table.c.seq).limit(batch)).mappings().all()
        for row in rows:
            count += 1
            if first is None:  # the oldest kept entry anchors the walk
                first, expected_seq = row["seq"], row["seq"]
                prev = GENESIS if row["seq"] == 1 else row["prev_hash"]
            if row["seq"] != expected_seq:
                return Verdict(service, tenant, count, False, prev, first, expected_seq,
                               f"entry {expected_seq} is missing")
            if row["prev_hash"] != prev:
                return Verdict(service, tenant, count, False, prev, first, row["seq"],
                               "does not link to the entry before it")
            if not hmac.compare_digest(row["hash"] or "",
                                       entry_hash(cls.__chain_fields__, dict(row), prev, key)):
                return Verdict(service, tenant, count, False, prev, first, row["seq"],
                               "content changed since it was written")
            prev, expected_seq, last = row["hash"], row["seq"] + 1, row["seq"]
        if len(rows) < batch:
            break
    if unchained:
        return Verdict(service, tenant, count, False, prev or GENESIS, first, None,
                       f"{unchained} entr{'y' if unchained == 1 else 'ies'} written outside the chain")
    return Verdict(service, tenant, count, True, prev or GENESIS, first)


# --- the audit log as an RPC (mixed into the grid and organization services) -----------------

def _export_of(reason: str) -> uuid.UUID | None:
    """The export id at the head of a sheet entry's reason: ``export <id>: ...``."""
    try:
        return uuid.UUID(reason.removeprefix("export ").split(":", 1)[0])
    except ValueError:
        return None


def entry_out(service: str, cls: type[HashChained], row) -> dict:
    record = getattr(row, "record_id", None) or getattr(row, "member_id", None)
    export = row.reason.startswith("export ")
    if record is None and export and row.field.startswith("sheet:"):  # a page of a sheet: its export
        record = _export_of(row.reason)
    return {"service": service, "seq": row.seq, "at": row.at.isoformat() if row.at else None,
            "subject": row.subject, "action": "export" if export else "unmask", "field": row.field,
            "record_id": str(record) if record else None, "reason": row.reason, "hash": row.hash}


def list_entries(session: Session, cls: type[HashChained], service: str, *, limit: int,
                 before_seq: int | None, subject: str | None) -> list[dict]:
    """Newest first; ``before_seq`` is the cursor of the last entry seen."""
    query = sa.select(cls).where(cls.seq.is_not(None)).order_by(cls.seq.desc()).limit(limit)
    if before_seq is not None:
        query = query.where(cls.seq < before_seq)
    if subject:
        query = query.where(cls.subject == subject)
    return [entry_out(service, cls, r) for r in session.scalars(query)]


class PersonalDataRpc:
    """RPC entrypoints mixed into a service that keeps personal data (grid, organization): its
    audit log for auditors (审计员), the chain check, and re-encryption after a key rotation.
    The service class sets ``audit_model`` to its :class:`HashChained` table."""

    audit_model: type[HashChained]

    @rpc
    def audit_log(self, limit=50, before_seq=None, subject=None):
        """Newest entries first; ``before_seq`` is the cursor (the last ``seq`` seen)."""
        require_role(self.principal, "auditor")
        limit = max(1, min(int(limit), 101))
        if before_seq is not None and (not isinstance(before_seq, int) or before_seq < 1):
            raise ValidationFailed([{"field": "after", "message": "after: not a cursor of this list",
                                     "message_zh": "after：不是本列表的游标"}])
        if subject is not None and (not isinstance(subject, str) or len(subject) > 128):
            raise ValidationFailed([{"field": "subject", "message": "subject: at most 128 characters",
                                     "message_zh": "subject：最多 128 个字符"}])
        return list_entries(self.db.session, self.audit_model, self.name, limit=limit,
                            before_seq=before_seq, subject=subject)

    @rpc
    def verify_audit_chain(self):
        """Walk the caller's tenant's chain (auditor or platform admin)."""
        require_role(self.principal, "auditor", "platform_admin")
        session = self.db.session
        with session.begin():
            found = verify(session.connection(), self.name, self.db.tenant, self.audit_model)
        return {**asdict(found), "line": found.line()}

    @rpc
    def reencrypt_personal_data(self, batch=500):
        """One batch of re-encryption under the current data key (platform admin)."""
        require_role(self.principal, "platform_admin")
        from shared import personal_data

        batch = max(1, min(int(batch), 5000))
        session = self.db.session
        with session.begin():
            return personal_data.reencrypt_batch(session, self.audit_model.metadata, batch=batch)
