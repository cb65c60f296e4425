"""``civicgrid``: the operator's command line.

    civicgrid token --tenant 341181 --role county_admin      mint a development token
                    [--department UNIT_ID]                  (a department account's unit)
    civicgrid tenant create --code 341181 --name 天长市        register a county tenant
    civicgrid seed-demo                                       create the demo county (once)
    civicgrid migrate all|SERVICE                             run Alembic migrations
    civicgrid broker-setup                                    apply queue policies, dead letters
    civicgrid dead-letters list [--limit N]                   list dead letters (kept in the queue)
    civicgrid dead-letters replay (--event-id ID | --all)     republish dead letters
    civicgrid personal-data reencrypt --tenant T [--service S] [--batch N]
                                                              re-encrypt under the current key
    civicgrid audit verify --tenant T [--service S]           check the audit hash chains
"""
from __future__ import annotations

import argparse
import asyncio
import json
import sys

from shared.principal import ROLES, SCOPE_LEVELS, Principal, Scope
from shared.settings import SettingsError, get_settings


async def _with_rpc(fn):
    from gateway.rpc_client import RpcClient

    rpc = RpcClient(get_settings().amqp_uri, timeout=30)
    await rpc.start()
    try:
        return await fn(rpc)
    finally:
        await rpc.close()


def cmd_token(args) -> int:
    from shared.tokens import mint_dev_token

    scope = Scope(level=args.scope_level, id=args.scope_id)
    print(mint_dev_token(get_settings(), tenant=args.tenant, roles=args.role, subject=args.subject,
                         scope=scope, lifetime=args.hours * 3600, department=args.department))
    return 0


def cmd_tenant_create(args) -> int:
    ctx = Principal(tenant=args.code, subject="civicgrid-cli", roles=("platform_admin",)).context_data()
    result = asyncio.run(_with_rpc(lambda rpc: rpc.call(
        "organization", "register_county", {"name": args.name}, context=ctx)))
    print(json.dumps(result, ensure_ascii=False))
    return 0


def cmd_seed_demo(args) -> int:
    from gateway import demo

    counts = asyncio.run(_with_rpc(lambda rpc: demo.seed(rpc)))
    print("demo county already present" if not counts else
          "demo county created: " + ", ".join(f"{v} {k}" for k, v in counts.items()))
    return 0


def cmd_migrate(args) -> int:
    from shared import migrate

    return migrate.main([args.service])


def cmd_broker_setup(args) -> int:
    from shared import broker

    settings = get_settings()
    broker.declare_dead_letters(settings.amqp_uri)
    if broker.can_manage_locally():
        broker.apply_policies(args.vhost)
        print(f"policies applied to vhost {args.vhost!r}")
    else:
        print("rabbitmqctl not found: load deploy/rabbitmq/definitions.json into the broker instead")
    return 0


def cmd_dead_letters_list(args) -> int:
    from shared import dead_letters

    rows = dead_letters.list_dead_letters(get_settings().amqp_uri, args.limit)
    columns = ("index", "reason", "queue", "original_exchange", "routing_key", "count",
               "first_death_time", "tenant", "event_id", "body_preview")
    table = [[str(row[c]) if row[c] is not None else "-" for c in columns] for row in rows]
    for line in table:  # one dead letter per line, whatever the body holds
        line[-1] = "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in line[-1])
    widths = [max([len(c)] + [len(r[i]) for r in table]) for i, c in enumerate(columns[:-1])]
    for line in [list(columns)] + table:
        print("  ".join(cell.ljust(w) for cell, w in zip(line, widths)) + "  " + line[-1])
    print(f"{len(rows)} dead letter(s) shown; bodies cut to {dead_letters.PREVIEW_CHARS} characters")
    return 0


def cmd_dead_letters_replay(args) -> int:
    from shared import dead_letters

    try:
        count = dead_letters.replay(get_settings().amqp_uri, event_id=args.event_id, all=args.all)
    except dead_letters.ReplayFailed as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"{count} dead letter(s) replayed")
    return 0


PERSONAL_DATA_SERVICES = ("grid", "organization")  # the services that keep personal data


def _operator(tenant: str) -> dict:
    return Principal(tenant=tenant, subject="civicgrid-cli", roles=("platform_admin",)).context_data()


def _services(choice: str) -> tuple[str, ...]:
    return PERSONAL_DATA_SERVICES if choice == "all" else (choice,)


