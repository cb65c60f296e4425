"""The command dashboard (驾驶舱) end to end, in headless Debian Chromium, on the demo county.

Each panel's numbers are read off the page and compared with what the public GraphQL API answers
to the same user; a filter changes them; an acknowledgement sent by a cadre appears without a
reload; the page asks nothing of any other host. Screenshots go to var/test-artifacts/dashboard/.
The tests run in order and share one browser page, as a user would.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from shared.principal import Scope
from tests.dashboard.dashboard_browser import ARTIFACTS, BrowserError
from tests.dashboard.dashboard_platform import Api, all_grids, token

pytestmark = pytest.mark.timeout(900)  # the platform starts and the demo county is seeded first

CHINA = timezone(timedelta(hours=8))
OPEN = {"reported", "accepted", "escalated"}
SETTLED = {"resolved", "verified", "rated", "archived"}
FLOW = ["reported", "accepted", "escalated", "resolved", "verified", "rated", "archived", "rejected", "merged"]
MEASURE = ("reported resolved resolvedAtGridOrCommunity resolvedOnTime rated satisfied backlog overdue "
           "gridCommunityShare onTimeRate satisfactionRate")
ALL_LOADED = """() => { const panels = [...document.querySelectorAll('[data-panel]')];
  return panels.length === 9 && panels.every(p => p.dataset.loading === '0'); }"""
METRIC = "() => document.querySelector('[data-panel=\"{panel}\"] [data-metric=\"{name}\"]')?.dataset.value"


# ---------------------------------------------------------------- what the API says


def this_quarter() -> tuple[str, str, str]:
    """(label like 2026Q4, since, until) of the current quarter, China time, as the page's default."""
    now = datetime.now(CHINA)
    q = (now.month - 1) // 3 + 1
    start = datetime(now.year, 3 * q - 2, 1, tzinfo=CHINA)
    end = datetime(now.year + (q == 4), 1 if q == 4 else 3 * q + 1, 1, tzinfo=CHINA)
    return f"{now.year}Q{q}", start.isoformat(), end.isoformat()


def measures(api: Api, since: str, until: str, group: str = "NONE", **place) -> list[dict]:
    return api(f"""query($s: DateTime!, $u: DateTime!, $g: MeasureGrouping!, $street: ID, $community: ID) {{
        caseMeasures(since: $s, until: $u, groupBy: $g, streetId: $street, communityId: $community) {{ key {MEASURE} }} }}""",
               s=since, u=until, g=group, street=place.get("street"), community=place.get("community"))["caseMeasures"]


def total(api: Api, since: str, until: str, **place) -> dict:
    rows = measures(api, since, until, **place)
    return rows[0] if rows else {"reported": 0, "resolved": 0, "backlog": 0, "overdue": 0, "gridCommunityShare": None,
                                 "onTimeRate": None, "satisfactionRate": None, "rated": 0, "satisfied": 0}


CASES = """query($after: String) { grids(first: 100, after: $after) { edges { node { id streetId communityId
  cases { id status reportedAt supervised level dueAt rating } } } pageInfo { hasNextPage endCursor } } }"""


def cases_in(api: Api, since: str, until: str, street: str | None = None) -> list[dict]:
    out, after = [], None
    while True:
        page = api(CASES, after=after)["grids"]
        for edge in page["edges"]:
            grid = edge["node"]
            if street and grid["streetId"] != street:
                continue
            out += [c for c in grid["cases"] if since <= _utc(c["reportedAt"]) < until]
        if not page["pageInfo"]["hasNextPage"]:
            return out
        after = page["pageInfo"]["endCursor"]


def _utc(iso: str) -> str:
    return datetime.fromisoformat(iso).astimezone(CHINA).isoformat()


# ---------------------------------------------------------------- what the page shows


def metric(browser, panel: str, name: str) -> str:
    return browser.attr(selector=f'[data-panel="{panel}"] [data-metric="{name}"]', name="data-value")


