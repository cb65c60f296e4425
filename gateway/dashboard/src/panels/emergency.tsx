// Emergency mode (一键启动): activate for the county or the filtered street/community, then watch
// cadres acknowledge (应急到岗) live — over the API's subscription when it has one, else polling.
import { useEffect, useState } from "preact/hooks";
import { unwrap } from "../api";
import { t } from "../i18n";
import { num, pct, when } from "../format";
import { follow } from "../live";
import type { Mode } from "../live";
import { Bars, Metric, Panel, useEnv, useLoad } from "../ui";

declare const __LIVE_ACKS__: boolean;
declare const __EMERGENCY_LIST__: boolean;

const EMERGENCY = "id scopeLevel scopeId reason activatedAt endedAt taskCount acknowledged";
const STATUS = `query($id: ID!) { emergencyStatus(id: $id) { emergency { ${EMERGENCY} }
  communities { communityId communityName tasks acknowledged share } } }`;
const ACTIVATE = `mutation($input: ActivateEmergencyInput!) { activateEmergency(input: $input) {
  __typename ... on Emergency { ${EMERGENCY} } ... on OperationError { code message field } } }`;
const END = `mutation($id: ID!) { deactivateEmergency(id: $id) {
  __typename ... on Emergency { ${EMERGENCY} } ... on OperationError { code message field } } }`;
const ACTIVE = `{ emergencies(first: 1, active: true) { edges { node { id } } } }`;
// Each acknowledgement is shown as it comes and is a cue to re-read the status.
const ACKS = `subscription($id: ID!) { emergencyAcknowledgements(activationId: $id) { taskId subject communityId acknowledgedAt } }`;

interface Ack { taskId: string; subject: string; communityId: string; acknowledgedAt: string | null }

export function EmergencyPanel() {
  const env = useEnv();
  const { call, token, territory, filter } = env;
  const storage = `civicgrid.emergency.${token.slice(-16)}`;
  const [id, setId] = useState<string | null>(sessionStorage.getItem(storage));
  const [tick, setTick] = useState(0);
  const [mode, setMode] = useState<Mode | null>(null);
  const [reason, setReason] = useState(t("reasonDefault"));
  const [typed, setTyped] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const [feed, setFeed] = useState<Ack[]>([]);
  const state = useLoad(async () => (id ? (await call(STATUS, { id })).emergencyStatus : null), [id, tick, env.version]);
  const status = state.data;
  const ended = Boolean(status?.emergency.endedAt);

  useEffect(() => {
    // a wall screen picks up the newest active emergency by itself, when the API can list them
    if (!__EMERGENCY_LIST__ || (id && !ended && status)) return;
    if (id && !status) return; // not read yet
    call(ACTIVE).then((data) => {
      const newest = data.emergencies.edges[0]?.node.id;
      if (newest && newest !== id) track(newest);
    }, () => undefined);
  }, [id, ended, Boolean(status), env.version]);

  useEffect(() => {
    if (!id || ended) return;
    return follow(__LIVE_ACKS__, {
      token, query: ACKS, variables: { id }, onMode: setMode,
      onEvent: (data) => {
        const ack: Ack | undefined = data?.emergencyAcknowledgements;
        if (ack) setFeed((old) => [ack, ...old.filter((a) => a.taskId !== ack.taskId)].slice(0, 8));
        setTick((n) => n + 1);
      },
    });
  }, [id, ended]);

  const track = (next: string | null) => {
    if (next) sessionStorage.setItem(storage, next);
    else sessionStorage.removeItem(storage);
    setMode(null);
    setFeed([]);
    setId(next);
  };
  const scope = filter.communityId ? { scopeLevel: "community", scopeId: filter.communityId }
    : filter.streetId ? { scopeLevel: "street", scopeId: filter.streetId } : { scopeLevel: "county", scopeId: null };
  const activate = async () => {
    setProblem(null);
    try {
      const made = unwrap((await call(ACTIVATE, { input: { reason, ...scope } })).activateEmergency);
      track(made.id);
    } catch (exc: any) {
      setProblem(exc.message);
    }
  };
  const end = async () => {
    setProblem(null);
    try {
      unwrap((await call(END, { id })).deactivateEmergency);
      setTick((n) => n + 1);
    } catch (exc: any) {
      setProblem(exc.message);
    }
  };
  const e = status?.emergency;
  const scopeName = scope.scopeId ? territory.placeName(scope.scopeId) : territory.county ?? "";
  return (
    <Panel id="emergency" title="emergency" wide state={id ? state : undefined}
      note={mode ? t(mode === "live" ? "live" : "polling") : undefined}>
      <div class="emergency-controls">
        <label>{t("reason")} <input value={reason} onInput={(ev) => setReason((ev.target as HTMLInputElement).value)} data-input="reason" /></label>
        <button type="button" class="danger" onClick={activate} data-action="activate">{t("activate")} · {scopeName}</button>
        <label>{t("followId")} <input value={typed} onInput={(ev) => setTyped((ev.target as HTMLInputElement).value.trim())} data-input="follow" /></label>
        <button type="button" onClick={() => typed && track(typed)}>{t("follow")}</button>
        {e && !ended && <button type="button" onClick={end} data-action="deactivate">{t("deactivate")}</button>}
      </div>
      {problem && <p class="error" role="alert">{problem}</p>}
      {!id ? <p class="muted">{t("noEmergency")}</p> : e && (
        <div class="emergency" data-emergency={e.id} data-ended={ended ? "1" : "0"}>
          <div class="kpis">
            <Metric name="acknowledged" label={t("acknowledged")} value={e.acknowledged} tone={ended ? "" : "alarm"} />
            <Metric name="taskCount" label={t("tasks")} value={e.taskCount} />
            <Metric name="ackShare" label={t("ackShare")} value={e.taskCount ? e.acknowledged / e.taskCount : null} percent tone="rate" />
          </div>
          <p class="muted">{e.reason} · {t("activatedAt")} {when(e.activatedAt)}{ended && ` · ${t("endedAt")} ${when(e.endedAt)}`}</p>
          <Bars max={1} rows={status.communities.map((c: any) => ({
            key: c.communityId, label: c.communityName, value: c.share,
            text: `${num(c.acknowledged)}/${num(c.tasks)} · ${pct(c.share)}`, tone: c.share >= 1 ? "ok" : "warn",
          }))} />
          {feed.length > 0 && (
            <ul class="feed" data-feed>
              {feed.map((a) => <li key={a.taskId} data-ack={a.taskId}>{when(a.acknowledgedAt)} · {territory.placeName(a.communityId)} · {a.subject} {t("acknowledged")}</li>)}
            </ul>
          )}
        </div>
      )}
    </Panel>
  );
}
