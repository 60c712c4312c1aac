// Where the user is and what they chose, kept in the URL's hash so that a link reproduces the
// view: `#/validators?sort=p95&dir=asc&window=week&slo=99.5&p95=250&data=1&sla=1&q=5Grw`.
// Unknown or malformed parameters fall back to their defaults.

import { SORT_KEYS, type Direction, type Filter, type SortKey } from "./list.ts";
import { isWindow, type WindowName } from "./sli.ts";

export type Page =
  | { name: "validators" }
  | { name: "validator"; stash: string }
  | { name: "mine" }
  | { name: "scalability" }
  | { name: "telemetry" };

export interface ListState {
  sort: SortKey;
  dir: Direction;
  window: WindowName;
  filter: Filter;
}

export interface Route {
  page: Page;
  list: ListState;
  /** "My validators": stashes typed by the user. */
  mine: string[];
}

export const DEFAULT_LIST: ListState = {
  sort: "uptime",
  dir: "desc",
  window: "day",
  filter: { slo: null, hasData: false, offersSla: false, search: "" },
};

function positive(text: string | null): number | null {
  if (text === null || text.trim() === "") return null;
  const n = Number(text);
  return Number.isFinite(n) && n >= 0 ? n : null;
}

export function parseRoute(hash: string): Route {
  const body = hash.replace(/^#/, "");
  const [path = "", query = ""] = body.split("?", 2);
  const params = new URLSearchParams(query);
  const parts = path.split("/").filter(Boolean);
  let page: Page = { name: "validators" };
  if (parts[0] === "validator" && parts[1]) page = { name: "validator", stash: decodeURIComponent(parts[1]) };
  else if (parts[0] === "mine") page = { name: "mine" };
  else if (parts[0] === "scalability") page = { name: "scalability" };
  else if (parts[0] === "telemetry") page = { name: "telemetry" };

  const sort = params.get("sort");
  const window = params.get("window");
  const uptime = positive(params.get("slo"));
  const p95 = positive(params.get("p95"));
  const list: ListState = {
    sort: (SORT_KEYS as readonly string[]).includes(sort ?? "") ? (sort as SortKey) : DEFAULT_LIST.sort,
    dir: params.get("dir") === "asc" ? "asc" : params.get("dir") === "desc" ? "desc" : DEFAULT_LIST.dir,
    window: isWindow(window) ? window : DEFAULT_LIST.window,
    filter: {
      slo: uptime !== null && uptime <= 100 ? { uptimePct: uptime, p95Ms: p95 } : null,
      hasData: params.get("data") === "1",
      offersSla: params.get("sla") === "1",
      search: params.get("q") ?? "",
    },
  };
  const mine = (params.get("stashes") ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  return { page, list, mine };
}

export function formatRoute(route: Route): string {
  const p = route.page;
  const path =
    p.name === "validator" ? `/validator/${encodeURIComponent(p.stash)}` : p.name === "validators" ? "/validators" : `/${p.name}`;
  const params = new URLSearchParams();
  const l = route.list;
  if (l.sort !== DEFAULT_LIST.sort) params.set("sort", l.sort);
  if (l.dir !== DEFAULT_LIST.dir) params.set("dir", l.dir);
  if (l.window !== DEFAULT_LIST.window) params.set("window", l.window);
  if (l.filter.slo) {
    params.set("slo", String(l.filter.slo.uptimePct));
    if (l.filter.slo.p95Ms !== null) params.set("p95", String(l.filter.slo.p95Ms));
  }
  if (l.filter.hasData) params.set("data", "1");
  if (l.filter.offersSla) params.set("sla", "1");
  if (l.filter.search) params.set("q", l.filter.search);
  if (route.mine.length) params.set("stashes", route.mine.join(","));
  const q = params.toString();
  return `#${path}${q ? `?${q}` : ""}`;
}
