// The grid map: each grid's GeoJSON boundary drawn as SVG (no tiles, no network), coloured by
// the quarter's red/blue/yellow rating (红蓝黄评级).
import { label, t } from "../i18n";
import { num } from "../format";
import { inPlace } from "../model";
import type { Grid } from "../model";
import * as period from "../period";
import { LoadedCases, Metric, Panel, useEnv, useLoad } from "../ui";

const RATING = `query($quarter: String!) { gridRating(quarter: $quarter) { quarter redAt yellowBelow
  grids { gridId gridName communityId score colour rank metrics { name value weight detail } } } }`;

interface Rating {
  gridId: string; gridName: string; communityId: string; score: number | null; colour: string | null; rank: number | null;
  metrics: { name: string; value: number | null; weight: number; detail: string }[];
}

const W = 800, PAD = 12;

function rings(grid: Grid): number[][][] {
  const b = grid.boundary;
  if (!b || b.type !== "Polygon" || !Array.isArray(b.coordinates)) return [];
  return b.coordinates.filter((ring) => Array.isArray(ring) && ring.length >= 4);
}

/** An equirectangular projection of the grids' extent onto an SVG box W wide, north up; the
 * box is as tall as the extent needs (within reason). */
function projection(grids: Grid[]) {
  const points = grids.flatMap((g) => rings(g).flat());
  if (points.length === 0) return null;
  const xs = points.map((p) => p[0]), ys = points.map((p) => p[1]);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const k = Math.cos((((y0 + y1) / 2) * Math.PI) / 180);
  const H = Math.round(Math.min(640, Math.max(260, ((W - 2 * PAD) * (y1 - y0)) / Math.max(1e-9, (x1 - x0) * k) + 2 * PAD)));
  const scale = Math.min((W - 2 * PAD) / Math.max(1e-9, (x1 - x0) * k), (H - 2 * PAD) / Math.max(1e-9, y1 - y0));
  const ox = (W - (x1 - x0) * k * scale) / 2, oy = (H - (y1 - y0) * scale) / 2;
  const project = (p: number[]) => [ox + (p[0] - x0) * k * scale, H - oy - (p[1] - y0) * scale] as const;
  return { project, H };
}

export function MapPanel() {
  const env = useEnv();
  const { call, territory, filter, period: p, version } = env;
  const { year, quarter } = period.quarterOf(p);
  const key = `${year}Q${quarter}`;
  const state = useLoad(() => call(RATING, { quarter: key }), [key, version]);
  const rating = state.data?.gridRating;
  const byGrid = new Map<string, Rating>((rating?.grids ?? []).map((r: Rating) => [r.gridId, r]));
  const grids = territory.grids.filter((g) => inPlace(g, filter));
  const drawn = grids.filter((g) => rings(g).length > 0);
  const undrawn = grids.filter((g) => rings(g).length === 0);
  const fitted = projection(drawn);
  const project = fitted?.project;
  const colourOf = (g: Grid) => byGrid.get(g.id)?.colour ?? "none";
  const openGrid = (g: Grid) => {
    const r = byGrid.get(g.id);
    env.drill(`${territory.placeName(g.communityId)} ${g.name} · ${label(r?.colour ?? null)} ${r?.score == null ? "" : r.score.toFixed(1)}`, () => (
      <div data-grid-detail={g.id}>
        <h3>{t("metrics")}</h3>
        <table class="compact">
          <tbody>
            {(r?.metrics ?? []).map((m) => (
              <tr key={m.name}><td>{label(m.name)}</td><td>{m.value == null ? "—" : `${(m.value * 100).toFixed(1)}%`}</td>
                <td>×{m.weight}</td><td class="muted">{m.detail}</td></tr>
            ))}
          </tbody>
        </table>
        <h3>{t("cases")}</h3>
        <LoadedCases query={{ streetId: null, communityId: null, gridId: g.id }} />
      </div>
    ));
  };
  const counts = ["red", "blue", "yellow", "none"].map((colour) => ({ colour, list: grids.filter((g) => colourOf(g) === colour) }));
  return (
    <Panel id="map" title="ratingMap" hint={`${t("ratingHint")} · ${period.name({ kind: "quarter", year, index: quarter })}`} wide state={state}>
      <div class="map-layout">
        <svg class="grid-map" viewBox={`0 0 ${W} ${fitted?.H ?? 260}`} role="img" aria-label={t("ratingMap")} data-map>
          {project && drawn.map((g) => {
            const d = rings(g).map((ring) => "M" + ring.map((pt) => project(pt).map((v) => v.toFixed(1)).join(",")).join("L") + "Z").join("");
            const r = byGrid.get(g.id);
            const pts = rings(g)[0].map(project);
            const cx = pts.reduce((s, q) => s + q[0], 0) / pts.length, cy = pts.reduce((s, q) => s + q[1], 0) / pts.length;
            return (
              <g key={g.id} class={`grid-shape ${colourOf(g)}`} data-grid={g.id} data-colour={colourOf(g)} onClick={() => openGrid(g)}>
                <path d={d} />
                <text x={cx} y={cy} text-anchor="middle">{r?.score == null ? "" : r.score.toFixed(0)}</text>
                <title>{`${territory.placeName(g.communityId)} ${g.name}: ${label(r?.colour ?? null)} ${r?.score == null ? "" : r.score.toFixed(1)}`}</title>
              </g>
            );
          })}
        </svg>
        <div class="map-side">
          <div class="kpis">
            {counts.map(({ colour, list }) => (
              <Metric key={colour} name={`colour-${colour}`} label={colour === "none" ? "—" : label(colour)} value={list.length} tone={`swatch ${colour}`}
                onOpen={() => env.drill(`${label(colour === "none" ? null : colour)} · ${t("grid")}`, () => (
                  <ul class="grid-list">{list.map((g) => <li key={g.id}><button type="button" class="link" onClick={() => openGrid(g)}>
                    {territory.placeName(g.communityId)} {g.name} {byGrid.get(g.id)?.score?.toFixed(1) ?? ""}</button></li>)}</ul>
                ))} />
            ))}
          </div>
          {rating && <p class="muted">red ≥ {num(rating.redAt, 0)} · yellow &lt; {num(rating.yellowBelow, 0)}</p>}
          {undrawn.length > 0 && (
            <div class="undrawn" data-undrawn={undrawn.length}>
              <h3>{t("noBoundary")}</h3>
              <div class="tiles">
                {undrawn.map((g) => (
                  <button type="button" key={g.id} class={`tile ${colourOf(g)}`} data-grid={g.id} data-colour={colourOf(g)} onClick={() => openGrid(g)}
                    title={`${territory.placeName(g.communityId)} ${g.name}`}>{territory.placeName(g.communityId).slice(0, 2)}</button>
                ))}
              </div>
            </div>
          )}
        </div>
      </div>
    </Panel>
  );
}
