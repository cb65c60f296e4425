"""``python -m bench.run [--quick]``: every benchmark beside its baseline, in one run.

Writes bench/results/<time>.json and prints a summary. Nothing here asserts a number: CI runs the
quick mode only to keep the benchmarks working.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform as host
import signal
import statistics
import time
import warnings
from datetime import datetime, timezone
from pathlib import Path

import httpx

from bench import scale, scenarios
from bench.platform import JWT_SECRET, gateway, platform
from gateway.rpc_client import RpcClient
from shared.settings import Settings
from shared.tokens import mint_dev_token

RESULTS = Path(__file__).with_name("results")
# eventlet announces its deprecation when shared.db imports nameko; nothing here patches
warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")


def machine() -> dict:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), host.processor())
    return {"cpus": os.cpu_count(), "cpu": cpu, "python": host.python_version(), "system": host.platform()}


def spread(runs: list[dict], key: str) -> dict:
    values = [r[key] for r in runs]
    return {"min": round(min(values), 3), "median": round(statistics.median(values), 3),
            "max": round(max(values), 3)}


async def main(quick: bool, repeat: int, only: set[str] | None = None) -> dict:
    def wanted(name: str) -> bool:
        return not only or any(name.startswith(o) for o in only)

    n = 60 if quick else 300
    report: dict = {"when": datetime.now(timezone.utc).isoformat(), "mode": "quick" if quick else "full",
                    "machine": machine(), "repeat": repeat, "results": {}}
    with platform() as p:
        p.start_services()
        token = mint_dev_token(Settings(jwt_secret=JWT_SECRET), tenant="341181", roles=["county_admin"])
        rpc = RpcClient(p.amqp_uri, timeout=30)
        await rpc.start()
        port = 18000 + os.getpid() % 1000
        async with gateway(p, port) as (url, counter):
            async with httpx.AsyncClient(base_url=url, headers={"Authorization": f"Bearer {token}"},
                                         timeout=30) as http:
                needs_seed = any(wanted(k) for k in ("P1", "P2", "P3", "P4", "P6"))
                data = await scenarios.seed(rpc, grids=120 if not quick else 101) if needs_seed else {}
                ctx = scenarios.Ctx(rpc=rpc, http=http, counter=counter, data=data, n=n, platform=p, quick=quick)
                ctx.platform, ctx.quick = p, quick  # bench/residents_import.py, bench/emergency.py
                for name, fn, keys in scenarios.LATENCY:
                    if not wanted(name):
                        continue
                    runs = [await fn(ctx) for _ in range(repeat)]
                    report["results"][name] = {"runs": runs, **{k: spread(runs, k) for k in keys}}
                    print(name, {k: report["results"][name][k]["median"] for k in keys}, flush=True)
                def token_for(tenant: str) -> str:
                    return mint_dev_token(Settings(jwt_secret=JWT_SECRET), tenant=tenant, roles=["county_admin"])

                for name, fn in (("P7_dashboard", scale.p7_dashboard), ("P8_one_among_many", scale.p8_noisy_neighbours)):
                    if wanted(name):
                        report["results"][name] = await fn(p, rpc, url, token_for, quick=quick,
                                                           n=max(20, n // 3), repeat=repeat)
                        print(name, report["results"][name]["runs"][-1], flush=True)
                if not wanted("P4_case_pipeline"):
                    await rpc.close()
                    return report
                runs = [await scenarios.pipeline(ctx, seconds=5 if quick else 30) for _ in range(repeat)]
                report["results"]["P4_case_pipeline"] = {
                    "runs": runs, **{k: spread(runs, k) for k in
                                     ("reported_per_s", "applied_per_s", "rpc_baseline_per_s", "lost", "duplicated")}}
                print("P4_case_pipeline", {k: report["results"]["P4_case_pipeline"][k]["median"]
                                           for k in ("reported_per_s", "applied_per_s", "lost", "duplicated")},
                      flush=True)
        await rpc.close()
        if not wanted("P6_tracing"):
            return report
        report["results"]["P6_tracing"] = await scenarios.tracing_overhead(p, data, n=n, repeat=repeat)
        print("P6_tracing", report["results"]["P6_tracing"]["ratio"], flush=True)
    return report


def _interrupt_on_term(_signum, _frame):
    raise KeyboardInterrupt  # unwinds platform(): the services it started are stopped, not orphaned


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, _interrupt_on_term)
    parser = argparse.ArgumentParser(prog="python -m bench.run")
    parser.add_argument("--quick", action="store_true", help="a few minutes: CI keeps the benchmarks working")
    parser.add_argument("--repeat", type=int, default=None)
    parser.add_argument("--only", default="", help="comma-separated prefixes, e.g. P7,P8")
    args = parser.parse_args()
    only = {o.strip() for o in args.only.split(",") if o.strip()} or None
    result = asyncio.run(main(args.quick, args.repeat or (1 if args.quick else 3), only))
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"{time.strftime('%Y%m%dT%H%M%S')}-{result['mode']}.json"
    out.write_text(json.dumps(result, ensure_ascii=False, indent=1))
    print(f"written {out}")
