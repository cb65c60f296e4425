"""The allowlist of persisted operations (a production setting).

With ``CIVICGRID_PERSISTED_OPERATIONS`` pointing at a manifest — a JSON object mapping the sha256
(hex) of each document to the document — the gateway runs only those documents. A client sends
either the document itself (its hash must be listed) or only the hash, Apollo style:
``{"extensions": {"persistedQuery": {"version": 1, "sha256Hash": "<hex>"}}}``.

Build a manifest from .graphql files (one operation per file)::

    python -m gateway.persisted docs/examples/*.graphql > persisted-operations.json
"""
from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path
from typing import Any

from shared.errors import CivicError


class NotAllowed(CivicError):
    code = "PERSISTED_QUERY_NOT_ALLOWED"


class NotFound(CivicError):
    code = "PERSISTED_QUERY_NOT_FOUND"


def digest(document: str) -> str:
    return hashlib.sha256(document.encode("utf-8")).hexdigest()


class PersistedOperations:
    def __init__(self, documents: dict[str, str]):
        bad = [h for h, doc in documents.items() if digest(doc) != h]
        if bad:
            raise ValueError(f"persisted operations: hash does not match the document for {bad[:3]}")
        self.documents = documents

    @classmethod
    def load(cls, path: Path) -> PersistedOperations:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
            raise ValueError(f"{path}: expected a JSON object of sha256 → document")
        return cls(data)

    def document(self, query: str | None, extensions: dict[str, Any] | None) -> str:
        """The document to run, or refuse: unlisted documents and unknown hashes never run."""
        if query:
            if digest(query) not in self.documents:
                raise NotAllowed("only persisted operations may run here; this document is not in "
                                 "the allowlist", "此处只能执行已登记的操作，该查询不在白名单中")
            return query
        persisted = (extensions or {}).get("persistedQuery") or {}
        wanted = persisted.get("sha256Hash") if isinstance(persisted, dict) else None
        if not isinstance(wanted, str) or wanted not in self.documents:
            raise NotFound("no persisted operation has this sha256Hash", "没有该 sha256Hash 对应的已登记操作",
                           field="sha256Hash")
        return self.documents[wanted]


def manifest(paths: list[Path]) -> dict[str, str]:
    out = {}
    for path in paths:
        document = path.read_text(encoding="utf-8")
        out[digest(document)] = document
    return out


if __name__ == "__main__":
    print(json.dumps(manifest([Path(p) for p in sys.argv[1:]]), ensure_ascii=False, indent=1))
