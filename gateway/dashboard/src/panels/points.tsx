// Volunteer points (志愿积分): the period's leaderboard in the filtered street/community, and the
// party members' pioneer index (先锋指数): of the month, or all time for longer periods.
import { label, t } from "../i18n";
import { num, when } from "../format";
import * as period from "../period";
import { Bars, Panel, useEnv, useLoad } from "../ui";

const POINTS = `query($start: Date!, $end: Date!, $streetId: ID, $communityId: ID, $month: String) {
  pointsLeaderboard(start: $start, end: $end, streetId: $streetId, communityId: $communityId, first: 10) {
    edges { node { rank volunteerId name communityId points } } }
  pioneerIndex(month: $month) { volunteerId name hours cases wishes index } }`;

const VOLUNTEER = `query($id: ID!) { volunteer(id: $id) { id name kind balance
  ledger { transactionId sourceType amount reason occurredOn createdAt } } }`;

function Volunteer(props: { id: string }) {
  const { call } = useEnv();
  const state = useLoad(() => call(VOLUNTEER, { id: props.id }), [props.id]);
  const v = state.data?.volunteer;
  if (state.error) return <p class="error">{state.error}</p>;
  if (!v) return <p class="muted">{t("loading")}</p>;
  return (
    <div data-volunteer={v.id}>
      <p>{label(v.kind)} · {t("pointsEarned")} <b data-balance>{num(v.balance)}</b></p>
      <h3>{t("ledger")}</h3>
      <table class="compact" data-rows={v.ledger.length}><tbody>
        {v.ledger.map((e: any) => <tr key={e.transactionId}><td>{e.occurredOn}</td><td>{e.sourceType}</td><td>{e.reason ?? ""}</td>
          <td class={e.amount < 0 ? "neg" : ""}>{e.amount > 0 ? "+" : ""}{e.amount}</td><td class="muted">{when(e.createdAt)}</td></tr>)}
      </tbody></table>
    </div>
  );
}

export function PointsPanel() {
  const env = useEnv();
  const { call, period: p, filter, version } = env;
  const [start, end] = period.dates(p);
  // a month's index for a month; the live all-time index for a quarter or a year
  const month = p.kind === "month" ? `${p.year}-${String(p.index).padStart(2, "0")}` : null;
  const state = useLoad(() => call(POINTS, { start, end, streetId: filter.streetId, communityId: filter.communityId, month }),
    [start, end, filter.streetId, filter.communityId, month, version]);
  const board: any[] = (state.data?.pointsLeaderboard.edges ?? []).map((e: any) => e.node);
  const pioneers: any[] = (state.data?.pioneerIndex ?? []).slice(0, 8);
  const open = (id: string, name: string) => () => env.drill(name, () => <Volunteer id={id} />);
  return (
    <Panel id="points" title="points" state={state}>
      <div class="two">
        <div>
          <h3>{t("points")} · {period.name(p)}</h3>
          {board.length === 0 ? <p class="muted">{t("empty")}</p> : (
            <table class="compact" data-table="leaderboard">
              <tbody>
                {board.map((r) => (
                  <tr key={r.volunteerId} data-key={r.volunteerId} class="clickable" onClick={open(r.volunteerId, r.name)}>
                    <td data-cell="rank">{r.rank}</td><td>{r.name}</td><td data-cell="points" data-value={r.points}>{num(r.points)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
        <div data-pioneer>
          <h3>{t("pioneer")} · {month ?? t("allTime")}</h3>
          {pioneers.length === 0 ? <p class="muted">{t("empty")}</p> : (
            <Bars max={100} rows={pioneers.map((r) => ({ key: r.volunteerId, label: r.name, value: r.index, text: num(r.index, 1), tone: "red",
              onOpen: open(r.volunteerId, r.name) }))} />
          )}
        </div>
      </div>
    </Panel>
  );
}
