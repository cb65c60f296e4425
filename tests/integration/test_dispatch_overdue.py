"""The overdue timer with two more dispatch replicas sweeping the same PostgreSQL database every
0.2 s (plus the platform's own): each overdue case is flagged for supervision exactly once."""
from __future__ import annotations

import time

from tests.integration.dispatch_ops import ACCEPT, CASE, ESCALATE, report, run
from tests.integration.territory_ops import lay_out
from tests.support import start_services

N = 24
IDS = "ARRAY[{}]::uuid[]"


def count(superuser_db, sql: str, ids: list[str]) -> int:
    return superuser_db("dispatch", sql.format(ids=IDS.format(",".join(f"'{i}'" for i in ids))))


def wait_until(check, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not check() and time.monotonic() < deadline:
        time.sleep(0.2)


def test_two_replicas_flag_each_overdue_case_exactly_once(county_a, platform_env, superuser_db,
                                                          tmp_path):
    place = lay_out(county_a)
    ids = [report(county_a, place["grid"], description=f"占道经营 {n}") for n in range(N)]
    for case_id in ids:
        run(county_a, ACCEPT, caseId=case_id)
    env = {**platform_env, "CIVICGRID_DISPATCH_SWEEP_SECONDS": "0.2"}
    replicas = []
    for n in range(2):
        (tmp_path / f"r{n}").mkdir()
        replicas.append(start_services(["dispatch"], env, tmp_path / f"r{n}"))
    try:
        supervised = "SELECT count(*) FROM supervisions WHERE case_id = ANY({ids})"
        assert count(superuser_db, supervised, ids) == 0  # not due yet: nothing flagged
        # time passes: every case is now an hour past its deadline, for both replicas at once
        count(superuser_db, "UPDATE cases SET due_at = now() - interval '1 hour' "
                            "WHERE id = ANY({ids})", ids)
        wait_until(lambda: count(superuser_db, supervised, ids) >= N)
        time.sleep(1.5)  # further sweeps of both replicas would flag again now
        assert count(superuser_db, supervised, ids) == N
        assert count(superuser_db, "SELECT count(DISTINCT case_id) FROM supervisions "
                                   "WHERE case_id = ANY({ids})", ids) == N
        assert count(superuser_db, "SELECT count(*) FROM case_timeline WHERE action = 'supervise' "
                                   "AND case_id = ANY({ids})", ids) == N
        assert count(superuser_db, "SELECT count(*) FROM outbox WHERE event_type = "
                                   "'case.supervised' AND (payload->>'case_id')::uuid = ANY({ids})",
                     ids) == N
        case = county_a(CASE, id=ids[0])["case"]
        assert case["supervised"] is True and case["timeline"][-1]["action"] == "supervise"

        # escalation sets a new deadline (step 2): flagged again once when that one passes
        assert run(county_a, ESCALATE, caseId=ids[0])["supervised"] is False
        count(superuser_db, "UPDATE cases SET due_at = now() - interval '1 minute' "
                            "WHERE id = ANY({ids})", ids[:1])
        wait_until(lambda: count(superuser_db, supervised, ids) >= N + 1)
        time.sleep(1.0)
        assert count(superuser_db, supervised, ids) == N + 1
        assert county_a(CASE, id=ids[0])["case"]["supervised"] is True
    finally:
        for replica in replicas:
            replica.stop()
    logs = [r.output() for r in replicas]
    assert all("ready: dispatch" in log for log in logs)
    print("sweeps that flagged, per replica:", [log.count("flagged") for log in logs])
