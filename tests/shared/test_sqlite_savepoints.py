"""A savepoint on SQLite must not commit the outer transaction (pysqlite's lazy BEGIN)."""
import sqlalchemy as sa

from shared.db import make_engine


def test_rolled_back_outer_transaction_discards_released_savepoint(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'x.sqlite'}")
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE t (v INTEGER)")
    with engine.connect() as conn:
        outer = conn.begin()
        conn.execute(sa.text("SELECT count(*) FROM t")).scalar_one()
        with conn.begin_nested():
            conn.execute(sa.text("INSERT INTO t VALUES (1)"))
        outer.rollback()
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM t")).scalar_one() == 0
    engine.dispose()
