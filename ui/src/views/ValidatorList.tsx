// The validator list: one row per monitored validator with its SLIs over the chosen window,
// sortable by any SLI (missing values last), filterable, and a window toggle that changes the
// figures in place. The order changes only when the user sorts or asks to re-sort.

import { useEffect, useMemo, useState } from "react";
import { sortRows, visibleRows, type SortKey } from "../model/list.ts";
import { objectiveText } from "../chain/sla.ts";
import { WINDOWS, type WindowName } from "../model/sli.ts";
import type { ListState, Route } from "../model/route.ts";
import { count, tokens } from "../model/format.ts";
import type { Staking } from "../chain/staking.ts";
import { useStore, type Store } from "../store.ts";
import { Address, ErrorNote, Millis, Missing, Sparkline, Uptime } from "./common.tsx";

const COLUMNS: { key: SortKey; label: string; title: string }[] = [
  { key: "validator", label: "Validator", title: "Identity or stash address" },
  { key: "uptime", label: "Uptime", title: "Share of probes up over the window (number of probes), over p2p — or at its URLs for a validator probed only there" },
  { key: "p50", label: "p50", title: "Median round trip of successful probes" },
  { key: "p95", label: "p95", title: "95th percentile round trip" },
  { key: "p99", label: "p99", title: "99th percentile round trip" },
  { key: "mean", label: "Mean", title: "Mean round trip" },
  { key: "deviation", label: "Prober spread", title: "Largest disagreement of one prober with the others, percentage points" },
  { key: "discoverable", label: "Discoverable", title: "Share of the hours the validator's own signed p2p record vouches for (relay-chain validators)" },
  { key: "http", label: "HTTP uptime", title: "Share of probes up at the URLs the validator registered, beside its p2p figures (number of probes)" },
];

