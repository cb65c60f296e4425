// The closed loop's panels: funnel and headline measures, resolution by level, trends, overdue
// and supervised cases, department scorecards.
import { label, t } from "../i18n";
import { num, pct } from "../format";
import { FLOW, isOpen, isOverdue, isRated, isResolved, isResolvedLow, isSatisfied } from "../model";
import type { Case } from "../model";
import * as period from "../period";
import { Bars, CaseTable, Lines, LoadedCases, Metric, Panel, useEnv, useLoad } from "../ui";
import type { Loaded } from "../ui";

const MEASURE = "key reported resolved resolvedAtGridOrCommunity resolvedOnTime rated satisfied backlog overdue gridCommunityShare onTimeRate satisfactionRate";

export interface Measure {
  key: string; reported: number; resolved: number; resolvedAtGridOrCommunity: number; resolvedOnTime: number;
  rated: number; satisfied: number; backlog: number; overdue: number;
  gridCommunityShare: number | null; onTimeRate: number | null; satisfactionRate: number | null;
}

const ZERO: Measure = { key: "all", reported: 0, resolved: 0, resolvedAtGridOrCommunity: 0, resolvedOnTime: 0, rated: 0,
  satisfied: 0, backlog: 0, overdue: 0, gridCommunityShare: null, onTimeRate: null, satisfactionRate: null };

const MEASURES = `query($since: DateTime!, $until: DateTime!, $streetId: ID, $communityId: ID, $groupBy: MeasureGrouping!) {
  total: caseMeasures(since: $since, until: $until, streetId: $streetId, communityId: $communityId) { ${MEASURE} }
  places: caseMeasures(since: $since, until: $until, streetId: $streetId, communityId: $communityId, groupBy: $groupBy) { ${MEASURE} } }`;

/** Headline measures and per-place measures of the period, in the filtered place. */
function useMeasures() {
  const { call, period: p, filter, version } = useEnv();
  const groupBy = filter.communityId ? "GRID" : filter.streetId ? "COMMUNITY" : "STREET";
  return useLoad(async () => {
    const data = await call(MEASURES, { since: period.since(p), until: period.until(p), streetId: filter.streetId,
      communityId: filter.communityId, groupBy });
    return { total: (data.total[0] ?? ZERO) as Measure, places: data.places as Measure[], groupBy };
  }, [period.key(p), filter.streetId, filter.communityId, version]);
}

function usePeriodCases(): Case[] {
  return useEnv().cases.data ?? [];
}

/** A panel waits for its own figures and for the period's cases. */
function both(a: Loaded<unknown>, b: Loaded<unknown>): Loaded<unknown> {
  return { loading: a.loading || b.loading, error: a.error ?? b.error, data: a.data !== undefined && b.data !== undefined ? true : undefined };
}

export function FunnelPanel() {
  const env = useEnv();
  const measures = useMeasures();
  const cases = usePeriodCases();
  const m = measures.data?.total ?? ZERO;
  const open = (title: string, list: Case[]) => () => env.drill(title, () => <CaseTable cases={list} />);
  const kpis = [
    { name: "reported", key: "kpiReported" as const, value: m.reported, list: cases },
    { name: "resolved", key: "kpiResolved" as const, value: m.resolved, list: cases.filter(isResolved) },
    { name: "backlog", key: "kpiBacklog" as const, value: m.backlog, list: cases.filter(isOpen), tone: "warn" },
    { name: "overdue", key: "kpiOverdue" as const, value: m.overdue, list: cases.filter((c) => isOverdue(c)), tone: "alarm" },
  ];
  const rates = [
    { name: "gridCommunityShare", key: "kpiGridShare" as const, value: m.gridCommunityShare, list: cases.filter(isResolvedLow) },
    { name: "onTimeRate", key: "kpiOnTime" as const, value: m.onTimeRate, list: cases.filter(isResolved) },
    { name: "satisfactionRate", key: "kpiSatisfaction" as const, value: m.satisfactionRate, list: cases.filter(isRated) },
  ];
  const byState = FLOW.map((state) => ({ state, list: cases.filter((c) => c.status === state) }));
  return (
    <Panel id="funnel" title="funnel" hint={t("funnelHint")} wide state={both(measures, env.cases)}>
      <div class="kpis">
        {kpis.map((k) => <Metric key={k.name} name={k.name} label={t(k.key)} value={k.value} tone={k.tone}
          onOpen={open(`${t(k.key)} · ${t("casesBehind")}`, k.list)} />)}
        {rates.map((k) => <Metric key={k.name} name={k.name} label={t(k.key)} value={k.value} percent tone="rate"
          onOpen={open(`${t(k.key)} · ${t("casesBehind")}`, k.list)} />)}
      </div>
      <div class="funnel" data-funnel>
        <Bars rows={byState.map(({ state, list }) => ({
          key: state, label: label(state), value: list.length, tone: `state-${state}`,
          onOpen: list.length ? open(`${label(state)} · ${t("casesBehind")}`, list) : undefined,
        }))} />
      </div>
    </Panel>
  );
}

