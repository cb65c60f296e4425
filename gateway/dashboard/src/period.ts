// Periods in China time (UTC+8), as the county counts them: a month, a quarter or a year.
import { lang } from "./i18n";

export type Period = { kind: "month" | "quarter" | "year"; year: number; index: number }; // index: month 1–12 / quarter 1–4 / 0

const OFFSET = "+08:00";

function chinaNow(now = new Date()): { year: number; month: number } {
  const shifted = new Date(now.getTime() + 8 * 3600_000);
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1 };
}

const pad = (n: number) => String(n).padStart(2, "0");

function monthStart(year: number, month: number): string {
  const y = year + Math.floor((month - 1) / 12);
  const m = ((month - 1) % 12 + 12) % 12 + 1;
  return `${y}-${pad(m)}-01T00:00:00${OFFSET}`;
}

/** [first month, month after the last] of a period. */
function months(p: Period): [number, number, number] {
  if (p.kind === "month") return [p.year, p.index, p.index + 1];
  if (p.kind === "quarter") return [p.year, 3 * p.index - 2, 3 * p.index + 1];
  return [p.year, 1, 13];
}

export function since(p: Period): string {
  const [y, first] = months(p);
  return monthStart(y, first);
}

export function until(p: Period): string {
  const [y, , after] = months(p);
  return monthStart(y, after);
}

/** The dates of a period as YYYY-MM-DD, both inclusive. */
export function dates(p: Period): [string, string] {
  const [y, first, after] = months(p);
  const end = new Date(Date.UTC(y, after - 1, 0));
  return [`${y}-${pad(first)}-01`, `${end.getUTCFullYear()}-${pad(end.getUTCMonth() + 1)}-${pad(end.getUTCDate())}`];
}

/** The latest month of the period that has begun: YYYY-MM. */
export function lastMonth(p: Period): { year: number; month: number } {
  const [y, , after] = months(p);
  const now = chinaNow();
  let year = y, month = after - 1;
  if (year > now.year || (year === now.year && month > now.month)) ({ year, month } = now);
  return { year, month };
}

export function quarterOf(p: Period): { year: number; quarter: number } {
  const { year, month } = lastMonth(p);
  return { year, quarter: Math.ceil(month / 3) };
}

/** Six months ending with the period's latest begun month, oldest first. */
export function trendMonths(p: Period, n = 6): { key: string; since: string; until: string }[] {
  const { year, month } = lastMonth(p);
  const out = [];
  for (let k = n - 1; k >= 0; k--) {
    const m = month - k;
    const start = monthStart(year, m);
    out.push({ key: start.slice(0, 7), since: start, until: monthStart(year, m + 1) });
  }
  return out;
}

export function key(p: Period): string {
  return p.kind === "year" ? `${p.year}` : p.kind === "quarter" ? `${p.year}Q${p.index}` : `${p.year}-${pad(p.index)}`;
}

export function parse(text: string): Period | null {
  let m = /^(\d{4})$/.exec(text);
  if (m) return { kind: "year", year: +m[1], index: 0 };
  m = /^(\d{4})Q([1-4])$/.exec(text);
  if (m) return { kind: "quarter", year: +m[1], index: +m[2] };
  m = /^(\d{4})-(\d{2})$/.exec(text);
  if (m && +m[2] >= 1 && +m[2] <= 12) return { kind: "month", year: +m[1], index: +m[2] };
  return null;
}

export function name(p: Period): string {
  const zh = lang() === "zh";
  if (p.kind === "year") return zh ? `${p.year}年` : `${p.year}`;
  if (p.kind === "quarter") return zh ? `${p.year}年第${p.index}季度` : `${p.year} Q${p.index}`;
  return zh ? `${p.year}年${p.index}月` : `${p.year}-${pad(p.index)}`;
}

/** The choices offered: this month, the last four quarters, this year and last year. */
export function choices(): Period[] {
  const now = chinaNow();
  const q = Math.ceil(now.month / 3);
  const out: Period[] = [{ kind: "month", year: now.year, index: now.month }];
  for (let k = 0; k < 4; k++) {
    const index = ((q - 1 - k) % 4 + 4) % 4 + 1;
    out.push({ kind: "quarter", year: now.year - (q - 1 - k < 0 ? 1 : 0), index });
  }
  out.push({ kind: "year", year: now.year, index: 0 }, { kind: "year", year: now.year - 1, index: 0 });
  return out;
}

export function current(): Period {
  return choices()[1];
}
