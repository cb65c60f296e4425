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


class Worker:
    """What nameko hands a dependency: the call's context data, its entrypoint and service."""

    def __init__(self, key: str, service):
        from shared.nameko_ext import TenantRpc

        entrypoint = TenantRpc.__new__(TenantRpc)
        entrypoint.method_name = "make_wish"
        self.data = {"tenant": TENANT, idempotency.IDEMPOTENCY_KEY: key}
        self.entrypoint, self.service = entrypoint, service


class WishService:
    def __init__(self, database, wishes):
        self.database, self.wishes, self.runs = database, wishes, 0

    def make_wish(self, title):
        self.runs += 1
        session = self.database.for_worker(self.worker).session
        session.execute(self.wishes.insert().values(title=title))
        session.commit()
        return {"title": title, "owner": "张三 13800138000"}


def provider(url: str):
    from types import SimpleNamespace

    from shared.db import Database, tenant_sessionmaker

    metadata = sa.MetaData()
    rpc_replies_table(metadata)
    wishes = sa.Table("wishes", metadata, sa.Column("id", sa.Integer, primary_key=True),
                      sa.Column("title", sa.String(20), nullable=False))
    database = Database("svc", metadata)
    database.engine = make_engine(url)
    database.factory = tenant_sessionmaker(database.engine)
    keeper = idempotency.Idempotency()
    keeper.container = SimpleNamespace(dependencies=[database], service_name="svc")
    keeper.setup()
    return keeper, database, wishes


def call(keeper, database, service, key: str, title: str):
    """One worker as nameko runs it: dependencies, worker_setup, the method, the result."""
    worker = Worker(key, service)
    service.worker = worker
    database.get_dependency(worker)
    keeper.worker_setup(worker)
    method = getattr(service, "make_wish")
    try:
        result, exc_info = method(title), None
    except Exception:  # noqa: BLE001
        import sys

        result, exc_info = None, sys.exc_info()
    finish = getattr(worker, "civicgrid_idempotency", None)
    if finish is not None:
        result, exc_info = finish(result, exc_info)
    keeper.worker_teardown(worker)
    database.worker_teardown(worker)
    return result, exc_info


def test_a_keyed_call_runs_once_and_its_answer_is_kept_sealed(tmp_path):
    keeper, database, wishes = provider(f"sqlite:///{tmp_path / 'svc.sqlite'}")
    database.metadata.create_all(database.engine)
    first = WishService(database, wishes)
    answer, error = call(keeper, database, first, "a" * 40, "书包")
    assert error is None and first.runs == 1
    with database.engine.connect() as conn:
        sealed = conn.execute(sa.select(keeper.table.c.reply_enc)).scalar_one()
    assert "13800138000" not in sealed and "张三" not in sealed  # the answer is not kept in clear
    again = WishService(database, wishes)
    assert call(keeper, database, again, "a" * 40, "书包") == (answer, None) and again.runs == 0
    with database.engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(wishes)).scalar_one() == 1
    database.engine.dispose()


def test_a_database_outage_fails_the_call_not_the_service(tmp_path):
    from shared.errors import to_wire

    keeper, database, wishes = provider(f"sqlite:///{tmp_path / 'missing' / 'svc.sqlite'}")  # cannot open
    service = WishService(database, wishes)
    result, (_, error, _) = call(keeper, database, service, "b" * 40, "书包")  # nothing raised out of it
    assert result is None and service.runs == 0
    assert isinstance(error, sa.exc.OperationalError)
    wire = to_wire(error)
    assert (wire["code"], wire["retryable"]) == ("UNAVAILABLE", True)
    database.engine.dispose()
