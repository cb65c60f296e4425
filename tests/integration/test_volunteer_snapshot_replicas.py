"""The monthly pioneer snapshot timer with two more volunteer replicas ticking every 0.2 s on the
same PostgreSQL database (the platform's own replica ticks hourly): last month is frozen exactly
once per county — one ``pioneer_months`` row, one snapshot row per party member — and a month
taken by hand is left alone. Two counties of their own, so no other test's volunteers mix in."""
from __future__ import annotations

import time
from datetime import datetime, timezone

from services.volunteer.schedule import previous_month
from tests.integration.conftest import Client, token
from tests.integration.organization_ops import party_members
from tests.integration.test_volunteer_flow import REGISTER, ledger_whole  # noqa: F401
from tests.support import start_services

TENANTS = ("341161", "341162")  # counties no other test uses
FROZEN = """query($m: String!) { pioneerSnapshot(month: $m) { month scores { volunteerId index } } }"""
SNAPSHOT = """mutation($m: String!) { snapshotPioneerIndex(month: $m) {
  __typename ... on OperationError { code field } } }"""


def wait_until(check, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not check() and time.monotonic() < deadline:
        time.sleep(0.2)


def test_two_replicas_freeze_last_month_once_per_county(gateway_url, platform_env, superuser_db, tmp_path):
    month = previous_month(datetime.now(timezone.utc))
    counties = [Client(gateway_url, token(t, "county_admin")) for t in TENANTS]
    members = {t: [] for t in TENANTS}
    for tenant, county in zip(TENANTS, counties):
        for n, member in enumerate(party_members(county, 3)):
            made = county(REGISTER, input={"name": f"党员{n}", "kind": "party_member",
                                           "memberId": member})["registerVolunteer"]
            members[tenant].append(made["id"])
        county(REGISTER, input={"name": "居民", "kind": "resident"})  # not in the index
    # the second county took the month by hand already: the timer must leave it alone
    assert counties[1](SNAPSHOT, m=month)["snapshotPioneerIndex"]["__typename"] == "PioneerMonth"

    env = {**platform_env, "CIVICGRID_PIONEER_SNAPSHOT_SECONDS": "0.2"}
    replicas = []
    for n in range(2):
        (tmp_path / f"r{n}").mkdir()
        replicas.append(start_services(["volunteer"], env, tmp_path / f"r{n}"))
    marks = "SELECT count(*) FROM pioneer_months WHERE tenant_id = :t AND month = :m"
    try:
        wait_until(lambda: superuser_db("volunteer", marks, t=TENANTS[0], m=month) >= 1)
        time.sleep(1.5)  # both replicas have ticked several times since
    finally:
        for replica in replicas:
            replica.stop()
    for tenant in TENANTS:
        assert superuser_db("volunteer", marks, t=tenant, m=month) == 1
        assert superuser_db("volunteer", "SELECT count(*) FROM pioneer_snapshots WHERE tenant_id = :t "
                            "AND month = :m", t=tenant, m=month) == 3
    assert superuser_db("volunteer", "SELECT taken_by FROM pioneer_months WHERE tenant_id = :t AND month = :m",
                        t=TENANTS[0], m=month) == "scheduler"
    assert superuser_db("volunteer", "SELECT taken_by FROM pioneer_months WHERE tenant_id = :t AND month = :m",
                        t=TENANTS[1], m=month) != "scheduler"
    frozen = counties[0](FROZEN, m=month)["pioneerSnapshot"]["scores"]
    assert sorted(s["volunteerId"] for s in frozen) == sorted(members[TENANTS[0]])
    again = counties[0](SNAPSHOT, m=month)["snapshotPioneerIndex"]
    assert (again["code"], again["field"]) == ("CONFLICT", "month")
    logs = [r.output() for r in replicas]
    assert all("ready: volunteer" in log for log in logs)
    print("replicas that froze the month:", [log.count("pioneer snapshot") for log in logs])
