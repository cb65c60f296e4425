"""Personal data at rest: ID-card numbers and phones (PIPL sensitive data).

* Encrypted with SM4-GCM (China's national block cipher, via ``cryptography``); the stored text is
  ``<key id>:<base64(nonce | ciphertext | tag)>`` so keys can rotate: new writes use the current
  key, reads find the key by its id. The tenant code is bound as associated data, so a ciphertext
  copied into another tenant's row does not decrypt.
* Keys rotate without downtime: put the new key first in ``CIVICGRID_DATA_KEYS`` (new writes use
  it, old ciphertexts still read with the keys after it), run ``civicgrid personal-data reencrypt``
  (batched, resumable: each batch re-encrypts only values still under an older key), then drop
  the old key. The blind index key is separate and does not change with a data-key rotation.
* Looked up through a blind index: HMAC-SM3 is not in ``cryptography``, so HMAC-SHA256 over the
  normalized value with a separate index key, per tenant.
* Shown masked by default (ID: first 6 + last 4; phone: first 3 + last 4); an unmasked read must be
  audited by the caller (see :func:`audit_record`).

Keys come from ``CIVICGRID_DATA_KEYS`` (``id:base64key,id:base64key``; the first encrypts) and
``CIVICGRID_INDEX_KEY``; development and test fall back to fixed keys, production refuses to.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
from dataclasses import dataclass
from functools import lru_cache

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from shared.errors import CivicError

_DEV_KEYS = "dev1:" + base64.b64encode(b"civicgrid-dev-k1").decode()
_DEV_INDEX_KEY = "civicgrid-dev-blind-index-key"
NONCE = 12
TAG = 16
KEY_ID = re.compile(r"^[A-Za-z0-9_-]{1,16}$")


class DataKeyMissing(CivicError):
    code = "DATA_KEY_MISSING"


@dataclass(frozen=True)
class Keyring:
    keys: dict[str, bytes]
    current: str
    index_key: bytes

    @classmethod
    def from_env(cls) -> Keyring:
        raw = os.environ.get("CIVICGRID_DATA_KEYS")
        index = os.environ.get("CIVICGRID_INDEX_KEY")
        if not raw or not index:
            if os.environ.get("CIVICGRID_ENV") == "production":
                raise DataKeyMissing("CIVICGRID_DATA_KEYS and CIVICGRID_INDEX_KEY are required in production",
                                "生产环境必须配置 CIVICGRID_DATA_KEYS 与 CIVICGRID_INDEX_KEY")
            raw, index = raw or _DEV_KEYS, index or _DEV_INDEX_KEY
        keys = {}
        for part in raw.split(","):
            key_id, _, b64 = part.strip().partition(":")
            if not KEY_ID.match(key_id):
                raise DataKeyMissing(f"data key id {key_id!r}: 1-16 letters, digits, '-' or '_'",
                                     f"数据密钥编号 {key_id} 须为 1-16 位字母、数字、- 或 _")
            if key_id in keys:  # two keys under one id: old ciphertexts would be unreadable
                raise DataKeyMissing(f"data key id {key_id!r} is listed twice", f"数据密钥编号 {key_id} 重复")
            try:
                key = base64.b64decode(b64, validate=True)
            except ValueError:
                key = b""
            if len(key) != 16:
                raise DataKeyMissing(f"data key {key_id!r} must be 16 bytes (SM4)", f"数据密钥 {key_id} 须为 16 字节")
            keys[key_id] = key
        return cls(keys=keys, current=raw.split(",")[0].split(":")[0].strip(), index_key=index.encode())


@lru_cache(maxsize=1)
def keyring() -> Keyring:
    return Keyring.from_env()


def normalize(value: str) -> str:
    return "".join(value.split()).upper()


def encrypt(tenant: str, value: str, ring: Keyring | None = None) -> str:
    ring = ring or keyring()
    nonce = os.urandom(NONCE)
    enc = Cipher(algorithms.SM4(ring.keys[ring.current]), modes.GCM(nonce)).encryptor()
    enc.authenticate_additional_data(tenant.encode())
    body = enc.update(value.encode()) + enc.finalize()
    return f"{ring.current}:{base64.b64encode(nonce + body + enc.tag).decode()}"


def decrypt(tenant: str, stored: str, ring: Keyring | None = None) -> str:
    ring = ring or keyring()
    key_id, _, b64 = stored.partition(":")
    if key_id not in ring.keys:
        raise DataKeyMissing(f"data key {key_id!r} is not configured", f"未配置数据密钥 {key_id}")
    raw = base64.b64decode(b64)
    nonce, body, tag = raw[:NONCE], raw[NONCE:-TAG], raw[-TAG:]
    dec = Cipher(algorithms.SM4(ring.keys[key_id]), modes.GCM(nonce, tag)).decryptor()
    dec.authenticate_additional_data(tenant.encode())
    return (dec.update(body) + dec.finalize()).decode()


def blind_index(tenant: str, value: str, ring: Keyring | None = None) -> str:
    """Deterministic lookup token for an exact value within one tenant."""
    ring = ring or keyring()
    message = f"{tenant}|{normalize(value)}".encode()
    return hmac.new(ring.index_key, message, hashlib.sha256).hexdigest()


def mask_id_number(value: str) -> str:
    value = normalize(value)
    return value[:6] + "*" * max(0, len(value) - 10) + value[-4:] if len(value) > 10 else "*" * len(value)


def mask_phone(value: str) -> str:
    value = normalize(value)
    return value[:3] + "*" * max(0, len(value) - 7) + value[-4:] if len(value) > 7 else "*" * len(value)


def audit_record(*, tenant: str, subject: str, field: str, record_id: str, reason: str) -> dict:
    """The row a service writes to its own audit table whenever it returns an unmasked value."""
    return {"tenant_id": tenant, "subject": subject, "field": field, "record_id": record_id,
            "reason": reason}


def key_id_of(stored: str) -> str:
    return stored.partition(":")[0]


def reencrypt(tenant: str, stored: str, ring: Keyring | None = None) -> str:
    """The value under the current key (unchanged if it already is)."""
    ring = ring or keyring()
    if key_id_of(stored) == ring.current:
        return stored
    return encrypt(tenant, decrypt(tenant, stored, ring), ring)


def encrypted_columns(metadata) -> dict:
    """``{table: [column, ...]}`` of every ``*_enc`` column of a service's tables."""
    found = {}
    for table in metadata.sorted_tables:
        columns = [c for c in table.columns if c.name.endswith("_enc")]
        if columns and "tenant_id" in table.columns and "id" in table.columns:
            found[table] = columns
    return found


