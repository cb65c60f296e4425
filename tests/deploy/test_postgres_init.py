"""deploy/postgres/init.sql is shared/pg_provision.py's output, and it does what DEPLOY.md says.

Regenerate after changing pg_provision.py:
    python -c "from shared.pg_provision import Layout, init_sql; \
print(init_sql(Layout(owner_password='owner-pw', app_password='app-pw')), end='')" > deploy/postgres/init.sql
"""
from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from shared.pg_provision import Layout, init_sql

ROOT = Path(__file__).resolve().parents[2]
INIT_SQL = ROOT / "deploy" / "postgres" / "init.sql"
LAYOUT = Layout(owner_password="owner-pw", app_password="app-pw")


def test_init_sql_is_generated_from_pg_provision():
    assert INIT_SQL.read_text(encoding="utf-8") == init_sql(LAYOUT), (
        "deploy/postgres/init.sql drifted from shared/pg_provision.py; regenerate it (see module docstring)"
    )


def _pg_bin(name: str) -> str | None:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return found[-1] if found else shutil.which(name)


@pytest.fixture
def scratch_cluster():
    """A throwaway PostgreSQL cluster on a private Unix socket, as the postgres image's init runs it."""
    initdb, pg_ctl, psql = _pg_bin("initdb"), _pg_bin("pg_ctl"), shutil.which("psql")
    if not (initdb and pg_ctl and psql):
        pytest.skip("PostgreSQL server binaries (initdb, pg_ctl, psql) are not installed")
    as_postgres: list[str] = []
    base = Path(tempfile.mkdtemp(prefix="civicgrid-initsql-"))
    if os.geteuid() == 0:  # initdb refuses to run as root
        if not shutil.which("runuser"):
            pytest.skip("running as root without runuser: cannot start a scratch cluster")
        as_postgres = ["runuser", "-u", "postgres", "--"]
        shutil.chown(base, "postgres", "postgres")
    data, sock = base / "data", base
    run = lambda *cmd: subprocess.run([*as_postgres, *cmd], check=True, capture_output=True, text=True, timeout=120)  # noqa: E731
    try:
        run(initdb, "-D", str(data), "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8")
        run(pg_ctl, "-D", str(data), "-w", "-l", str(base / "log"),
            "-o", f"-c listen_addresses='' -k {sock} -p 5499 -c fsync=off", "start")
    except subprocess.CalledProcessError as exc:
        shutil.rmtree(base, ignore_errors=True)
        pytest.fail(f"scratch cluster did not start: {exc.stderr}")

    def sql(user: str, db: str, text: str, *, check: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run(
            [psql, "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-h", str(sock), "-p", "5499", "-U", user, "-d", db],
            input=text, capture_output=True, text=True, timeout=60, check=check,
        )

    try:
        yield sql
    finally:
        subprocess.run([*as_postgres, pg_ctl, "-D", str(data), "-m", "immediate", "stop"], capture_output=True, timeout=60)
        shutil.rmtree(base, ignore_errors=True)


@pytest.mark.postgres
def test_init_sql_runs_and_binds_the_app_role_to_rls(scratch_cluster):
    sql = scratch_cluster
    # Exactly what the postgres image's entrypoint does with /docker-entrypoint-initdb.d/*.sql.
    sql("postgres", "postgres", INIT_SQL.read_text(encoding="utf-8"))

    roles = sql("postgres", "postgres",
                "SELECT rolname, rolsuper, rolbypassrls FROM pg_roles WHERE rolname LIKE 'civicgrid%' ORDER BY 1;")
    assert roles.stdout.split() == ["civicgrid_app|f|f", "civicgrid_owner|f|f"]
    dbs = sql("postgres", "postgres",
              "SELECT datname || ':' || pg_get_userbyid(datdba) FROM pg_database WHERE datname LIKE 'civicgrid%' ORDER BY 1;")
    assert dbs.stdout.split() == sorted(f"civicgrid_{s}:civicgrid_owner"
                                        for s in ("organization", "grid", "dispatch", "volunteer", "property"))

    # The owner migrates: a tenant table with RLS enabled and forced.
    sql("civicgrid_owner", "civicgrid_dispatch", """
        CREATE TABLE cases (tenant_id text NOT NULL, id int NOT NULL, PRIMARY KEY (tenant_id, id));
        ALTER TABLE cases ENABLE ROW LEVEL SECURITY;
        ALTER TABLE cases FORCE ROW LEVEL SECURITY;
        CREATE POLICY tenant_isolation ON cases
            USING (tenant_id = current_setting('app.tenant_id', true))
            WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
    """)
    # The app role got DML through default privileges, and sees only its tenant's rows.
    out = sql("civicgrid_app", "civicgrid_dispatch", """
        BEGIN;
        SELECT set_config('app.tenant_id', '341181', true);
        INSERT INTO cases VALUES ('341181', 1);
        COMMIT;
        BEGIN;
        SELECT set_config('app.tenant_id', '341182', true);
        INSERT INTO cases VALUES ('341182', 2);
        SELECT count(*) FROM cases;
        COMMIT;
        SELECT count(*) FROM cases;
    """)
    assert out.stdout.split() == ["341181", "341182", "1", "0"]
    # Writing another tenant's row is refused.
    refused = sql("civicgrid_app", "civicgrid_dispatch",
                  "BEGIN; SELECT set_config('app.tenant_id', '341181', true); INSERT INTO cases VALUES ('341182', 3);",
                  check=False)
    assert refused.returncode != 0 and "row-level security" in refused.stderr
    # The app role cannot change the schema.
    ddl = sql("civicgrid_app", "civicgrid_dispatch", "CREATE TABLE sneaky (x int);", check=False)
    assert ddl.returncode != 0 and "permission denied" in ddl.stderr
    # CONNECT is revoked from PUBLIC: a role that was not granted it cannot reach a service database.
    sql("postgres", "postgres", "CREATE ROLE stranger LOGIN;")
    denied = sql("stranger", "civicgrid_grid", "SELECT 1;", check=False)
    assert denied.returncode != 0 and "permission denied" in denied.stderr
    assert sql("civicgrid_app", "civicgrid_grid", "SELECT 1;").stdout.strip() == "1"
