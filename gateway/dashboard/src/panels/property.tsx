// Red property (红色物业): the latest published evaluation's ranking with its red and black lists,
// and residents' satisfaction with each company in the latest surveyed quarter.
import { label, t } from "../i18n";
import { num, pct, when } from "../format";
import * as period from "../period";
import { Metric, Panel, useEnv, useLoad } from "../ui";

const EVALUATION = "year status publishedOn redCount blackCount ranking { companyId companyName rank composite list complaints satisfactionRate inspectionAverage }";

const COMPANY = `query($id: ID!) { propertyCompany(id: $id) { id name coverage branchName instructorName barredUntil
  complaints { total open closed } creditFile { seq kind summary score recordedAt } } }`;

function quartersBack(year: number, quarter: number, n: number): { year: number; quarter: number }[] {
  const out = [];
  for (let k = 0; k < n; k++) {
    const q = quarter - k;
    out.push({ year: year + Math.floor((q - 1) / 4), quarter: ((q - 1) % 4 + 4) % 4 + 1 });
  }
  return out;
}

function Company(props: { id: string }) {
  const { call } = useEnv();
  const state = useLoad(() => call(COMPANY, { id: props.id }), [props.id]);
  const c = state.data?.propertyCompany;
  if (state.error) return <p class="error">{state.error}</p>;
  if (!c) return <p class="muted">{t("loading")}</p>;
  return (
    <div data-company={c.id}>
      <div class="kpis">
        <Metric name="complaints" label={t("complaints")} value={c.complaints.total} />
        <Metric name="complaintsOpen" label={`${t("complaints")} · ${label("accepted")}`} value={c.complaints.open} tone="warn" />
      </div>
      {c.barredUntil && <p class="error">{t("blackList")}: {c.barredUntil}</p>}
      <h3>{t("creditFile")}</h3>
      <table class="compact"><tbody>
        {c.creditFile.map((e: any) => <tr key={e.seq}><td>{when(e.recordedAt)}</td><td>{e.kind}</td><td>{e.summary}</td><td>{num(e.score, 1)}</td></tr>)}
      </tbody></table>
    </div>
  );
}

export function PropertyPanel() {
  const env = useEnv();
  const { call, period: p, version } = env;
  const { year, quarter } = period.quarterOf(p);
  const quarters = quartersBack(year, quarter, 4);
  const state = useLoad(async () => {
    const surveys = quarters.map((q, i) => `s${i}: satisfactionByCompany(year: ${q.year}, quarter: ${q.quarter}) { id name answers rate }`);
    // evaluations are published early in the next year: show the latest published of four years
    const years = [0, 1, 2, 3].map((k) => `y${k}: evaluation(year: ${year - k}) { ${EVALUATION} }`);
    const data = await call(`{ ${years.join(" ")} ${surveys.join(" ")} }`);
    const evaluation = [0, 1, 2, 3].map((k) => data[`y${k}`]).find((e) => e && e.status === "published") ?? null;
    const s = quarters.findIndex((_, i) => data[`s${i}`].length > 0);
    return { evaluation, satisfaction: s >= 0 ? { ...quarters[s], rows: data[`s${s}`] } : null };
  }, [year, quarter, version]);
  const evaluation = state.data?.evaluation;
  const ranking: any[] = evaluation?.ranking ?? [];
  const open = (row: any) => env.drill(row.companyName, () => <Company id={row.companyId} />);
  const list = (which: string) => ranking.filter((r) => r.list === which);
  const listDrill = (which: string) => () => env.drill(`${evaluation.year} ${t(which === "red" ? "redList" : "blackList")}`, () => (
    <ul class="grid-list">{list(which).map((r) => <li key={r.companyId}><button type="button" class="link" onClick={() => open(r)}>{r.rank}. {r.companyName} {num(r.composite, 2)}</button></li>)}</ul>
  ));
  const sat = state.data?.satisfaction;
  return (
    <Panel id="property" title="property" state={state} note={env.filter.streetId || env.filter.communityId ? t("countyWide") : undefined}>
      {!evaluation ? <p class="muted">{t("noEvaluation")}</p> : (
        <>
          <div class="kpis">
            <Metric name="evaluationYear" label={t("evaluationYear")} value={evaluation.year} text={String(evaluation.year)} />
            <Metric name="redList" label={t("redList")} value={list("red").length} tone="red" onOpen={listDrill("red")} />
            <Metric name="blackList" label={t("blackList")} value={list("black").length} tone="black" onOpen={listDrill("black")} />
          </div>
          <table class="compact" data-table="ranking">
            <thead><tr><th>{t("rank")}</th><th>{t("company")}</th><th>{t("composite")}</th><th>{t("complaints")}</th><th /></tr></thead>
            <tbody>
              {ranking.map((r) => (
                <tr key={r.companyId} data-key={r.companyId} class="clickable" onClick={() => open(r)}>
                  <td data-cell="rank">{r.rank}</td><td>{r.companyName}</td><td data-cell="composite" data-value={r.composite}>{num(r.composite, 2)}</td>
                  <td data-cell="complaints">{num(r.complaints)}</td>
                  <td>{r.list && <span class={`tag ${r.list}`} data-list={r.list}>{t(r.list === "red" ? "redList" : "blackList")}</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {sat && (
        <>
          <h3>{t("companySatisfaction")} · {period.name({ kind: "quarter", year: sat.year, index: sat.quarter })}</h3>
          <table class="compact" data-table="satisfaction">
            <tbody>
              {sat.rows.map((r: any) => <tr key={r.id} data-key={r.id}><td>{r.name}</td><td>{num(r.answers)}</td><td data-cell="rate" data-value={r.rate ?? ""}>{pct(r.rate)}</td></tr>)}
            </tbody>
          </table>
        </>
      )}
    </Panel>
  );
}
