"""What a domain declares to offer a sheet, and the two RPC conventions behind it.

Export page RPC — ``service.method(after=<cursor|None>, limit=<n>, filters={...}, export={...})``
returns ``{"rows": [{field: value, ...}], "next": <cursor|None>}``. ``export`` carries ``id`` (one
per download: a service audits an export once per id), ``reason`` and ``unmasked``. The service
applies the caller's data scope and masking exactly as for its queries.

Import batch RPC — ``service.method(rows=[{"row": <sheet row>, field: value, ...}], dry_run=<bool>,
import_id=<id>)`` returns ``{"accepted": <n>, "errors": [{"row", "field", "code", "message",
"message_zh"}]}``. It validates every row with the service's contract, writes the valid ones of the
batch in one transaction (nothing when ``dry_run``), and must be idempotent per natural key, so a
sheet imported twice updates rather than duplicates. An ``atomic`` import gets the whole sheet in
one call and writes nothing if any row is refused (``accepted`` is then 0).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from shared.spreadsheets import Column

FilterKind = Literal["id", "text", "date", "bool", "int"]


@dataclass(frozen=True)
class ExportSpec:
    name: str  # URL name: /exports/<name>.xlsx
    title: str  # sheet and file title (Chinese): "居民台账"
    description: str
    columns: tuple[Column, ...]
    service: str
    method: str
    filters: dict[str, FilterKind] = field(default_factory=dict)  # query parameter → kind
    roles: frozenset[str] | None = None  # None: any signed-in role (the service still scopes)
    page_size: int = 2000
    max_rows: int = 1_000_000


@dataclass(frozen=True)
class ImportSpec:
    name: str  # URL name: /imports/<name>
    title: str
    description: str
    columns: tuple[Column, ...]
    service: str
    method: str
    roles: frozenset[str] | None = None
    batch_size: int = 500
    max_rows: int = 1_000_000
    # all or nothing: the whole sheet (≤ max_rows) goes in one batch, and a row the framework
    # refuses keeps the rest from being written (the service still checks them, dry, for the report)
    atomic: bool = False
    timeout: float | None = None  # of the import RPC; None: the gateway's default
