import { lang } from "./i18n";

export function pct(value: number | null | undefined): string {
  return value == null ? "—" : `${(value * 100).toFixed(1)}%`;
}

export function num(value: number | null | undefined, digits = 0): string {
  return value == null ? "—" : value.toLocaleString(lang() === "zh" ? "zh-CN" : "en", { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

/** A timestamp in China time, as staff read it: 2026-11-02 14:05. */
export function when(iso: string | null | undefined): string {
  if (!iso) return "—";
  const d = new Date(new Date(iso).getTime() + 8 * 3600_000);
  return d.toISOString().slice(0, 16).replace("T", " ");
}

export function shortId(id: string): string {
  return id.slice(0, 8);
}