export function LevelsPanel() {
  const env = useEnv();
  const measures = useMeasures();
  const resolved = usePeriodCases().filter(isResolved);
  const levels = ["BUILDING", "GRID", "COMMUNITY", "STREET"].map((level) => ({ level, list: resolved.filter((c) => c.level === level) }));
  const places = measures.data?.places ?? [];
  const placeOf = (key: string) => {
    const grid = env.territory.gridById.get(key);
    return grid ? grid.name : env.territory.placeName(key);
  };
  const casesOf = (key: string) => resolved.filter((c) => {
    const g = env.territory.gridById.get(c.gridId);
    return g && (g.id === key || g.communityId === key || g.streetId === key);
  });
  const groupLabel = measures.data?.groupBy === "GRID" ? t("grid") : measures.data?.groupBy === "COMMUNITY" ? t("community") : label("STREET");
  return (
    <Panel id="levels" title="levels" hint={t("levelsHint")} state={both(measures, env.cases)}>
      <Bars rows={levels.map(({ level, list }) => ({
        key: level, label: label(level), value: list.length,
        text: `${num(list.length)} · ${pct(resolved.length ? list.length / resolved.length : null)}`,
        tone: level === "STREET" ? "warn" : "ok",
        onOpen: list.length ? () => env.drill(`${label(level)} · ${t("casesBehind")}`, () => <CaseTable cases={list} />) : undefined,
      }))} max={Math.max(1, resolved.length)} />
      <h3>{t("kpiGridShare")} · {groupLabel}</h3>
      <table class="compact" data-table="places">
        <thead><tr><th>{groupLabel}</th><th>{t("kpiResolved")}</th><th>{t("kpiGridShare")}</th></tr></thead>
        <tbody>
          {places.map((row) => (
            <tr key={row.key} data-key={row.key} class="clickable"
              onClick={() => env.drill(`${placeOf(row.key)} · ${t("kpiResolved")}`, () => <CaseTable cases={casesOf(row.key)} />)}>
              <td>{placeOf(row.key)}</td>
              <td data-cell="resolved">{num(row.resolved)}</td>
              <td data-cell="gridCommunityShare" data-value={row.gridCommunityShare ?? ""}>{pct(row.gridCommunityShare)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Panel>
  );
}

export function TrendsPanel() {
  const env = useEnv();
  const { call, period: p, filter, version } = env;
  const months = period.trendMonths(p);
  const state = useLoad(async () => {
    const fields = months.map((m, i) => `m${i}: caseMeasures(since: "${m.since}", until: "${m.until}", streetId: $streetId, communityId: $communityId) { satisfactionRate onTimeRate }`);
    const data = await call(`query($streetId: ID, $communityId: ID) { ${fields.join("\n")} }`,
      { streetId: filter.streetId, communityId: filter.communityId });
    return months.map((_, i) => data[`m${i}`][0] ?? { satisfactionRate: null, onTimeRate: null });
  }, [period.key(p), filter.streetId, filter.communityId, version]);
  const rows: { satisfactionRate: number | null; onTimeRate: number | null }[] = state.data ?? [];
  const monthCases = (i: number, pick: (c: Case) => boolean) =>
    <LoadedCases query={{ since: months[i].since, until: months[i].until, ...filter }} pick={pick} />;
  return (
    <Panel id="trends" title="trends" hint={t("trendsHint")} state={state}>
      <Lines months={months.map((m) => m.key)} series={[
        { key: "satisfactionRate", label: t("kpiSatisfaction"), tone: "s1", values: rows.map((r) => r.satisfactionRate),
          onOpen: (i) => env.drill(`${months[i].key} · ${t("kpiSatisfaction")}`, () => monthCases(i, isRated)) },
        { key: "onTimeRate", label: t("kpiOnTime"), tone: "s2", values: rows.map((r) => r.onTimeRate),
          onOpen: (i) => env.drill(`${months[i].key} · ${t("kpiOnTime")}`, () => monthCases(i, isResolved)) },
      ]} />
    </Panel>
  );
}

export function OverduePanel() {
  const env = useEnv();
  const measures = useMeasures();
  const cases = usePeriodCases();
  const overdue = cases.filter((c) => isOverdue(c));
  const supervised = cases.filter((c) => c.supervised);
  const watch = cases.filter((c) => c.supervised || isOverdue(c));
  return (
    <Panel id="overdue" title="overdue" hint={t("overdueHint")} state={both(measures, env.cases)}>
      <div class="kpis">
        <Metric name="overdue" label={t("kpiOverdue")} value={measures.data?.total.overdue ?? 0} tone="alarm"
          onOpen={() => env.drill(t("kpiOverdue"), () => <CaseTable cases={overdue} />)} />
        <Metric name="supervised" label={t("supervised")} value={supervised.length} tone="warn"
          onOpen={() => env.drill(t("supervised"), () => <CaseTable cases={supervised} />)} />
        <Metric name="satisfied" label={`${t("kpiSatisfaction")} (${num(measures.data?.total.satisfied ?? 0)}/${num(measures.data?.total.rated ?? 0)})`}
          value={measures.data?.total.satisfactionRate} percent tone="rate"
          onOpen={() => env.drill(t("kpiSatisfaction"), () => <CaseTable cases={cases.filter(isSatisfied)} />)} />
      </div>
      <CaseTable cases={watch} limit={6} />
    </Panel>
  );
}

const SCORECARDS = `query($since: DateTime!, $until: DateTime!) { departmentScorecards(since: $since, until: $until) {
  departmentId departmentName summoned reported reportedOnTime resolved resolvedOnTime averageResponseMinutes onTimeRate satisfactionRate } }`;

export function DepartmentsPanel() {
  const env = useEnv();
  const { call, period: p, version } = env;
  const state = useLoad(() => call(SCORECARDS, { since: period.since(p), until: period.until(p) }), [period.key(p), version]);
  const rows: any[] = state.data?.departmentScorecards ?? [];
  const from = Date.parse(period.since(p)), to = Date.parse(period.until(p));
  const casesOf = (id: string) => (env.cases.data ?? []).filter((c) => c.whistleParts.some((w) =>
    w.departmentId === id && Date.parse(w.summonedAt) >= from && Date.parse(w.summonedAt) < to));
  return (
    <Panel id="departments" title="departments" state={state} note={env.filter.streetId || env.filter.communityId ? t("countyWide") : undefined}>
      {rows.length === 0 ? <p class="muted">{t("empty")}</p> : (
        <table class="compact" data-table="departments">
          <thead><tr><th>{t("deptName")}</th><th>{t("summoned")}</th><th>{t("reportedIn")}</th><th>{t("reportedOnTime")}</th>
            <th>{t("partsResolved")}</th><th>{t("partsOnTime")}</th><th>{t("avgResponse")}</th><th>{t("satisfaction")}</th></tr></thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.departmentId} data-key={r.departmentId} class="clickable"
                onClick={() => env.drill(`${r.departmentName} · ${t("casesBehind")}`, () => <CaseTable cases={casesOf(r.departmentId)} />)}>
                <td>{r.departmentName}</td><td data-cell="summoned">{num(r.summoned)}</td><td data-cell="reported">{num(r.reported)}</td>
                <td data-cell="reportedOnTime">{num(r.reportedOnTime)}</td><td data-cell="resolved">{num(r.resolved)}</td>
                <td data-cell="onTimeRate">{pct(r.onTimeRate)}</td><td data-cell="averageResponseMinutes">{num(r.averageResponseMinutes, 1)}</td>
                <td data-cell="satisfactionRate">{pct(r.satisfactionRate)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Panel>
  );
}