def same(shown: str | None, expected) -> bool:
    if expected is None:
        return shown in ("", None)
    return shown not in ("", None) and abs(float(shown) - float(expected)) < 1e-9


def wait_metric(browser, panel: str, name: str, expected) -> None:
    """Wait for the page to show ``expected``; on a timeout, say what it shows instead."""
    want = "" if expected is None else str(expected)
    try:
        browser.until(expression=f"""(want) => {{ const v = ({METRIC.format(panel=panel, name=name)})();
            return v !== undefined && (v === want || (want !== '' && v !== '' && Math.abs(Number(v) - Number(want)) < 1e-9)); }}""",
                      arg=want)
    except BrowserError:
        pytest.fail(f"{panel}/{name}: the page shows {metric(browser, panel, name)!r}, the API says {expected!r}")


def loaded(browser) -> None:
    browser.until(expression=ALL_LOADED)


def shot(browser, name: str) -> None:
    browser.screenshot(path=str(ARTIFACTS / f"{name}.png"))


# ---------------------------------------------------------------- the tests


def test_sign_in_and_every_panel_matches_the_api(browser, demo_platform, admin_api):
    browser.goto(url=f"{demo_platform.url}/dashboard")  # redirected to /dashboard/
    browser.wait(selector="textarea#token")
    shot(browser, "01-sign-in")
    browser.fill(selector="textarea#token", value="not-a-token")
    browser.click(selector="button[type=submit]")
    browser.wait(selector=".signin [role=alert]")  # refused by the gateway, said on the page
    browser.fill(selector="textarea#token", value=token("dashboard-admin"))
    browser.click(selector="button[type=submit]")
    loaded(browser)
    quarter, since, until = this_quarter()
    assert browser.eval(expression="() => location.hash").startswith(f"#period={quarter}")
    shot(browser, "02-county")

    # funnel: headline measures, and the cases of the period by state
    m = total(admin_api, since, until)
    assert m["reported"] > 0, "the demo county has cases this quarter"
    for name in ("reported", "resolved", "backlog", "overdue", "gridCommunityShare", "onTimeRate", "satisfactionRate"):
        wait_metric(browser, "funnel", name, m[name])
    cases = cases_in(admin_api, since, until)
    assert len(cases) == m["reported"]
    bars = dict(zip(browser.attrs(selector='[data-panel="funnel"] [data-bar]', name="data-bar"),
                    map(int, browser.attrs(selector='[data-panel="funnel"] [data-bar]', name="data-value"))))
    assert bars == {state: sum(c["status"] == state for c in cases) for state in FLOW}
    assert sum(bars.values()) == m["reported"]
    # a number opens the list behind it
    browser.click(selector='[data-panel="funnel"] [data-metric="backlog"]')
    assert int(browser.attr(selector="[data-drill] table", name="data-rows")) == m["backlog"]
    shot(browser, "03-drill-backlog")
    browser.click(selector="[data-drill] tr[data-case]")
    browser.wait(selector="[data-drill] [data-case-detail] .timeline li")
    browser.press(key="Escape")
    browser.wait(selector="[data-drill]", state="detached")

    # resolution by level: resolved cases per level, and the share per street
    resolved = [c for c in cases if c["status"] in SETTLED and c["level"]]
    levels = dict(zip(browser.attrs(selector='[data-panel="levels"] [data-bar]', name="data-bar"),
                      map(int, browser.attrs(selector='[data-panel="levels"] [data-bar]', name="data-value"))))
    assert levels == {lv: sum(c["level"] == lv for c in resolved) for lv in ("BUILDING", "GRID", "COMMUNITY", "STREET")}
    assert sum(levels.values()) == m["resolved"]
    streets = {r["key"]: r for r in measures(admin_api, since, until, "STREET")}
    keys = browser.attrs(selector='[data-table="places"] tbody tr', name="data-key")
    shares = browser.attrs(selector='[data-table="places"] [data-cell="gridCommunityShare"]', name="data-value")
    assert set(keys) == set(streets) and len(keys) == 4
    for key, share in zip(keys, shares):
        assert same(share, streets[key]["gridCommunityShare"]), key

    # trends: six months of satisfaction and on-time rates
    points = browser.eval(expression="""() => [...document.querySelectorAll('[data-panel="trends"] [data-series]')]
        .map(s => [s.dataset.series, [...s.querySelectorAll('circle')].map(c => [c.dataset.month, c.dataset.value])])""")
    now = datetime.now(CHINA)
    for series, circles in points:
        for month, value in circles:
            y, mo = map(int, month.split("-"))
            start = datetime(y, mo, 1, tzinfo=CHINA)
            end = datetime(y + (mo == 12), mo % 12 + 1, 1, tzinfo=CHINA)
            assert start <= now and same(value, total(admin_api, start.isoformat(), end.isoformat())[series]), (series, month)
    assert any(month == now.strftime("%Y-%m") for _, circles in points for month, _ in circles)

    # overdue and supervised
    wait_metric(browser, "overdue", "overdue", m["overdue"])
    wait_metric(browser, "overdue", "supervised", sum(c["supervised"] for c in cases))

    # department scorecards from the whistle
    cards = admin_api("""query($s: DateTime!, $u: DateTime!) { departmentScorecards(since: $s, until: $u) {
        departmentId summoned reported resolved } }""", s=since, u=until)["departmentScorecards"]
    assert len(cards) == 3, "the demo summons three departments"
    for card in cards:
        row = f'[data-table="departments"] tr[data-key="{card["departmentId"]}"]'
        for cell in ("summoned", "reported", "resolved"):
            assert int(browser.text(selector=f'{row} [data-cell="{cell}"]')) == card[cell], (card, cell)

    # the rating map: every grid drawn from its boundary, coloured as rated
    rating = admin_api("""query($q: String!) { gridRating(quarter: $q) { grids { gridId colour } } }""",
                       q=quarter)["gridRating"]["grids"]
    colours = dict(zip(browser.attrs(selector='[data-map] [data-grid]', name="data-grid"),
                       browser.attrs(selector='[data-map] [data-grid]', name="data-colour")))
    grids = all_grids(admin_api)
    assert len(colours) == len(grids) == 36 and browser.count(selector="[data-undrawn]") == 0
    assert colours == {g["id"]: {r["gridId"]: r["colour"] for r in rating}.get(g["id"]) or "none" for g in grids}
    assert {"red", "blue", "yellow"} & set(colours.values()), "the demo quarter rates some grids"
    for colour in ("red", "blue", "yellow"):
        assert int(metric(browser, "map", f"colour-{colour}")) == sum(v == colour for v in colours.values())

    # red property: the published evaluation's ranking and lists
    year = int(quarter[:4])
    evaluation = next(e for e in (admin_api(f"{{ evaluation(year: {y}) {{ year status ranking {{ companyId composite list }} }} }}")
                                  ["evaluation"] for y in range(year, year - 4, -1)) if e and e["status"] == "published")
    assert metric(browser, "property", "evaluationYear") == str(evaluation["year"])
    ids = browser.attrs(selector='[data-table="ranking"] tbody tr', name="data-key")
    assert ids == [r["companyId"] for r in evaluation["ranking"]]
    composites = browser.attrs(selector='[data-table="ranking"] [data-cell="composite"]', name="data-value")
    assert all(same(c, r["composite"]) for c, r in zip(composites, evaluation["ranking"]))
    for which in ("red", "black"):
        assert int(metric(browser, "property", f"{which}List")) == sum(r["list"] == which for r in evaluation["ranking"]) > 0

    # points leaderboard of the quarter and the pioneer index of this month
    first = date.fromisoformat(since[:10])
    last = date.fromisoformat(until[:10]) - timedelta(days=1)
    board = [e["node"] for e in admin_api("""query($a: Date!, $b: Date!) { pointsLeaderboard(start: $a, end: $b, first: 10) {
        edges { node { volunteerId points } } } }""", a=first.isoformat(), b=last.isoformat())["pointsLeaderboard"]["edges"]]
    assert browser.attrs(selector='[data-table="leaderboard"] tbody tr', name="data-key") == [r["volunteerId"] for r in board]
    assert list(map(int, browser.attrs(selector='[data-table="leaderboard"] [data-cell="points"]', name="data-value"))) == \
        [r["points"] for r in board]
    pioneers = admin_api("{ pioneerIndex { volunteerId index } }")["pioneerIndex"][:8]  # all time, for a quarter
    assert pioneers and pioneers[0]["index"] > 0, "the demo's party members have served"
    shown = dict(zip(browser.attrs(selector="[data-pioneer] [data-bar]", name="data-bar"),
                     browser.attrs(selector="[data-pioneer] [data-bar]", name="data-value")))
    assert len(shown) == len(pioneers) and all(same(shown[p["volunteerId"]], p["index"]) for p in pioneers)
    # a volunteer's row opens the ledger behind the points
    browser.click(selector='[data-table="leaderboard"] tbody tr')
    browser.wait(selector="[data-drill] [data-volunteer] [data-balance]")
    browser.press(key="Escape")