export function ValidatorList({ store, route, navigate }: { store: Store; route: Route; navigate: (r: Route) => void }) {
  const state = useStore(store);
  const list = route.list;
  const w = list.window;
  useEffect(() => store.want(w), [store, w]);
  const rows = useMemo(() => store.rows(state), [store, state]);

  // The order: computed from the window it was sorted by; kept when the window changes.
  const [sortedBy, setSortedBy] = useState<{ key: SortKey; dir: string; window: WindowName; order: string[] } | null>(null);
  const loaded = state.sli[w] !== undefined && !state.loading.has(w);
  useEffect(() => {
    if (!loaded) return;
    if (!sortedBy || sortedBy.key !== list.sort || sortedBy.dir !== list.dir) {
      setSortedBy({ key: list.sort, dir: list.dir, window: w, order: sortRows(rows, list.sort, list.dir, w) });
    }
  }, [loaded, list.sort, list.dir, rows, w, sortedBy]);
  // Until the first sort, rows show in the order the chain lists them.
  const order = sortedBy?.order ?? [];
  const shown = visibleRows(rows, order, list.filter, w);
  const stale = sortedBy !== null && sortedBy.window !== w;

  const setList = (patch: Partial<ListState>) => navigate({ ...route, list: { ...list, ...patch } });
  const setFilter = (patch: Partial<ListState["filter"]>) => setList({ filter: { ...list.filter, ...patch } });
  const sortBy = (key: SortKey) => {
    const dir = key === list.sort ? (list.dir === "asc" ? "desc" : "asc") : key === "uptime" || key === "deviation" ? (key === "uptime" ? "desc" : "asc") : "asc";
    setList({ sort: key, dir });
  };
  const resort = () => setSortedBy({ key: list.sort, dir: list.dir, window: w, order: sortRows(rows, list.sort, list.dir, w) });
  const offersOf = new Map((state.offers ?? []).map((o) => [o.id, o]));
  const staked = store.stakingClient !== null;
  const sym = state.chain?.symbol ?? "";
  const dec = state.chain?.decimals ?? 12;

  return (
    <section aria-labelledby="list-title">
      <h2 id="list-title">Validators</h2>
      <div className="controls">
        <fieldset className="windows" aria-label="Window">
          {WINDOWS.map((name) => (
            <label key={name} className={name === w ? "on" : ""}>
              <input type="radio" name="window" value={name} checked={name === w} onChange={() => setList({ window: name })} />
              {name}
            </label>
          ))}
        </fieldset>
        <label>
          Search <input type="search" value={list.filter.search} onChange={(e) => setFilter({ search: e.target.value })} placeholder="address or name" />
        </label>
        <label>
          <input type="checkbox" checked={list.filter.hasData} onChange={(e) => setFilter({ hasData: e.target.checked })} /> has data
        </label>
        <label>
          <input type="checkbox" checked={list.filter.offersSla} onChange={(e) => setFilter({ offersSla: e.target.checked })} /> offers an SLA
        </label>
        <SloInput value={list.filter.slo} onChange={(slo) => setFilter({ slo })} />
      </div>
      {stale && (
        <p className="notice" role="status">
          Order is by the {sortedBy!.window} figures; the figures shown are the {w}'s.{" "}
          <button type="button" onClick={resort}>
            Re-sort by {w}
          </button>
        </p>
      )}
      {state.stakingError && <ErrorNote>Staking data is unavailable: {state.stakingError}</ErrorNote>}
      {state.identityError && <ErrorNote>Identities are unavailable: {state.identityError}</ErrorNote>}
      {state.targetsError && <ErrorNote>Cannot load the validators: {state.targetsError}</ErrorNote>}
      {state.targets === null && !state.targetsError && <p className="muted">Loading validators…</p>}
      {state.targets !== null && state.targets.length === 0 && <p>No validator is monitored on this chain yet.</p>}
      {state.targets !== null && state.targets.length > 0 && (
        <table className="validators" data-testid="validator-table" data-at={state.dataAt?.hash}>
          <caption>
            {shown.length} of {rows.length} monitored validators, SLIs over the {w}
            {!state.sli[w] || state.loading.has(w) ? " (loading…)" : ""}
          </caption>
          <thead>
            <tr>
              {COLUMNS.map((c) => (
                <th key={c.key} scope="col" aria-sort={c.key === list.sort ? (list.dir === "asc" ? "ascending" : "descending") : "none"}>
                  <button type="button" title={c.title} onClick={() => sortBy(c.key)}>
                    {c.label}
                    {c.key === list.sort ? (list.dir === "asc" ? " ▲" : " ▼") : ""}
                  </button>
                </th>
              ))}
              {staked && (
                <>
                  <th scope="col">Commission</th>
                  <th scope="col">Stake</th>
                  <th scope="col">Status</th>
                </>
              )}
              <th scope="col">Last 7 days</th>
              <th scope="col">SLA</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((r) => {
              const m = r.sli[w];
              const err = state.sliErrors[w]?.get(r.stash);
              return (
                <tr key={r.stash} data-stash={r.stash}>
                  <th scope="row">
                    <a href={`#/validator/${encodeURIComponent(r.stash)}`} title={r.stash}>{r.name ?? <Address value={r.stash} />}</a>
                    {state.identities?.get(r.stash)?.verified && <span className="tag" title="a registrar judged this identity good">✓ verified</span>}
                    {r.paused && <span className="tag">paused</span>}
                  </th>
                  <td data-col="uptime" data-label="uptime" data-channel={m?.channel} title={m ? `over ${m.channel === "p2p" ? "p2p" : "its HTTP URLs"}` : undefined}>
                    {err && !m ? <span className="error" title={err}>error</span> : <Uptime sli={m?.sli} />}
                  </td>
                  <td data-col="p50" data-label="p50"><Millis value={m?.sli.latency?.p50} /></td>
                  <td data-col="p95" data-label="p95"><Millis value={m?.sli.latency?.p95} /></td>
                  <td data-col="p99" data-label="p99"><Millis value={m?.sli.latency?.p99} /></td>
                  <td data-col="mean" data-label="mean"><Millis value={m?.sli.latency?.mean} /></td>
                  <td data-col="deviation" data-label="prober spread">
                    {m && m.sli.probes > 0 ? (
                      `${m.maxDeviationPct.toFixed(1)} pp · ${count(m.probersSeen, "prober")}`
                    ) : m && m.insufficientHours > 0 ? (
                      <span className="missing" title={`${count(m.insufficientHours, "hour")} with fewer probers than the chain requires: left out`}>too few probers</span>
                    ) : (
                      <Missing />
                    )}
                  </td>
                  <td data-col="discoverable" data-label="discoverable">
                    {m && !m.discoverability ? (
                      <span className="muted" title="not a validator of the relay chain's set: it publishes no record the chain checks">—</span>
                    ) : m?.discoverability?.pct != null ? (
                      <span title={`${count(m.discoverability.discoverableHours, "hour")} of ${m.discoverability.hours} vouched for by its signed record`}>{m.discoverability.pct.toFixed(1)} %</span>
                    ) : (
                      <Missing />
                    )}
                  </td>
                  <td data-col="http" data-label="HTTP uptime">
                    {m && !m.http ? (
                      <span className="muted" title={m.channel === "http" ? "probed at its URLs only: that is its uptime" : "no URL registered: probed over p2p only"}>—</span>
                    ) : (
                      <Uptime sli={m?.http?.sli} />
                    )}
                  </td>
                  {staked && <StakingCells value={state.staking?.get(r.stash)} token={state.stakingToken} />}
                  <td data-col="spark" data-label="last 7 days"><Sparkline values={state.spark.get(r.stash)} label={`daily uptime of ${r.stash}`} /></td>
                  <td data-col="sla" data-label="SLA">
                    {r.slaIds.length === 0 ? (
                      <span className="muted">—</span>
                    ) : (
                      r.slaIds.map((id) => {
                        const o = offersOf.get(id);
                        return (
                          <div key={id} className="offer">
                            #{id} {o?.objectives.map(objectiveText).join(", ")} per {o?.cadence}
                            {o?.market ? `, premium ${(o.market.premiumPpm / 10_000).toFixed(2)} %, bond ${tokens(o.market.bond, dec, sym)}` : ", market not open"}
                            {(state.recent.get(id) ?? []).length > 0 && (
                              <span className="verdicts">
                                {" · recent: "}
                                {state.recent.get(id)!.map((p) => (
                                  <span key={p.period} className={`v-${p.verdict}`} title={`period ${p.period}`}>
                                    {p.verdict}{" "}
                                  </span>
                                ))}
                              </span>
                            )}
                          </div>
                        );
                      })
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}

function StakingCells({ value, token }: { value: Staking | undefined; token: { symbol: string; decimals: number } | null }) {
  if (!value) {
    return (
      <>
        <td data-col="commission" data-label="commission"><Missing /></td>
        <td data-col="stake" data-label="stake"><Missing /></td>
        <td data-col="status" data-label="status"><span className="muted">not a validator there</span></td>
      </>
    );
  }
  return (
    <>
      <td data-col="commission" data-label="commission">{value.commissionPct.toFixed(1)} %{value.blocked ? " (blocked)" : ""}</td>
      <td data-col="stake" data-label="stake">{value.total !== null && token ? tokens(value.total, token.decimals, token.symbol) : <Missing />}</td>
      <td data-col="status" data-label="status">{value.status}{value.nominators !== null ? `, ${count(value.nominators, "nominator")}` : ""}</td>
    </>
  );
}

export function SloInput({ value, onChange }: { value: { uptimePct: number; p95Ms: number | null } | null; onChange: (v: { uptimePct: number; p95Ms: number | null } | null) => void }) {
  return (
    <span className="slo">
      <label>
        meets uptime ≥{" "}
        <input
          type="number"
          min="0"
          max="100"
          step="0.1"
          value={value?.uptimePct ?? ""}
          placeholder="%"
          aria-label="uptime objective, percent"
          onChange={(e) => {
            const v = e.target.value === "" ? null : Number(e.target.value);
            onChange(v === null || !Number.isFinite(v) ? null : { uptimePct: Math.min(100, Math.max(0, v)), p95Ms: value?.p95Ms ?? null });
          }}
        />{" "}
        %
      </label>{" "}
      <label>
        and p95 ≤{" "}
        <input
          type="number"
          min="0"
          step="1"
          value={value?.p95Ms ?? ""}
          placeholder="ms"
          aria-label="p95 latency objective, milliseconds"
          disabled={!value}
          onChange={(e) => value && onChange({ ...value, p95Ms: e.target.value === "" ? null : Math.max(0, Number(e.target.value)) })}
        />{" "}
        ms
      </label>
    </span>
  );
}