def cmd_reencrypt(args) -> int:
    """Batch after batch until no value of the tenant is left under an older key. Each batch
    commits on its own, so an interrupted run simply continues where it stopped."""

    async def run(rpc):
        for tenant in args.tenant:
            for service in _services(args.service):
                total = 0
                while True:
                    done = await rpc.call(service, "reencrypt_personal_data", args.batch,
                                          context=_operator(tenant))
                    total += done["changed"]
                    print(f"{service} {tenant}: {total} row(s) re-encrypted under key "
                          f"{done['key']}, {done['remaining']} left", flush=True)
                    if done["remaining"] == 0 or done["changed"] == 0:
                        break
                if done["remaining"]:
                    print(f"error: {service} {tenant}: {done['remaining']} row(s) were being changed "
                          "by a writer; run the command again", file=sys.stderr)
                    return 1
        return 0

    return asyncio.run(_with_rpc(run))


def cmd_audit_verify(args) -> int:
    async def run(rpc):
        intact = True
        for tenant in args.tenant:
            for service in _services(args.service):
                found = await rpc.call(service, "verify_audit_chain", context=_operator(tenant))
                print(found["line"])
                intact = intact and found["intact"]
        return 0 if intact else 1

    return asyncio.run(_with_rpc(run))


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="civicgrid", description="CivicGrid 网格治理云 operator CLI")
    sub = p.add_subparsers(dest="command", required=True)
    t = sub.add_parser("token", help="mint a development token (HS256 dev secret)")
    t.add_argument("--tenant", required=True, help="six-digit county code, e.g. 341181")
    t.add_argument("--role", action="append", required=True, choices=ROLES)
    t.add_argument("--subject")
    t.add_argument("--scope-level", default="county", choices=SCOPE_LEVELS)
    t.add_argument("--scope-id")
    t.add_argument("--department", help="the department's unit id (claim 'department'), for --role department")
    t.add_argument("--hours", type=int, default=12)
    t.set_defaults(fn=cmd_token)
    tenant = sub.add_parser("tenant", help="tenants").add_subparsers(dest="action", required=True)
    create = tenant.add_parser("create", help="register a county tenant")
    create.add_argument("--code", required=True)
    create.add_argument("--name", required=True)
    create.set_defaults(fn=cmd_tenant_create)
    sub.add_parser("seed-demo", help="create the demo county 341181").set_defaults(fn=cmd_seed_demo)
    m = sub.add_parser("migrate", help="run migrations")
    m.add_argument("service", nargs="?", default="all")
    m.set_defaults(fn=cmd_migrate)
    b = sub.add_parser("broker-setup", help="dead-letter queue and queue policies")
    b.add_argument("--vhost", default="/")
    b.set_defaults(fn=cmd_broker_setup)
    dl = sub.add_parser("dead-letters", help="list and replay dead letters").add_subparsers(
        dest="action", required=True)
    dl_list = dl.add_parser("list", help="list dead letters without removing them")
    dl_list.add_argument("--limit", type=int, default=50)
    dl_list.set_defaults(fn=cmd_dead_letters_list)
    dl_replay = dl.add_parser("replay", help="republish dead letters to their original exchange")
    which = dl_replay.add_mutually_exclusive_group(required=True)
    which.add_argument("--event-id")
    which.add_argument("--all", action="store_true")
    dl_replay.set_defaults(fn=cmd_dead_letters_replay)
    pdata = sub.add_parser("personal-data", help="personal data at rest").add_subparsers(
        dest="action", required=True)
    re_enc = pdata.add_parser("reencrypt", help="re-encrypt ID numbers and phones under the current "
                              "(first) key of CIVICGRID_DATA_KEYS; batched and resumable")
    re_enc.add_argument("--tenant", action="append", required=True, help="county code (repeatable)")
    re_enc.add_argument("--service", default="all", choices=[*PERSONAL_DATA_SERVICES, "all"])
    re_enc.add_argument("--batch", type=int, default=500, help="rows per transaction (1-5000)")
    re_enc.set_defaults(fn=cmd_reencrypt)
    au = sub.add_parser("audit", help="the personal-data audit trail").add_subparsers(
        dest="action", required=True)
    verify = au.add_parser("verify", help="walk the hash chains; exit 1 if any was tampered with")
    verify.add_argument("--tenant", action="append", required=True, help="county code (repeatable)")
    verify.add_argument("--service", default="all", choices=[*PERSONAL_DATA_SERVICES, "all"])
    verify.set_defaults(fn=cmd_audit_verify)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        get_settings()
        return args.fn(args)
    except SettingsError as exc:
        print(exc, file=sys.stderr)
        return 2
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # CivicError and friends: one readable line, not a traceback
        from shared.errors import CivicError

        if isinstance(exc, CivicError):
            print(f"error [{exc.code}]: {exc.message} / {exc.message_zh}", file=sys.stderr)
            return 1
        raise


if __name__ == "__main__":
    sys.exit(main())
