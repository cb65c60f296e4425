"""Data-key rotation without servers: the key list is checked at start, values move to the current
key batch by batch, a batch skips rows already moved and rows changed meanwhile (SQLite, real
migrated grid schema)."""
from __future__ import annotations

import base64
import uuid

import pytest
import sqlalchemy as sa

from services.grid.models import Base
from shared import personal_data as pd
from shared.db import make_engine, open_tenant_session, tenant_sessionmaker
from shared.migrate import upgrade

K1 = pd.Keyring(keys={"k1": b"1" * 16}, current="k1", index_key=b"i")
K21 = pd.Keyring(keys={"k2": b"2" * 16, "k1": b"1" * 16}, current="k2", index_key=b"i")


@pytest.mark.parametrize("raw", ["k1:" + base64.b64encode(b"1" * 16).decode() + ",k1:" + base64.b64encode(b"2" * 16).decode(),
                                 "bad id:" + base64.b64encode(b"1" * 16).decode(), "k1:not-base64!!", ":AAAA"])
def test_bad_key_lists_are_refused(monkeypatch, raw):
    monkeypatch.setenv("CIVICGRID_DATA_KEYS", raw)
    monkeypatch.setenv("CIVICGRID_INDEX_KEY", "x")
    with pytest.raises(pd.DataKeyMissing):
        pd.Keyring.from_env()


def test_reencrypt_keeps_the_value_and_changes_the_key():
    old = pd.encrypt("341181", "34118119900101123X", K1)
    new = pd.reencrypt("341181", old, K21)
    assert pd.key_id_of(new) == "k2" and pd.decrypt("341181", new, K21) == "34118119900101123X"
    assert pd.reencrypt("341181", new, K21) == new


def test_batches_move_every_row_once(tmp_path):
    url = f"sqlite:///{tmp_path / 'grid.sqlite'}"
    upgrade("grid", url)
    engine = make_engine(url)
    raw = sa.create_engine(url)  # residents under k1, foreign keys off: no places needed
    with raw.begin() as conn:
        for i in range(5):
            conn.execute(sa.text(
                "INSERT INTO residents (tenant_id, id, household_id, grid_id, community_id, street_id, name, "
                "id_number_enc, id_number_index, phone_enc, gender, birth_date, residency, special_groups, "
                "needs_review, created_at, updated_at) VALUES ('341181', :id, :h, :h, :h, :h, '王', :enc, :idx, "
                ":ph, 'f', '1990-01-01', 'permanent', '[]', 0, '2026-01-01', '2026-01-01')"),
                {"id": uuid.uuid4().hex, "h": uuid.uuid4().hex, "idx": uuid.uuid4().hex,
                 "enc": pd.encrypt("341181", f"3411811990010112{i}X", K1),
                 "ph": pd.encrypt("341181", "13800000000", K1) if i % 2 else None})
    raw.dispose()
    factory = tenant_sessionmaker(engine)
    done = []
    for _ in range(4):
        session = open_tenant_session(factory, "341181")
        with session.begin():
            done.append(pd.reencrypt_batch(session, Base.metadata, batch=2, ring=K21))
        session.close()
    assert [(d["changed"], d["remaining"]) for d in done] == [(2, 3), (2, 1), (1, 0), (0, 0)]
    with engine.connect() as conn:
        keys = conn.execute(sa.text("SELECT id_number_enc, phone_enc FROM residents")).all()
    assert all(pd.key_id_of(a) == "k2" and (b is None or pd.key_id_of(b) == "k2") for a, b in keys)
    other = open_tenant_session(factory, "341102")  # another county's batch sees none of these rows
    with other.begin():
        assert pd.reencrypt_batch(other, Base.metadata, batch=10, ring=K21)["remaining"] == 0
    engine.dispose()
