// The validator list's sorting and filtering: pure functions over rows, so that the order a
// nominator sees is tested without a browser.
//
// Sorting is stable and puts missing values last in both directions. The order changes only
// when the user asks (a new sort, or "re-sort"): a window toggle or a live refresh changes the
// figures in place.

import { meets, type MemberSli, type Slo, type WindowName } from "./sli.ts";

export const SORT_KEYS = ["uptime", "p50", "p95", "p99", "mean", "probes", "deviation", "discoverable", "http", "validator"] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export type Direction = "asc" | "desc";

export interface Row {
  stash: string;
  /** Identity, when a staking endpoint gave one. */
  name: string | null;
  paused: boolean;
  /** SLIs per window, as far as they have loaded. */
  sli: Partial<Record<WindowName, MemberSli>>;
  /** SLAs this validator is a member of. */
  slaIds: number[];
}

export interface Filter {
  /** Only validators meeting this objective over the window. */
  slo: Slo | null;
  hasData: boolean;
  offersSla: boolean;
  search: string;
}

export const NO_FILTER: Filter = { slo: null, hasData: false, offersSla: false, search: "" };

/** The value a row is sorted by; null when it has none (sorted last). */
export function sortValue(row: Row, key: SortKey, window: WindowName): number | string | null {
  const m = row.sli[window];
  switch (key) {
    case "validator":
      return (row.name ?? row.stash).toLowerCase();
    case "uptime":
      return m?.sli.uptimePct ?? null;
    case "probes":
      return m && m.sli.probes > 0 ? m.sli.probes : null;
    case "deviation":
      return m && m.sli.probes > 0 ? m.maxDeviationPct : null;
    case "discoverable":
      return m?.discoverability?.pct ?? null;
    case "http":
      return m?.http?.sli.uptimePct ?? null;
    default:
      return m?.sli.latency?.[key] ?? null;
  }
}

/** Stashes in display order: stable, missing values last whatever the direction. */
export function sortRows(rows: readonly Row[], key: SortKey, dir: Direction, window: WindowName): string[] {
  const sign = dir === "asc" ? 1 : -1;
  const keyed = rows.map((row, index) => ({ row, index, value: sortValue(row, key, window) }));
  keyed.sort((a, b) => {
    if (a.value === null || b.value === null) {
      if (a.value === b.value) return a.index - b.index;
      return a.value === null ? 1 : -1;
    }
    const c = a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
    return c !== 0 ? c * sign : a.index - b.index;
  });
  return keyed.map((k) => k.row.stash);
}

export function matches(row: Row, filter: Filter, window: WindowName): boolean {
  const m = row.sli[window];
  if (filter.hasData && !(m && m.sli.probes > 0)) return false;
  if (filter.offersSla && row.slaIds.length === 0) return false;
  if (filter.slo && meets(m?.sli, filter.slo) !== true) return false;
  const q = filter.search.trim().toLowerCase();
  if (q && !row.stash.toLowerCase().includes(q) && !(row.name ?? "").toLowerCase().includes(q)) return false;
  return true;
}

/**
 * The rows to show: those of `order` that pass the filter, then rows the order does not know
 * yet (new validators) in the order they came.
 */
export function visibleRows(rows: readonly Row[], order: readonly string[], filter: Filter, window: WindowName): Row[] {
  const byStash = new Map(rows.map((r) => [r.stash, r]));
  const seen = new Set<string>();
  const out: Row[] = [];
  for (const stash of order) {
    const row = byStash.get(stash);
    if (row && !seen.has(stash)) {
      seen.add(stash);
      if (matches(row, filter, window)) out.push(row);
    }
  }
  for (const row of rows) {
    if (!seen.has(row.stash) && matches(row, filter, window)) out.push(row);
  }
  return out;
}
