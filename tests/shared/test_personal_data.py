import base64

import pytest
from cryptography.exceptions import InvalidTag

from shared import personal_data as pd

RING = pd.Keyring(keys={"k1": b"0" * 16, "k2": b"1" * 16}, current="k2", index_key=b"idx")
ID = "34118119900101123X"


def test_round_trip_uses_current_key_and_old_keys_still_read():
    stored = pd.encrypt("341181", ID, RING)
    assert stored.startswith("k2:") and ID not in stored
    assert pd.decrypt("341181", stored, RING) == ID
    old = pd.encrypt("341181", ID, pd.Keyring(keys={"k1": b"0" * 16}, current="k1", index_key=b"idx"))
    assert pd.decrypt("341181", old, RING) == ID


def test_ciphertext_is_bound_to_its_tenant():
    stored = pd.encrypt("341181", ID, RING)
    with pytest.raises(InvalidTag):
        pd.decrypt("341102", stored, RING)


def test_same_value_encrypts_differently_but_indexes_the_same():
    assert pd.encrypt("341181", ID, RING) != pd.encrypt("341181", ID, RING)
    assert pd.blind_index("341181", ID, RING) == pd.blind_index("341181", " 34118119900101123x ", RING)
    assert pd.blind_index("341181", ID, RING) != pd.blind_index("341102", ID, RING)


def test_masks():
    assert pd.mask_id_number(ID) == "341181********123X"
    assert pd.mask_phone("13912345678") == "139****5678"


def test_production_refuses_default_keys(monkeypatch):
    monkeypatch.setenv("CIVICGRID_ENV", "production")
    monkeypatch.delenv("CIVICGRID_DATA_KEYS", raising=False)
    with pytest.raises(pd.DataKeyMissing):
        pd.Keyring.from_env()


def test_bad_key_length_is_refused(monkeypatch):
    monkeypatch.setenv("CIVICGRID_DATA_KEYS", "k1:" + base64.b64encode(b"short").decode())
    monkeypatch.setenv("CIVICGRID_INDEX_KEY", "x")
    with pytest.raises(pd.DataKeyMissing):
        pd.Keyring.from_env()
