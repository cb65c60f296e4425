// The page: sign-in with a token, then the panels under one filter bar (period, street,
// community). Filters live in the address's #fragment so a wall screen can be bookmarked.
import type { VNode } from "preact";
import { useEffect, useMemo, useState } from "preact/hooks";
import { client } from "./api";
import { lang, setLang, t } from "./i18n";
import { loadCases, loadTerritory } from "./model";
import type { Case, Filter, Territory } from "./model";
import * as period from "./period";
import type { Period } from "./period";
import { DepartmentsPanel, FunnelPanel, LevelsPanel, OverduePanel, TrendsPanel } from "./panels/cases";
import { EmergencyPanel } from "./panels/emergency";
import { MapPanel } from "./panels/map";
import { PointsPanel } from "./panels/points";
import { PropertyPanel } from "./panels/property";
import { Drill, EnvContext, useLoad } from "./ui";
import type { Env } from "./ui";

const TOKEN = "civicgrid.token";
const ME = "{ me { subject tenant roles scopeLevel scopeId } }";

function readHash(): { period: Period; filter: Filter } {
  const params = new URLSearchParams(location.hash.slice(1));
  return {
    period: period.parse(params.get("period") ?? "") ?? period.current(),
    filter: { streetId: params.get("street"), communityId: params.get("community") },
  };
}

function writeHash(p: Period, f: Filter): void {
  const params = new URLSearchParams({ period: period.key(p) });
  if (f.streetId) params.set("street", f.streetId);
  if (f.communityId) params.set("community", f.communityId);
  history.replaceState(null, "", `#${params}`);
}

function SignIn(props: { onToken: (token: string) => void; problem: string | null }) {
  const [value, setValue] = useState("");
  return (
    <main class="signin">
      <form onSubmit={(e) => { e.preventDefault(); if (value.trim()) props.onToken(value.trim()); }}>
        <h1>{t("title")}</h1>
        <p class="muted">{t("subtitle")}</p>
        <label for="token">{t("tokenLabel")}</label>
        <textarea id="token" name="token" rows={4} value={value} onInput={(e) => setValue((e.target as HTMLTextAreaElement).value)} autoFocus />
        <p class="muted small">{t("tokenHint")}</p>
        {props.problem && <p class="error" role="alert">{t("signInFailed")}: {props.problem}</p>}
        <div class="row">
          <button type="submit" class="primary">{t("signIn")}</button>
          <LanguageButton />
        </div>
      </form>
    </main>
  );
}

function LanguageButton() {
  const [, rerender] = useState(0);
  return (
    <button type="button" class="lang" data-action="language" onClick={() => {
      setLang(lang() === "zh" ? "en" : "zh");
      rerender((n) => n + 1);
      dispatchEvent(new Event("civicgrid:lang"));
    }}>{t("language")}</button>
  );
}

export function App() {
  const [token, setToken] = useState<string | null>(sessionStorage.getItem(TOKEN));
  const [problem, setProblem] = useState<string | null>(null);
  const [me, setMe] = useState<any>(null);
  const [territory, setTerritory] = useState<Territory | null>(null);
  const [{ period: p, filter }, setView] = useState(readHash);
  const [version, setVersion] = useState(0);
  const [drill, setDrill] = useState<{ title: string; body: () => VNode } | null>(null);
  const [, setLangTick] = useState(0);

  useEffect(() => {
    const again = () => setLangTick((n) => n + 1);
    addEventListener("civicgrid:lang", again);
    return () => removeEventListener("civicgrid:lang", again);
  }, []);

  const signOut = (message: string | null = null) => {
    sessionStorage.removeItem(TOKEN);
    setToken(null);
    setMe(null);
    setTerritory(null);
    setProblem(message);
  };
  const call = useMemo(() => (token ? client(token, (m) => signOut(m)) : null), [token]);

  useEffect(() => {
    if (!call) return;
    let live = true;
    (async () => {
      try {
        const who = (await call(ME)).me;
        if (!live) return;
        sessionStorage.setItem(TOKEN, token!);
        setMe(who);
        const loaded = await loadTerritory(call);
        if (live) setTerritory(loaded);
      } catch (exc: any) {
        if (live) signOut(exc.message);
      }
    })();
    return () => {
      live = false;
    };
  }, [call, version]);

  const cases = useLoad<Case[]>(async () => (call && territory ? loadCases(call, { since: period.since(p), until: period.until(p), ...filter }) : []),
    [call, territory, period.key(p), filter.streetId, filter.communityId]);

  useEffect(() => writeHash(p, filter), [p, filter]);
  useEffect(() => {
    const timer = setInterval(() => setVersion((n) => n + 1), 5 * 60_000); // a wall screen stays current
    return () => clearInterval(timer);
  }, []);

  if (!token || !call) return <SignIn onToken={(tok) => { setProblem(null); setToken(tok); }} problem={problem} />;
  if (!me || !territory) return <main class="signin"><p class="muted">{t("loading")}</p></main>;

  const env: Env = { call, token, territory, period: p, filter, version, cases, drill: (title, body) => setDrill({ title, body }) };
  const communities = territory.communities.filter((c) => !filter.streetId || c.streetId === filter.streetId);
  const choices = period.choices();
  if (!choices.some((c) => period.key(c) === period.key(p))) choices.push(p);
  return (
    <EnvContext.Provider value={env}>
      <div class="page">
        <header class="top">
          <div class="brand">
            <h1>{territory.county ? `${territory.county} · ` : ""}{t("title")}</h1>
            <span class="muted">{t("subtitle")} · {t("scope")}: <span data-me-scope>{me.scopeLevel}</span> · {me.tenant}</span>
          </div>
          <form class="filters" onSubmit={(e) => e.preventDefault()}>
            <label>{t("period")}
              <select data-filter="period" value={period.key(p)} onChange={(e) => setView({ period: period.parse((e.target as HTMLSelectElement).value)!, filter })}>
                {choices.map((c) => <option key={period.key(c)} value={period.key(c)}>{period.name(c)}</option>)}
              </select>
            </label>
            <label>{t("place")}
              <select data-filter="street" value={filter.streetId ?? ""} onChange={(e) => setView({ period: p, filter: { streetId: (e.target as HTMLSelectElement).value || null, communityId: null } })}>
                <option value="">{t("wholeScope")}</option>
                {territory.streets.map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}
              </select>
            </label>
            <label>
              <select data-filter="community" value={filter.communityId ?? ""} onChange={(e) => {
                const id = (e.target as HTMLSelectElement).value || null;
                const street = id ? territory.communities.find((c) => c.id === id)?.streetId ?? null : filter.streetId;
                setView({ period: p, filter: { streetId: street, communityId: id } });
              }}>
                <option value="">{t("allCommunities")}</option>
                {communities.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
              </select>
            </label>
            <button type="button" onClick={() => setVersion((n) => n + 1)} data-action="refresh">{t("refresh")}</button>
            <LanguageButton />
            <button type="button" onClick={() => signOut()} data-action="signout">{t("signOut")}</button>
          </form>
        </header>
        <main class="panels">
          <FunnelPanel />
          <LevelsPanel />
          <TrendsPanel />
          <OverduePanel />
          <DepartmentsPanel />
          <MapPanel />
          <PropertyPanel />
          <PointsPanel />
          <EmergencyPanel />
        </main>
      </div>
      {drill && <Drill title={drill.title} body={drill.body} onClose={() => setDrill(null)} />}
    </EnvContext.Provider>
  );
}
