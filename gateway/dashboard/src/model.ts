// What the dashboard reads from the public API, and the few definitions it applies itself to
// show the list behind a number. The definitions mirror the dispatch service's measures
// (services/dispatch/measures.py): resolved = settled at a level (rejected and merged cases
// never got one); grid/community share = resolved at building, grid or community level;
// backlog = still open; overdue = open and past its deadline.
import type { Call } from "./api";

export interface Case {
  id: string;
  category: string;
  description: string;
  source: string;
  status: string;
  reportedAt: string;
  gridId: string;
  level: string | null;
  dueAt: string | null;
  rating: string | null;
  supervised: boolean;
  whistleParts: { departmentId: string; departmentName: string; status: string; summonedAt: string }[];
}

export interface Grid {
  id: string;
  name: string;
  kind: string;
  streetId: string;
  communityId: string;
  openCaseCount: number;
  householdCount: number;
  boundary: { type: string; coordinates: number[][][] } | null;
}

export interface Place {
  id: string;
  name: string;
  streetId?: string;
}

export interface Territory {
  county: string | null;
  grids: Grid[];
  gridById: Map<string, Grid>;
  streets: Place[];
  communities: Place[];
  placeName: (id: string | null | undefined) => string;
}

export interface Filter {
  streetId: string | null;
  communityId: string | null;
}

export const OPEN = ["reported", "accepted", "escalated"];
export const FLOW = ["reported", "accepted", "escalated", "resolved", "verified", "rated", "archived", "rejected", "merged"];
const SETTLED = ["resolved", "verified", "rated", "archived"];
const LOW = ["BUILDING", "GRID", "COMMUNITY"];
const GOOD = ["SATISFIED", "BASICALLY_SATISFIED"];

export const isOpen = (c: Case) => OPEN.includes(c.status);
export const isResolved = (c: Case) => SETTLED.includes(c.status) && c.level !== null;
export const isResolvedLow = (c: Case) => isResolved(c) && LOW.includes(c.level as string);
export const isOverdue = (c: Case, now = Date.now()) => isOpen(c) && c.dueAt !== null && Date.parse(c.dueAt) < now;
export const isRated = (c: Case) => c.rating !== null;
export const isSatisfied = (c: Case) => GOOD.includes(c.rating as string);

export function inPlace(grid: { streetId: string; communityId: string } | undefined, filter: Filter): boolean {
  if (filter.communityId) return grid?.communityId === filter.communityId;
  if (filter.streetId) return grid?.streetId === filter.streetId;
  return true;
}

declare const __CASES_LIST__: boolean;

const GRIDS = `query($after: String) { grids(first: 100, after: $after) {
  edges { node { id name kind streetId communityId openCaseCount householdCount boundary } }
  pageInfo { hasNextPage endCursor } } }`;

const CASE = `id category description source status reportedAt gridId level dueAt rating supervised
  whistleParts { departmentId departmentName status summonedAt }`;

const CASES = `query($after: String, $filter: CaseFilter) { cases(first: 100, after: $after, filter: $filter) {
  edges { node { ${CASE} } } pageInfo { hasNextPage endCursor } } }`;

// Before the API had a case list, cases were read grid by grid.
const GRID_CASES = `query($after: String) { grids(first: 100, after: $after) {
  edges { node { id streetId communityId cases { ${CASE} } } } pageInfo { hasNextPage endCursor } } }`;

async function pages<T>(call: Call, query: string, field: string, variables: Record<string, unknown> = {}): Promise<T[]> {
  const out: T[] = [];
  let after: string | null = null;
  for (;;) {
    const page: any = (await call(query, { ...variables, after }))[field];
    out.push(...page.edges.map((e: any) => e.node));
    if (!page.pageInfo.hasNextPage) return out;
    after = page.pageInfo.endCursor;
  }
}

export interface CaseQuery extends Filter {
  since?: string;
  until?: string;
  gridId?: string;
}

/** Cases in the user's scope reported in [since, until) in a place, newest first. */
export async function loadCases(call: Call, q: CaseQuery): Promise<Case[]> {
  let cases: Case[];
  if (__CASES_LIST__) {
    const filter = { since: q.since ?? null, until: q.until ?? null, streetId: q.streetId, communityId: q.communityId, gridId: q.gridId ?? null };
    cases = await pages<Case>(call, CASES, "cases", { filter });
  } else {
    const from = q.since ? Date.parse(q.since) : -Infinity, to = q.until ? Date.parse(q.until) : Infinity;
    const grids = await pages<any>(call, GRID_CASES, "grids");
    cases = grids.filter((g) => inPlace(g, q) && (!q.gridId || g.id === q.gridId)).flatMap((g) => g.cases)
      .filter((c: Case) => Date.parse(c.reportedAt) >= from && Date.parse(c.reportedAt) < to);
  }
  return cases.sort((a, b) => b.reportedAt.localeCompare(a.reportedAt));
}

const ORGS = `{ orgTree { name type streetId communityId } }`;

function placeName(orgName: string): string {
  return orgName.replace(/^中共/, "").replace(/(工作委员会|党工委|党委|委员会)$/, "");
}

/** Grids, their cases and the names of streets and communities in the user's scope. */
export async function loadTerritory(call: Call): Promise<Territory> {
  const grids = await pages<Grid>(call, GRIDS, "grids");
  // Place names come from the party organizations that lead them (街道党工委, 社区党委);
  // a place without one is shown by its id.
  const names = new Map<string, string>();
  let county: string | null = null;
  try {
    for (const org of (await call(ORGS)).orgTree) {
      if (org.type === "county_committee" && !county) county = placeName(org.name);
      if (org.type === "street_working_committee" && org.streetId) names.set(org.streetId, placeName(org.name));
      if (org.type === "community_committee" && org.communityId) names.set(org.communityId, placeName(org.name));
    }
  } catch {
    // a role without access to the org tree still gets the dashboard, with ids for names
  }
  const nameOf = (id: string | null | undefined) => (id ? names.get(id) ?? id.slice(0, 8) : "—");
  const streets = new Map<string, Place>(), communities = new Map<string, Place>();
  for (const g of grids) {
    streets.set(g.streetId, { id: g.streetId, name: nameOf(g.streetId) });
    communities.set(g.communityId, { id: g.communityId, name: nameOf(g.communityId), streetId: g.streetId });
  }
  const byName = (a: Place, b: Place) => a.name.localeCompare(b.name, "zh-CN");
  return {
    county, grids, gridById: new Map(grids.map((g) => [g.id, g])),
    streets: [...streets.values()].sort(byName), communities: [...communities.values()].sort(byName),
    placeName: nameOf,
  };
}