def test_a_filter_changes_the_numbers(browser, admin_api):
    _, since, until = this_quarter()
    county = total(admin_api, since, until)
    by_street = measures(admin_api, since, until, "STREET")
    street = max(by_street, key=lambda r: r["reported"])
    assert 0 < street["reported"] < county["reported"]
    browser.select(selector="[data-filter=street]", value=street["key"])
    for name in ("reported", "resolved", "backlog", "gridCommunityShare", "satisfactionRate"):
        wait_metric(browser, "funnel", name, street[name])
    loaded(browser)
    # the share table now lists the street's communities, with the API's figures
    communities = {r["key"]: r for r in measures(admin_api, since, until, "COMMUNITY", street=street["key"])}
    keys = browser.attrs(selector='[data-table="places"] tbody tr', name="data-key")
    assert set(keys) == set(communities) and len(keys) == 3
    # the map keeps the street's grids only
    assert browser.count(selector="[data-map] [data-grid]") == 9
    shot(browser, "04-street")

    community = max(communities.values(), key=lambda r: r["reported"])
    browser.select(selector="[data-filter=community]", value=community["key"])
    one = total(admin_api, since, until, community=community["key"])
    wait_metric(browser, "funnel", "reported", one["reported"])
    wait_metric(browser, "funnel", "backlog", one["backlog"])
    assert browser.count(selector="[data-map] [data-grid]") == 3

    # last year's whole period: nothing was reported then in the demo county
    browser.select(selector="[data-filter=street]", value="")
    year = datetime.now(CHINA).year - 1
    browser.select(selector="[data-filter=period]", value=str(year))
    before = total(admin_api, datetime(year, 1, 1, tzinfo=CHINA).isoformat(), datetime(year + 1, 1, 1, tzinfo=CHINA).isoformat())
    wait_metric(browser, "funnel", "reported", before["reported"])
    assert before["reported"] != county["reported"]
    quarter, _, _ = this_quarter()
    browser.select(selector="[data-filter=period]", value=quarter)
    wait_metric(browser, "funnel", "reported", county["reported"])
    loaded(browser)


