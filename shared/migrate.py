"""Alembic per service, each with its own version table: ``python -m shared.migrate grid``.

``python -m shared.migrate all`` upgrades every service; ``--revision "message"`` autogenerates a
new revision for one service from its models.
"""
from __future__ import annotations

import argparse
import sys

from alembic import command
from alembic.config import Config

from shared.settings import ROOT, SERVICES, SettingsError, get_settings


def alembic_config(service: str, url: str | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(ROOT / "services" / service / "migrations"))
    cfg.set_main_option("sqlalchemy.url", (url or get_settings().service_database_url(
        service, migrations=True)).replace("%", "%%"))
    cfg.attributes["service"] = service
    return cfg


def upgrade(service: str, url: str | None = None, revision: str = "head") -> None:
    command.upgrade(alembic_config(service, url), revision)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m shared.migrate")
    parser.add_argument("service", choices=[*SERVICES, "all"])
    parser.add_argument("--revision", metavar="MESSAGE", help="autogenerate a new revision")
    args = parser.parse_args(argv)
    try:
        get_settings()
    except SettingsError as exc:
        raise SystemExit(str(exc))
    services = SERVICES if args.service == "all" else (args.service,)
    for service in services:
        if args.revision:
            command.revision(alembic_config(service), message=args.revision, autogenerate=True)
        else:
            upgrade(service)
    return 0


if __name__ == "__main__":
    sys.exit(main())