def reencrypt_batch(session, metadata, *, batch: int, ring: Keyring | None = None) -> dict:
    """Re-encrypt up to ``batch`` rows of the session's tenant that hold a value under an older
    key, in the caller's transaction. Resumable by construction: a row already under the current
    key is never selected again. A row changed meanwhile (compare-and-set on the old values) is
    left for the next batch."""
    import sqlalchemy as sa

    ring = ring or keyring()
    tenant = session.info["tenant"]
    prefix = f"{ring.current}:"
    changed, remaining = 0, 0
    for table, columns in encrypted_columns(metadata).items():
        stale = sa.or_(*(sa.and_(c.is_not(None), sa.not_(c.startswith(prefix, autoescape=True)))
                         for c in columns))
        mine = sa.and_(table.c.tenant_id == tenant, stale)
        left = batch - changed
        if left > 0:
            query = sa.select(table.c.id, *columns).where(mine).order_by(table.c.id).limit(left)
            if session.get_bind().dialect.name == "postgresql":
                query = query.with_for_update(skip_locked=True)
            for row in session.execute(query).all():
                old = {c.name: getattr(row, c.name) for c in columns}
                new = {k: reencrypt(tenant, v, ring) if v else v for k, v in old.items()}
                same = [table.c[k] == v for k, v in old.items() if v is not None]
                result = session.execute(table.update().where(table.c.tenant_id == tenant,
                                                              table.c.id == row.id, *same).values(**new))
                changed += result.rowcount
        remaining += session.execute(sa.select(sa.func.count()).select_from(table).where(mine)).scalar_one()
    return {"changed": changed, "remaining": remaining, "key": ring.current}