def test_a_live_acknowledgement_appears_without_reload(browser, demo_platform, admin_api):
    browser.eval(expression="() => { window.__sameDocument = true; }")  # gone if the page reloads
    browser.click(selector='[data-action="activate"]')
    browser.wait(selector="[data-emergency]")
    emergency = browser.attr(selector="[data-emergency]", name="data-emergency")
    status = admin_api("query($id: ID!) { emergencyStatus(id: $id) { emergency { taskCount acknowledged } } }",
                       id=emergency)["emergencyStatus"]["emergency"]
    assert status["taskCount"] > 0 and status["acknowledged"] == 0
    wait_metric(browser, "emergency", "taskCount", status["taskCount"])
    wait_metric(browser, "emergency", "acknowledged", 0)
    browser.wait(selector='[data-panel="emergency"] .badge')
    assert browser.text(selector='[data-panel="emergency"] .badge') == "实时订阅", "the page follows the subscription"

    # a cadre of the demo acknowledges their own task, as they would from their phone
    cadre = Api(demo_platform.url, token("cadre-county_leader-1", "party_member"))
    [task] = [t for t in cadre("{ myEmergencyTasks { id emergencyId } }")["myEmergencyTasks"]
              if t["emergencyId"] == emergency]
    acked = cadre("""mutation($t: ID!) { acknowledgeEmergency(taskId: $t) { __typename
        ... on EmergencyTask { acknowledgedAt } ... on OperationError { code message } } }""", t=task["id"])
    assert acked["acknowledgeEmergency"]["__typename"] == "EmergencyTask", acked
    wait_metric(browser, "emergency", "acknowledged", 1)
    browser.wait(selector=f'[data-feed] [data-ack="{task["id"]}"]')  # the event itself, pushed
    assert browser.eval(expression="() => window.__sameDocument === true"), "the page was reloaded"
    shares = admin_api("query($id: ID!) { emergencyStatus(id: $id) { communities { communityId share } } }",
                       id=emergency)["emergencyStatus"]["communities"]
    shown = dict(zip(browser.attrs(selector='[data-emergency] [data-bar]', name="data-bar"),
                     browser.attrs(selector='[data-emergency] [data-bar]', name="data-value")))
    assert len(shown) == len(shares) and all(same(shown[c["communityId"]], c["share"]) for c in shares)
    shot(browser, "05-emergency")
    browser.click(selector='[data-action="deactivate"]')
    browser.wait(selector='[data-emergency][data-ended="1"]')


