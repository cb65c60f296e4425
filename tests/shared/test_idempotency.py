"""The service half of idempotent RPCs (shared/idempotency.py) on a real SQLAlchemy session:
the key commits with the worker's first writing transaction and never without it, a read keeps
none, and old keys are swept within the county only."""
from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import sessionmaker

from shared import idempotency
from shared.db import make_engine, utcnow
from shared.idempotency import ARMED, Armed, rpc_replies_table

TENANT, OTHER = "341100", "341101"


@pytest.fixture()
def db(tmp_path):
    metadata = sa.MetaData()
    replies = rpc_replies_table(metadata)
    wishes = sa.Table("wishes", metadata, sa.Column("id", sa.Integer, primary_key=True),
                      sa.Column("title", sa.String(20), nullable=False))
    engine = make_engine(f"sqlite:///{tmp_path / 'svc.sqlite'}")
    metadata.create_all(engine)
    yield sessionmaker(bind=engine), replies, wishes
    engine.dispose()


def armed_session(factory, replies, key="k" * 32):
    session = factory()
    armed = session.info[ARMED] = Armed(replies, TENANT, key, "make_wish")
    return session, armed


def keys(factory, replies) -> list[tuple[str, str]]:
    with factory() as session:
        return [tuple(r) for r in session.execute(sa.select(replies.c.tenant_id, replies.c.key))]


def test_the_key_commits_with_the_first_write_only(db):
    factory, replies, wishes = db
    session, armed = armed_session(factory, replies)
    session.execute(sa.select(wishes)).all()
    session.commit()  # read only: no key
    assert keys(factory, replies) == [] and not armed.committed
    session.execute(wishes.insert().values(title="书包"))
    session.commit()
    assert keys(factory, replies) == [(TENANT, "k" * 32)] and armed.committed
    session.execute(wishes.insert().values(title="台灯"))
    session.commit()  # a later transaction of the same worker: the key is not inserted again
    assert len(keys(factory, replies)) == 1
    session.close()


def test_a_rolled_back_write_keeps_no_key(db):
    factory, replies, wishes = db
    session, armed = armed_session(factory, replies)
    session.execute(wishes.insert().values(title="书包"))
    session.rollback()
    session.commit()  # the rolled-back write does not count
    assert keys(factory, replies) == [] and not armed.committed
    session.close()


def test_two_workers_with_one_key_commit_once(db):
    factory, replies, wishes = db
    first, _ = armed_session(factory, replies)
    first.execute(wishes.insert().values(title="书包"))
    first.commit()
    second, armed = armed_session(factory, replies)
    second.execute(wishes.insert().values(title="书包"))
    with pytest.raises(sa.exc.IntegrityError):
        second.commit()
    second.rollback()
    assert not armed.committed
    with factory() as session:
        assert session.execute(sa.select(sa.func.count()).select_from(wishes)).scalar_one() == 1
    first.close()
    second.close()


def test_old_keys_are_swept_in_the_county_only(db, monkeypatch):
    factory, replies, wishes = db
    old = utcnow() - idempotency.retention() - timedelta(hours=1)
    with factory.begin() as session:
        session.execute(replies.insert(), [
            {"tenant_id": TENANT, "key": "old", "method": "m", "created_at": old},
            {"tenant_id": TENANT, "key": "recent", "method": "m", "created_at": utcnow() - timedelta(days=1)},
            {"tenant_id": OTHER, "key": "old", "method": "m", "created_at": old}])
    monkeypatch.setattr(idempotency, "SWEEP_ODDS", 1)  # sweep on this insert
    session, _ = armed_session(factory, replies)
    session.execute(wishes.insert().values(title="书包"))
    session.commit()
    session.close()
    assert sorted(keys(factory, replies)) == [(TENANT, "k" * 32), (TENANT, "recent"), (OTHER, "old")]


def test_retention_comes_from_the_settings(monkeypatch):
    from shared.settings import SettingsError, get_settings, load_settings

    monkeypatch.setenv("CIVICGRID_IDEMPOTENCY_DAYS", "0")
    with pytest.raises(SettingsError, match="idempotency_days"):
        load_settings()
    monkeypatch.setenv("CIVICGRID_IDEMPOTENCY_DAYS", "2")
    get_settings.cache_clear()
    try:
        assert idempotency.retention() == timedelta(days=2)
    finally:
        get_settings.cache_clear()
