// Small building blocks: panels, clickable numbers, the drill-down dialog, tables and hand-drawn
// SVG charts (no chart library: the bundle stays small and works offline).
import type { ComponentChildren, VNode } from "preact";
import { createContext } from "preact";
import { useContext, useEffect, useState } from "preact/hooks";
import type { Call } from "./api";
import { label, t } from "./i18n";
import type { Key } from "./i18n";
import { num, pct, shortId, when } from "./format";
import { loadCases } from "./model";
import type { Case, CaseQuery, Filter, Territory } from "./model";
import type { Period } from "./period";

export interface Env {
  call: Call;
  token: string;
  territory: Territory;
  period: Period;
  filter: Filter;
  drill: (title: string, body: () => VNode) => void;
  version: number; // bumped by refresh
  cases: Loaded<Case[]>; // the cases of the period in the filtered place
}

export interface Loaded<T> {
  data?: T;
  error?: string;
  loading: boolean;
}

export const EnvContext = createContext<Env>(null as unknown as Env);
export const useEnv = () => useContext(EnvContext);

/** Run a loader whenever its inputs change; the latest call wins. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): Loaded<T> {
  const [state, setState] = useState<Loaded<T>>({ loading: true });
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => live && setState({ data, loading: false }),
      (exc) => live && setState({ error: String(exc?.message ?? exc), loading: false }),
    );
    return () => {
      live = false;
    };
  }, deps);
  return state;
}

export function Panel(props: { id: string; title: Key; hint?: string; wide?: boolean; note?: string; state?: { data?: unknown; error?: string; loading: boolean }; children: ComponentChildren }) {
  const { state } = props;
  const waiting = state !== undefined && state.loading && state.data === undefined;
  return (
    <section class={`panel${props.wide ? " wide" : ""}`} data-panel={props.id} data-loading={state?.loading ? "1" : "0"}>
      <header>
        <h2>{t(props.title)}</h2>
        {props.hint && <span class="hint">{props.hint}</span>}
        {props.note && <span class="badge">{props.note}</span>}
      </header>
      {state?.error ? <p class="error" role="alert">{t("failed")}: {state.error}</p>
        : waiting ? <p class="muted">{t("loading")}</p> : props.children}
    </section>
  );
}

/** A number that opens the list behind it. */
export function Metric(props: { name: string; label: string; value: number | null | undefined; percent?: boolean; digits?: number; text?: string; tone?: string; onOpen?: () => void }) {
  const text = props.text ?? (props.percent ? pct(props.value) : num(props.value, props.digits ?? 0));
  return (
    <button type="button" class={`metric ${props.tone ?? ""}`} data-metric={props.name} data-value={props.value ?? ""}
      onClick={props.onOpen} disabled={!props.onOpen}>
      <span class="value">{text}</span>
      <span class="label">{props.label}</span>
    </button>
  );
}

export function Drill(props: { title: string; body: () => VNode; onClose: () => void }) {
  useEffect(() => {
    const key = (e: KeyboardEvent) => e.key === "Escape" && props.onClose();
    addEventListener("keydown", key);
    return () => removeEventListener("keydown", key);
  }, []);
  return (
    <div class="drill-backdrop" onClick={(e) => e.target === e.currentTarget && props.onClose()}>
      <div class="drill" role="dialog" aria-modal="true" aria-label={props.title} data-drill>
        <header>
          <h2>{props.title}</h2>
          <button type="button" class="close" onClick={props.onClose}>{t("close")}</button>
        </header>
        <div class="drill-body">{props.body()}</div>
      </div>
    </div>
  );
}

const CASE_DETAIL = `query($id: ID!) { case(id: $id) { id status level dueAt rating supervised
  timeline { seq action toStatus level actor note at }
  whistleParts { departmentName status reportedAt resolvedAt reportedOnTime resolvedOnTime } } }`;