def test_english_wall_screen_and_laptop(browser):
    browser.click(selector='[data-action="language"]')
    browser.until(expression="() => document.querySelector('.brand h1').textContent.includes('Command Dashboard')")
    assert browser.text(selector='[data-panel="funnel"] [data-metric="reported"] .label') == "Reported"
    browser.click(selector='[data-action="language"]')
    browser.until(expression="() => document.querySelector('.brand h1').textContent.includes('驾驶舱')")
    for name, width, height in (("06-wall-3840", 3840, 2160), ("07-laptop-1366", 1366, 768)):
        browser.viewport(width=width, height=height)
        loaded(browser)
        shot(browser, name)
        overflow = browser.eval(expression="() => document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name}: {overflow}px wider than the screen"
    browser.viewport(width=1600, height=1000)


def test_a_street_user_sees_only_their_street(browser, demo_platform, admin_api):
    _, since, until = this_quarter()
    street = max(measures(admin_api, since, until, "STREET"), key=lambda r: r["reported"])
    staff = token("street-staff-1", "street_staff", scope=Scope("street", street["key"]))
    browser.click(selector='[data-action="signout"]')
    browser.fill(selector="textarea#token", value=staff)
    browser.click(selector="button[type=submit]")
    loaded(browser)
    own = total(Api(demo_platform.url, staff), since, until)
    assert own["reported"] == street["reported"]
    wait_metric(browser, "funnel", "reported", own["reported"])
    assert browser.attrs(selector="[data-filter=street] option", name="value") == ["", street["key"]]
    assert browser.count(selector="[data-map] [data-grid]") == 9
    assert browser.text(selector="[data-me-scope]") == "street"


def test_the_page_stays_on_its_own_gateway(browser):
    problems = browser.problems()
    assert problems["foreign"] == [], "the dashboard must work offline: it asked other hosts"
    assert problems["page"] == [], problems["page"]
    # the only console errors allowed are the refused sign-in of the first test (a 401 by design)
    assert all("401" in line for line in problems["console"]), problems["console"]