function CaseDetail(props: { id: string }) {
  const { call } = useEnv();
  const state = useLoad(() => call(CASE_DETAIL, { id: props.id }), [props.id]);
  const c = state.data?.case;
  if (state.error) return <p class="error">{state.error}</p>;
  if (!c) return <p class="muted">{t("loading")}</p>;
  return (
    <div class="case-detail" data-case-detail={c.id}>
      <h3>{t("timeline")}</h3>
      <ol class="timeline">
        {c.timeline.map((e: any) => (
          <li key={e.seq}><b>{label(e.action)}</b> → {label(e.toStatus)} {e.level && `(${label(e.level)})`}
            <span class="muted"> {when(e.at)}</span>{e.note && <div class="note">{e.note}</div>}</li>
        ))}
      </ol>
      {c.whistleParts.length > 0 && (
        <>
          <h3>{t("whistle")}</h3>
          <table>
            <tbody>
              {c.whistleParts.map((p: any) => (
                <tr key={p.departmentName}><td>{p.departmentName}</td><td>{label(p.status)}</td>
                  <td>{when(p.reportedAt)}</td><td>{when(p.resolvedAt)}</td></tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}

/** The list behind a case number; a row opens the case's timeline. */
export function CaseTable(props: { cases: Case[]; limit?: number }) {
  const { territory } = useEnv();
  const [open, setOpen] = useState<string | null>(null);
  const [all, setAll] = useState(false);
  const shown = props.limit && !all ? props.cases.slice(0, props.limit) : props.cases;
  if (props.cases.length === 0) return <p class="muted" data-rows="0">{t("empty")}</p>;
  return (
    <div class="case-table">
      <table data-rows={props.cases.length}>
        <thead>
          <tr><th>{t("caseId")}</th><th>{t("category")}</th><th>{t("description")}</th><th>{t("grid")}</th>
            <th>{t("status")}</th><th>{t("reportedAt")}</th><th>{t("dueAt")}</th></tr>
        </thead>
        <tbody>
          {shown.map((c) => {
            const grid = territory.gridById.get(c.gridId);
            return [
              <tr key={c.id} data-case={c.id} class={`clickable${c.supervised ? " supervised" : ""}`} onClick={() => setOpen(open === c.id ? null : c.id)}>
                <td class="mono">{shortId(c.id)}</td><td>{label(c.category)}</td><td class="desc">{c.description}</td>
                <td>{grid ? `${territory.placeName(grid.communityId)} ${grid.name}` : shortId(c.gridId)}</td>
                <td>{label(c.status)}{c.supervised && <span class="tag red">{t("supervised")}</span>}</td>
                <td>{when(c.reportedAt)}</td><td>{when(c.dueAt)}</td>
              </tr>,
              open === c.id && <tr key={c.id + "-detail"}><td colSpan={7}><CaseDetail id={c.id} /></td></tr>,
            ];
          })}
        </tbody>
      </table>
      {props.limit && !all && props.cases.length > props.limit && (
        <button type="button" class="link" onClick={() => setAll(true)}>{t("more")} ({props.cases.length})</button>
      )}
    </div>
  );
}

/** The cases of a query, loaded when shown (a trend month, a grid), optionally narrowed. */
export function LoadedCases(props: { query: CaseQuery; pick?: (c: Case) => boolean }) {
  const { call } = useEnv();
  const state = useLoad(() => loadCases(call, props.query), [JSON.stringify(props.query)]);
  if (state.error) return <p class="error">{state.error}</p>;
  if (!state.data) return <p class="muted">{t("loading")}</p>;
  return <CaseTable cases={props.pick ? state.data.filter(props.pick) : state.data} />;
}

/** Horizontal bars; each bar is clickable. */
export function Bars(props: { rows: { key: string; label: string; value: number; text?: string; tone?: string; onOpen?: () => void }[]; max?: number }) {
  const max = props.max ?? Math.max(1, ...props.rows.map((r) => r.value));
  return (
    <ul class="bars">
      {props.rows.map((r) => (
        <li key={r.key} data-bar={r.key} data-value={r.value}>
          <button type="button" class="bar-row" onClick={r.onOpen} disabled={!r.onOpen}>
            <span class="bar-label">{r.label}</span>
            <span class="bar-track"><span class={`bar-fill ${r.tone ?? ""}`} style={{ width: `${(100 * r.value) / max}%` }} /></span>
            <span class="bar-value">{r.text ?? num(r.value)}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}

/** A line chart of shares (0–1) by month; points are clickable. */
export function Lines(props: { months: string[]; series: { key: string; label: string; tone: string; values: (number | null)[]; onOpen?: (i: number) => void }[] }) {
  const W = 600, H = 240, L = 44, R = 16, T = 16, B = 34;
  const x = (i: number) => L + (i * (W - L - R)) / Math.max(1, props.months.length - 1);
  const y = (v: number) => T + (1 - v) * (H - T - B);
  return (
    <div class="lines">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={props.series.map((s) => s.label).join(" / ")}>
        {[0, 0.25, 0.5, 0.75, 1].map((v) => (
          <g key={v}><line x1={L} x2={W - R} y1={y(v)} y2={y(v)} class="gridline" /><text x={L - 6} y={y(v) + 4} class="axis" text-anchor="end">{v * 100}%</text></g>
        ))}
        {props.months.map((m, i) => <text key={m} x={x(i)} y={H - 10} class="axis" text-anchor="middle">{m.slice(2)}</text>)}
        {props.series.map((s) => {
          const points = s.values.map((v, i) => (v == null ? null : [x(i), y(v)] as const));
          const segments: string[] = [];
          let path = "";
          points.forEach((p) => {
            if (!p) { if (path) segments.push(path); path = ""; return; }
            path += `${path ? "L" : "M"}${p[0].toFixed(1)},${p[1].toFixed(1)}`;
          });
          if (path) segments.push(path);
          return (
            <g key={s.key} class={`series ${s.tone}`} data-series={s.key}>
              {segments.map((d) => <path key={d} d={d} />)}
              {points.map((p, i) => p && (
                <circle key={i} cx={p[0]} cy={p[1]} r={6} data-month={props.months[i]} data-value={s.values[i] ?? ""}
                  onClick={() => s.onOpen?.(i)} class="clickable"><title>{`${s.label} ${props.months[i]}: ${pct(s.values[i])}`}</title></circle>
              ))}
            </g>
          );
        })}
      </svg>
      <div class="legend">{props.series.map((s) => <span key={s.key} class={`key ${s.tone}`}>{s.label}</span>)}</div>
    </div>
  );
}
